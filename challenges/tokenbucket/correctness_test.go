package tokenbucket

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// judgeCall is one step of a hand-written scenario, with the result the test expects of it
// ("" for a clock move).
type judgeCall = kit.Written[judgeSubject, *judgeModel]

func judgeAllow(want bool) judgeCall { return judgeCall{Step: judgeAllowStep(), Want: judgeBool(want)} }

func judgeAllowN(n int, want bool) judgeCall {
	return judgeCall{Step: judgeAllowNStep(n), Want: judgeBool(want)}
}

func judgeAdvance(d time.Duration) judgeCall { return judgeCall{Step: judgeAdvanceStep(d)} }

func judgeBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// judgeScripted checks a hand-written scenario, its written answers first checked against the
// model (kit.CheckWritten).
func judgeScripted(t *testing.T, rate float64, burst int, calls ...judgeCall) {
	t.Helper()
	kit.CheckWritten(t, judgeNew(rate, burst), calls...)
}

// TestExample is the example in the statement.
func TestExample(t *testing.T) {
	judgeScripted(t, 2, 3,
		judgeAllow(true), judgeAllow(true), judgeAllow(true), // starts full
		judgeAllow(false),
		judgeAdvance(250*time.Millisecond), // half a token
		judgeAllow(false),
		judgeAdvance(250*time.Millisecond), // one whole token
		judgeAllow(true),
		judgeAllow(false),
		judgeAdvance(time.Hour), // full again, and no more
		judgeAllowN(4, false),
		judgeAllowN(3, true),
		judgeAllow(false),
	)
}

// TestEdgeCases pins one rule per subtest, so that a failure names the rule that was broken.
func TestEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rate  float64
		burst int
		calls []judgeCall
	}{
		{"starts_full", 1, 4, []judgeCall{
			judgeAllow(true), judgeAllow(true), judgeAllow(true), judgeAllow(true), judgeAllow(false),
		}},
		{"burst_one", 4, 1, []judgeCall{
			judgeAllow(true), judgeAllow(false),
			judgeAdvance(250 * time.Millisecond), judgeAllow(true), judgeAllow(false),
			judgeAdvance(time.Hour), judgeAllowN(2, false), judgeAllow(true), judgeAllow(false),
		}},
		{"refills_continuously", 2, 2, []judgeCall{
			judgeAllowN(2, true),
			judgeAdvance(125 * time.Millisecond), judgeAllow(false), // 0.25
			judgeAdvance(125 * time.Millisecond), judgeAllow(false), // 0.5
			judgeAdvance(250 * time.Millisecond), judgeAllow(true), // 1, then 0
			judgeAdvance(750 * time.Millisecond), judgeAllow(true), judgeAllow(false), // 1.5, then 0.5
			judgeAdvance(250 * time.Millisecond), judgeAllow(true), // 1, then 0
		}},
		{"fractions_add_up_across_calls", 1, 1, []judgeCall{
			// A limiter that counts whole tokens only, and forgets the rest at every call,
			// never refills here.
			judgeAllow(true),
			judgeAdvance(500 * time.Millisecond), judgeAllow(false),
			judgeAdvance(250 * time.Millisecond), judgeAllow(false),
			judgeAdvance(250 * time.Millisecond), judgeAllow(true),
		}},
		{"never_above_burst", 8, 2, []judgeCall{
			judgeAdvance(time.Hour),
			judgeAllowN(3, false), judgeAllowN(2, true), judgeAllow(false),
			judgeAdvance(125 * time.Millisecond), judgeAllow(true), judgeAllow(false),
			judgeAdvance(24 * time.Hour), judgeAllow(true), judgeAllow(true), judgeAllow(false),
		}},
		{"allown_all_or_nothing", 1, 5, []judgeCall{
			judgeAllowN(3, true),
			judgeAllowN(3, false), // 2 left: takes none of them
			judgeAllowN(2, true),
			judgeAllow(false),
			judgeAdvance(1500 * time.Millisecond),
			judgeAllowN(2, false), // 1.5 left: takes none
			judgeAllow(true),
			judgeAllow(false),
		}},
		{"allown_more_than_burst", 1, 3, []judgeCall{
			judgeAllowN(4, false),
			judgeAdvance(time.Hour),
			judgeAllowN(4, false),
			judgeAllowN(3, true),
		}},
		{"allown_after_refill", 4, 4, []judgeCall{
			judgeAllowN(4, true),
			judgeAdvance(500 * time.Millisecond), // 2 tokens
			judgeAllowN(3, false), judgeAllowN(2, true), judgeAllow(false),
			judgeAdvance(time.Second), // 4 tokens
			judgeAllowN(4, true),
		}},
		{"clock_stands_still", 1, 2, []judgeCall{
			judgeAllow(true), judgeAllow(true), judgeAllow(false), judgeAllow(false), judgeAllowN(1, false),
		}},
		{"clock_goes_back", 1, 3, []judgeCall{
			judgeAllow(true), // 2 left
			judgeAdvance(-5 * time.Second),
			judgeAllow(true), // still 2 before it: going back takes nothing away
			judgeAllow(true),
			judgeAllow(false),
			judgeAdvance(4 * time.Second), // 1s behind the latest time seen
			judgeAllow(false),
			judgeAdvance(time.Second), // back at the latest time seen: still nothing
			judgeAllow(false),
			judgeAdvance(time.Second), // one second past it: one token
			judgeAllow(true),
			judgeAllow(false),
		}},
		{"clock_goes_back_before_first_call", 2, 2, []judgeCall{
			judgeAdvance(-time.Hour),
			judgeAllowN(2, true),
			judgeAdvance(time.Hour), // back at the time New was called
			judgeAllow(false),
			judgeAdvance(500 * time.Millisecond),
			judgeAllow(true),
			judgeAllow(false),
		}},
		{"zero_rate_never_refills", 0, 2, []judgeCall{
			judgeAllow(true), judgeAllow(true), judgeAllow(false),
			judgeAdvance(24 * time.Hour), judgeAllow(false),
		}},
		{"rate_below_one", 0.5, 1, []judgeCall{
			judgeAllow(true),
			judgeAdvance(time.Second), judgeAllow(false), // half a token
			judgeAdvance(time.Second), judgeAllow(true),
		}},
		{"high_rate", 1000, 100, []judgeCall{
			judgeAllowN(100, true),
			judgeAdvance(15625 * time.Microsecond), // 15.625 tokens
			judgeAllowN(16, false), judgeAllowN(15, true), judgeAllow(false),
			judgeAdvance(time.Second),
			judgeAllowN(100, true), judgeAllow(false),
		}},
		{"largest_burst", 1000, 1_000_000, []judgeCall{
			// A bucket of the largest burst allowed, emptied and refilled in large steps.
			judgeAllowN(1_000_000, true), judgeAllow(false),
			judgeAdvance(time.Second), judgeAllowN(1001, false), judgeAllowN(1000, true), judgeAllow(false),
			judgeAdvance(time.Hour), judgeAllowN(1_000_001, false), judgeAllowN(1_000_000, true), judgeAllow(false),
		}},
		{"allown_of_any_size", 1, 3, []judgeCall{
			// n may be any int: a count that overflows when turned into time (n times the
			// time one token takes) must still be refused, and take nothing.
			judgeAllowN(1<<40, false), judgeAllowN(math.MaxInt, false),
			judgeAdvance(time.Hour), judgeAllowN(math.MaxInt, false),
			judgeAllowN(3, true), judgeAllow(false),
		}},
		{"tiny_rate", 1.0 / 1024, 2, []judgeCall{
			// One token every 17 minutes and 4 seconds.
			judgeAllowN(2, true),
			judgeAdvance(512 * time.Second), judgeAllow(false), // half a token
			judgeAdvance(512 * time.Second), judgeAllow(true), judgeAllow(false),
			judgeAdvance(24 * time.Hour), judgeAllowN(2, true),
		}},
		{"huge_rate", 1e9 / 1024, 1_000_000, []judgeCall{
			// Almost a million tokens a second, one every 1024ns: a millisecond refills
			// 976.5625 of them.
			judgeAllowN(1_000_000, true),
			judgeAdvance(time.Millisecond), judgeAllowN(977, false), judgeAllowN(976, true), judgeAllow(false),
			judgeAdvance(time.Second), judgeAllowN(976_564, false), judgeAllowN(976_563, true), judgeAllow(false), // 0.0625 left
			judgeAdvance(time.Hour), judgeAllowN(1_000_000, true), judgeAllow(false),
		}},
		{"idle_for_a_year", 1000, 5, []judgeCall{
			judgeAllowN(5, true),
			judgeAdvance(365 * 24 * time.Hour),
			judgeAllowN(5, true), judgeAllow(false),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { judgeScripted(t, tc.rate, tc.burst, tc.calls...) })
	}
}

// TestRandomScenarios compares the limiter with the model on random scenarios: bursts, refills
// by fractions of a token, requests of several tokens, long waits and a clock that sometimes
// goes back. The seeds are fixed, so a solution gets the same verdict, and the same shrunk
// scenario, on every run.
//
// Rates are binary fractions that divide a second into whole nanoseconds per token, and the
// clock moves by eighths of a second, so every token count is exact in float64 as well as in
// the model: whether a solution counts in float seconds, in nanoseconds per token or in whole
// tokens and a remainder, it never meets a rounding error here.
func TestRandomScenarios(t *testing.T) {
	kit.Explore(t, 600, judgeRandomScenario)
}

var judgeRates = []float64{0.5, 1, 1, 2, 2, 4, 5, 8, 10, 0}

func judgeRandomScenario(r *rand.Rand) judgeScenario {
	rate := judgeRates[r.IntN(len(judgeRates))]
	burst := 1 + r.IntN(5)
	if r.IntN(8) == 0 {
		burst = 10 + r.IntN(20)
	}
	sc := judgeNew(rate, burst)
	eighth := time.Second / 8
	for range 10 + r.IntN(40) {
		switch p := r.IntN(100); {
		case p < 40:
			sc.Steps = append(sc.Steps, judgeAllowStep())
		case p < 60:
			sc.Steps = append(sc.Steps, judgeAllowNStep(1+r.IntN(burst+1)))
		case p < 92:
			sc.Steps = append(sc.Steps, judgeAdvanceStep(time.Duration(1+r.IntN(12))*eighth))
		case p < 95:
			// Long enough to fill the bucket from empty, or more.
			sc.Steps = append(sc.Steps, judgeAdvanceStep(time.Duration(1+r.IntN(3))*time.Minute))
		default:
			sc.Steps = append(sc.Steps, judgeAdvanceStep(-time.Duration(1+r.IntN(24))*eighth))
		}
	}
	return sc
}
