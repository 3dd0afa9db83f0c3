package tokenbucket

import (
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// Every top-level name in the hidden tests starts with "judge": they share a package with the
// learner's code, whose own names must never clash with them.

// judgeModel is what the hidden tests compare a limiter with: the statement's rules in exact
// rational arithmetic, so that the model itself never rounds. The scenarios use rates and
// times for which every token count is a binary fraction with few digits: a limiter that
// counts in float64 then computes every count exactly too, so that no answer depends on
// rounding, however the solution orders its arithmetic.
type judgeModel struct {
	rate   *big.Rat
	burst  int
	tokens *big.Rat      // at last
	last   time.Duration // the latest time the limiter has seen, since kit.FakeClockStart
	now    time.Duration // the clock, since kit.FakeClockStart
	moved  bool          // whether the clock has ever moved
	calls  int           // calls so far, counting New as call 1 as the transcript does
	// changed is the call after which tokens was last set (New, or an Allow), and changedAt
	// the clock's time then.
	changed   int
	changedAt time.Duration
	// anonymous makes explanations name "the previous call" rather than a call number, for
	// the race suite, whose calls have no numbers.
	anonymous bool
}

func judgeNewModel(rate float64, burst int) *judgeModel {
	return &judgeModel{
		rate:    new(big.Rat).SetFloat64(rate),
		burst:   burst,
		tokens:  big.NewRat(int64(burst), 1),
		calls:   1,
		changed: 1,
	}
}

// available returns the tokens the bucket holds at the clock's time, and what was refilled
// since last (before the cap).
func (m *judgeModel) available() (tokens, refilled *big.Rat) {
	refilled = new(big.Rat)
	if m.now > m.last {
		refilled.Mul(m.rate, big.NewRat(int64(m.now-m.last), int64(time.Second)))
	}
	tokens = new(big.Rat).Add(m.tokens, refilled)
	if b := big.NewRat(int64(m.burst), 1); tokens.Cmp(b) > 0 {
		tokens = b
	}
	return tokens, refilled
}

// allowN applies AllowN(n) to the model and returns what it must return.
func (m *judgeModel) allowN(n int) bool {
	m.calls++
	m.tokens, _ = m.available()
	if m.now > m.last {
		m.last = m.now
	}
	m.changed, m.changedAt = m.calls, m.now
	if m.tokens.Cmp(big.NewRat(int64(n), 1)) < 0 {
		return false
	}
	m.tokens.Sub(m.tokens, big.NewRat(int64(n), 1))
	return true
}

func (m *judgeModel) advance(d time.Duration) {
	m.calls++
	m.now += d
	m.moved = m.moved || d != 0
}

// explain says, from the model before an AllowN(n) call, how many tokens the bucket holds and
// why: the sentence that follows a wrong result.
func (m *judgeModel) explain(n int) string {
	if n > m.burst {
		return fmt.Sprintf("%d tokens is more than the burst of %d: the bucket never holds more than its burst, however long it waits", n, m.burst)
	}
	tokens, refilled := m.available()
	s := fmt.Sprintf("the bucket holds %s here, enough for %d", judgeTokens(tokens), n)
	if tokens.Cmp(big.NewRat(int64(n), 1)) < 0 {
		s = fmt.Sprintf("the bucket holds %s here, fewer than %d, so it must take none", judgeTokens(tokens), n)
	}
	when := fmt.Sprintf("after call %d", m.changed)
	switch {
	case m.changed == 1:
		when = "at the start"
	case m.anonymous:
		when = "after the previous call"
	}
	switch {
	case m.now < m.last:
		return fmt.Sprintf("%s: the clock is %s behind the latest time the limiter has seen, which counts as no time passing, so it holds what it held %s",
			s, kit.Duration(m.last-m.now), when)
	case m.now == m.last && !m.moved:
		return fmt.Sprintf("%s: the clock has not moved, so it holds what it held %s", s, when)
	case m.now == m.last && m.changedAt == m.now && m.changed > 1:
		since := fmt.Sprintf("call %d", m.changed)
		if m.anonymous {
			since = "the previous call"
		}
		return fmt.Sprintf("%s: no time has passed since %s, so it holds what it held then", s, since)
	case m.now == m.last:
		return fmt.Sprintf("%s: the clock has not moved past the latest time the limiter has seen, so it holds what it held %s", s, when)
	}
	refill := fmt.Sprintf("the %s since refilled %s at %s per second", kit.Duration(m.now-m.last), judgeTokens(refilled), judgeTokens(m.rate))
	if m.changedAt != m.last {
		refill = fmt.Sprintf("the clock is now %s past the latest time the limiter had seen, which refilled %s at %s per second",
			kit.Duration(m.now-m.last), judgeTokens(refilled), judgeTokens(m.rate))
	}
	s = fmt.Sprintf("%s: it held %s %s, and %s", s, judgeTokens(m.tokens), when, refill)
	if new(big.Rat).Add(m.tokens, refilled).Cmp(tokens) != 0 {
		s += fmt.Sprintf(", up to the burst of %d", m.burst)
	}
	return s
}

// judgeTokens writes a number of tokens as a person would: "3 tokens", "0.5 tokens", "1 token".
func judgeTokens(r *big.Rat) string {
	s := r.FloatString(12)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if r.IsInt() && s == "1" {
		return "1 token"
	}
	return s + " tokens"
}

// judgeRate writes a rate as Go source: "2", "0.5".
func judgeRate(rate float64) string { return fmt.Sprint(rate) }

// judgeDuration writes d as Go source, as a person would: "time.Second", "-2 * time.Hour",
// "250 * time.Millisecond".
func judgeDuration(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{time.Hour, "time.Hour"}, {time.Second, "time.Second"}, {time.Millisecond, "time.Millisecond"}, {time.Microsecond, "time.Microsecond"}} {
		if d%u.d == 0 {
			if d == u.d {
				return sign + u.name
			}
			return fmt.Sprintf("%s%d * %s", sign, d/u.d, u.name)
		}
	}
	return fmt.Sprintf("%s%d * time.Nanosecond", sign, int64(d))
}

// judgeSubject is what a scenario works on: the learner's limiter and the clock it reads.
type judgeSubject struct {
	l     *Limiter
	clock *kit.FakeClock
}

type judgeStep = kit.Step[judgeSubject, *judgeModel]

type judgeScenario = kit.Scenario[judgeSubject, *judgeModel]

// judgeNew returns a scenario's start: New(rate, burst, clock) on a fresh fake clock.
func judgeNew(rate float64, burst int) judgeScenario {
	return judgeScenario{
		Setup: fmt.Sprintf("clock := newFakeClock(); l := New(%s, %d, clock)", judgeRate(rate), burst),
		New: func() judgeSubject {
			c := new(kit.FakeClock)
			return judgeSubject{l: New(rate, burst, c), clock: c}
		},
		Model: func() *judgeModel { return judgeNewModel(rate, burst) },
	}
}

func judgeAllowStep() judgeStep {
	return judgeStep{
		Code: "l.Allow()",
		Do:   func(s judgeSubject) string { return fmt.Sprint(s.l.Allow()) },
		Want: func(m *judgeModel) string { return fmt.Sprint(m.allowN(1)) },
		Note: func(m *judgeModel, _ string) string { return m.explain(1) },
	}
}

func judgeAllowNStep(n int) judgeStep {
	return judgeStep{
		Code: fmt.Sprintf("l.AllowN(%d)", n),
		Do:   func(s judgeSubject) string { return fmt.Sprint(s.l.AllowN(n)) },
		Want: func(m *judgeModel) string { return fmt.Sprint(m.allowN(n)) },
		Note: func(m *judgeModel, _ string) string { return m.explain(n) },
	}
}

func judgeAdvanceStep(d time.Duration) judgeStep {
	return judgeStep{
		Code: fmt.Sprintf("clock.Advance(%s)", judgeDuration(d)),
		Do:   func(s judgeSubject) string { s.clock.Advance(d); return "" },
		Want: func(m *judgeModel) string { m.advance(d); return "" },
	}
}

// judgeGate holds the race and performance suites back until judgeWorks passes.
var judgeGate = kit.Gate{Solution: "a limiter", Works: judgeWorks}

// judgeWorks checks, with one goroutine and a handful of calls, what the race and performance
// suites take for granted: that the limiter starts full, empties, and refills. Without it a
// stub that does nothing would earn their points, being race-free and fast. It is no stricter
// than that, so that a mistake in the finer rules costs points in the correctness suite alone.
func judgeWorks(t *testing.T, context string) bool {
	t.Helper()
	sc := judgeNew(1, 2)
	sc.Steps = []judgeStep{judgeAllowStep(), judgeAllowStep(), judgeAllowStep(), judgeAdvanceStep(time.Second), judgeAllowStep()}
	o := sc.Run()
	if !o.Failed() {
		return true
	}
	what := o.Got[len(o.Got)-1] // "l.Allow() panicked: ...", "l.Allow() never returned"
	if o.Kind == kit.WrongAnswer {
		_, got, _ := strings.Cut(what, " = ")
		_, want, _ := strings.Cut(o.Want[len(o.Want)-1], " = ")
		what = fmt.Sprintf("%s returned %s, want %s", sc.Steps[o.At].Code, got, want)
		if o.At > 0 && strings.HasPrefix(sc.Steps[o.At-1].Code, "clock.Advance") {
			what += " after the clock moved: does it read the time from the Clock passed to New? The tests' clock moves only when they move it"
		}
	}
	kit.Fail(t, kit.Record{
		Kind:    o.Kind,
		Summary: fmt.Sprintf("%scall %d: %s. The correctness suite says more", context, o.At+2, what),
		Want:    o.Want, Got: o.Got,
	})
	return false
}
