package ttlcache

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// judgeCall is one step of a hand-written scenario, with the result the test expects of it
// ("" for a call with no result).
type judgeCall struct {
	step judgeStep
	want string
}

func judgeSet(key, value string, ttl time.Duration) judgeCall {
	return judgeCall{step: judgeSetStep(key, value, ttl)}
}

// judgeHit is a Get that must find value; judgeMiss one that must find nothing.
func judgeHit(key, value string) judgeCall {
	return judgeCall{judgeGetStep(key), judgeGetResult(value, true)}
}

func judgeMiss(key string) judgeCall { return judgeCall{judgeGetStep(key), judgeGetResult("", false)} }

func judgeDelete(key string) judgeCall { return judgeCall{step: judgeDeleteStep(key)} }

func judgeLen(n int) judgeCall { return judgeCall{judgeLenStep(), fmt.Sprint(n)} }

func judgeAdvance(d time.Duration) judgeCall { return judgeCall{step: judgeAdvanceStep(d)} }

// judgeScripted checks a hand-written scenario. Its written answers must agree with the model
// before the solution is judged: they are a check on the model, which explains the failures.
func judgeScripted(t *testing.T, calls ...judgeCall) {
	t.Helper()
	sc := judgeNew()
	m := sc.Model()
	for i, c := range calls {
		if got := c.step.Want(m); got != c.want {
			t.Fatalf("hidden test is wrong: the model says call %d, %s, returns %q; the test says %q", i+2, c.step.Code, got, c.want)
		}
		sc.Steps = append(sc.Steps, c.step)
	}
	judgeCheck(t, sc)
}

// TestExample is the example in the statement.
func TestExample(t *testing.T) {
	judgeScripted(t,
		judgeSet("session", "alice", 10*time.Second),
		judgeSet("token", "xyz", 5*time.Second),
		judgeHit("session", "alice"),
		judgeLen(2),
		judgeAdvance(5*time.Second),
		judgeMiss("token"),
		judgeLen(1),
		judgeSet("session", "bob", 10*time.Second),
		judgeAdvance(9*time.Second),
		judgeHit("session", "bob"),
		judgeDelete("session"),
		judgeMiss("session"),
		judgeLen(0),
	)
}

// TestEdgeCases pins one rule per subtest, so that a failure names the rule that was broken.
func TestEdgeCases(t *testing.T) {
	const ns = time.Nanosecond
	for _, tc := range []struct {
		name  string
		calls []judgeCall
	}{
		{"expires_exactly_at_ttl", []judgeCall{
			judgeSet("a", "1", 5*time.Second),
			judgeAdvance(5*time.Second - ns), judgeHit("a", "1"), judgeLen(1),
			judgeAdvance(ns), judgeMiss("a"), judgeLen(0),
		}},
		{"len_at_the_boundary", []judgeCall{
			// Len without a Get first: Len must see the expiry itself.
			judgeSet("a", "1", 2*time.Second),
			judgeAdvance(2*time.Second - ns), judgeLen(1),
			judgeAdvance(ns), judgeLen(0),
		}},
		{"one_nanosecond_ttl", []judgeCall{
			judgeSet("a", "1", ns), judgeHit("a", "1"), judgeLen(1),
			judgeAdvance(ns), judgeMiss("a"), judgeLen(0),
		}},
		{"get_does_not_extend", []judgeCall{
			judgeSet("a", "1", 3*time.Second),
			judgeAdvance(2 * time.Second), judgeHit("a", "1"),
			judgeAdvance(time.Second), judgeMiss("a"),
		}},
		{"set_replaces_value_and_extends", []judgeCall{
			judgeSet("a", "1", 5*time.Second),
			judgeAdvance(3 * time.Second),
			judgeSet("a", "2", 5*time.Second), // now until +8s
			judgeAdvance(3 * time.Second),     // +6s: past the first expiry
			judgeHit("a", "2"), judgeLen(1),
			judgeAdvance(2 * time.Second), judgeMiss("a"), judgeLen(0),
		}},
		{"set_shortens_ttl", []judgeCall{
			judgeSet("a", "1", time.Hour),
			judgeSet("b", "1", 2*time.Second),
			judgeSet("a", "2", time.Second), // the new, earlier expiry wins
			judgeLen(2),
			judgeAdvance(time.Second), judgeMiss("a"), judgeLen(1), judgeHit("b", "1"),
		}},
		{"set_after_expiry", []judgeCall{
			judgeSet("a", "1", time.Second),
			judgeAdvance(time.Second), judgeMiss("a"),
			judgeSet("a", "2", time.Second), judgeHit("a", "2"), judgeLen(1),
			judgeAdvance(time.Second - ns), judgeHit("a", "2"),
			judgeAdvance(ns), judgeMiss("a"),
		}},
		{"set_after_expiry_without_get", []judgeCall{
			judgeSet("a", "1", time.Second), judgeSet("b", "1", 3*time.Second),
			judgeAdvance(2 * time.Second),
			judgeSet("a", "2", 2*time.Second), // "a" expired at +1s: a fresh entry until +4s
			judgeAdvance(1500 * time.Millisecond),
			judgeHit("a", "2"), judgeMiss("b"), judgeLen(1),
		}},
		{"delete", []judgeCall{
			judgeSet("a", "1", time.Minute), judgeSet("b", "2", time.Minute),
			judgeDelete("a"), judgeMiss("a"), judgeHit("b", "2"), judgeLen(1),
			judgeDelete("a"),       // already gone: nothing happens
			judgeDelete("missing"), // never there: nothing happens
			judgeLen(1),
			judgeSet("a", "3", time.Minute), judgeHit("a", "3"), judgeLen(2),
		}},
		{"delete_expired_then_set", []judgeCall{
			judgeSet("a", "1", time.Second), judgeSet("b", "2", time.Hour),
			judgeAdvance(time.Second),
			judgeDelete("a"), judgeLen(1),
			judgeSet("a", "3", time.Second), judgeLen(2), judgeHit("a", "3"),
			judgeAdvance(time.Second), judgeLen(1), judgeHit("b", "2"),
		}},
		{"len_counts_only_unexpired", []judgeCall{
			judgeSet("a", "1", time.Second), judgeSet("b", "2", 2*time.Second), judgeSet("c", "3", 3*time.Second),
			judgeLen(3),
			judgeAdvance(time.Second), judgeLen(2),
			judgeAdvance(time.Second), judgeLen(1),
			judgeAdvance(time.Second), judgeLen(0),
			judgeMiss("a"), judgeMiss("b"), judgeMiss("c"),
		}},
		{"expiries_out_of_order", []judgeCall{
			judgeSet("late", "1", 3*time.Second), judgeSet("early", "2", time.Second), judgeSet("middle", "3", 2*time.Second),
			judgeAdvance(time.Second), judgeMiss("early"), judgeHit("middle", "3"), judgeHit("late", "1"), judgeLen(2),
			judgeAdvance(time.Second), judgeMiss("middle"), judgeHit("late", "1"), judgeLen(1),
		}},
		{"same_expiry", []judgeCall{
			judgeSet("a", "1", time.Second), judgeSet("b", "2", time.Second), judgeSet("c", "3", time.Second),
			judgeAdvance(time.Second - ns), judgeLen(3),
			judgeAdvance(ns), judgeLen(0), judgeMiss("b"),
		}},
		{"empty_key_and_value", []judgeCall{
			judgeMiss(""),
			judgeSet("", "", time.Second), judgeHit("", ""), judgeLen(1),
			judgeSet("a", "", time.Second), judgeHit("a", ""), judgeLen(2),
			judgeDelete(""), judgeMiss(""), judgeLen(1),
		}},
		{"long_ttl", []judgeCall{
			judgeSet("a", "1", 100*365*24*time.Hour),
			judgeAdvance(50 * 365 * 24 * time.Hour), judgeHit("a", "1"), judgeLen(1),
		}},
		{"empty_cache", []judgeCall{
			judgeLen(0), judgeMiss("a"), judgeDelete("a"), judgeLen(0),
			judgeAdvance(time.Hour), judgeLen(0),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { judgeScripted(t, tc.calls...) })
	}
}

// TestManyExpireTogether sets a hundred keys that expire at the same instant, in two groups,
// and checks Len and Get as they go.
func TestManyExpireTogether(t *testing.T) {
	var calls []judgeCall
	for i := range 100 {
		ttl := time.Second
		if i%2 == 1 {
			ttl = 2 * time.Second
		}
		calls = append(calls, judgeSet(fmt.Sprintf("k%d", i), fmt.Sprint(i), ttl))
	}
	calls = append(calls, judgeLen(100), judgeAdvance(time.Second), judgeLen(50), judgeMiss("k0"), judgeHit("k1", "1"),
		judgeAdvance(time.Second), judgeLen(0), judgeMiss("k99"))
	judgeScripted(t, calls...)
}

// TestRandomScenarios compares the cache with the model on random scenarios of Sets, Gets,
// Deletes, Lens and clock moves, over a few keys so that keys are overwritten, expire and come
// back often. The clock moves by whole seconds and by one nanosecond less or more, so that calls
// land exactly on expiries and next to them. The seeds are fixed, so a solution gets the same
// verdict, and the same shrunk scenario, on every run.
func TestRandomScenarios(t *testing.T) {
	judgeExplore(t, 500, judgeRandomScenario)
}

var (
	judgeTTLs     = []time.Duration{time.Second, time.Second, 2 * time.Second, 3 * time.Second, 5 * time.Second, time.Nanosecond, time.Hour}
	judgeAdvances = []time.Duration{time.Second, time.Second, 2 * time.Second, time.Second - time.Nanosecond, time.Nanosecond, 500 * time.Millisecond}
)

func judgeRandomScenario(r *rand.Rand) judgeScenario {
	keys := []string{"a", "b", "c", "d", "e", "f"}[:2+r.IntN(5)]
	key := func() string { return keys[r.IntN(len(keys))] }
	sc := judgeNew()
	values := 0
	for range 10 + r.IntN(50) {
		switch p := r.IntN(100); {
		case p < 35:
			values++
			sc.Steps = append(sc.Steps, judgeSetStep(key(), fmt.Sprint(values), judgeTTLs[r.IntN(len(judgeTTLs))]))
		case p < 65:
			sc.Steps = append(sc.Steps, judgeGetStep(key()))
		case p < 72:
			sc.Steps = append(sc.Steps, judgeDeleteStep(key()))
		case p < 82:
			sc.Steps = append(sc.Steps, judgeLenStep())
		default:
			sc.Steps = append(sc.Steps, judgeAdvanceStep(judgeAdvances[r.IntN(len(judgeAdvances))]))
		}
	}
	return sc
}
