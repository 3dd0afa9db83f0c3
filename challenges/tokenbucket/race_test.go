package tokenbucket

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// TestConcurrentAllow has many goroutines take tokens from one limiter at once while the clock
// stands still, so that no token is ever refilled: between them they must get exactly the burst,
// no token twice and none lost. The suite runs under the race detector, which reports any
// unsynchronised access; the count adds what it cannot see, such as tokens checked under one
// lock and taken under another, or atomics that read and then write.
func TestConcurrentAllow(t *testing.T) {
	// The race detector reports a pair of racing stacks once per process, so each test starts
	// its goroutines from a function of its own, whose frame makes its stacks new.
	spawn := func(f func()) { go func() { f() }() }
	if !judgeRace(t, judgeRaceConfig{rate: 1, burst: 400, callsEach: 100, seed: 7}, spawn) {
		return
	}
	if p := judgeLastTokens(spawn); p != nil {
		kit.Fail(t, *p)
	}
}

// TestConcurrentRefill does the same while another goroutine moves the clock: the goroutines
// can then take at most the burst plus what the time that passed refilled, and the limiter must
// still fill up to its burst, and no further, after a long wait.
func TestConcurrentRefill(t *testing.T) {
	spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentAllow
	judgeRace(t, judgeRaceConfig{rate: 8, burst: 16, callsEach: 200, moves: 200, seed: 2}, spawn)
}

// judgeLastTokens makes many limiters of one token and has all the goroutines ask for it at the
// same moment, with the clock frozen: where two goroutines can both see the last token before
// either takes it, this is where they do. Each limiter must grant its token exactly once. A
// check and a take in two critical sections leave a window of a few instructions, which one
// race for a token in a thousand or so hits; the test makes tens of thousands.
func judgeLastTokens(spawn func(func())) *kit.Record {
	const (
		rounds   = 2500
		limiters = 8 // per round: the goroutines race for each one's token in turn
		rivals   = 8
	)
	how := fmt.Sprintf("New(1, 1, clock), %d goroutines calling l.Allow() twice each at the same moment, on each of %d limiters",
		rivals, rounds*limiters)
	for range rounds {
		var ls [limiters]*Limiter
		for i := range ls {
			s, p := judgeNewSubject(judgeRaceConfig{rate: 1, burst: 1})
			if p != nil {
				return p
			}
			ls[i] = s.l
		}
		var granted [limiters]atomic.Int64
		run := &kit.Run{How: how, Spawn: spawn, Solution: New}
		run.AtOnce(rivals, 2*limiters, func(w *kit.Worker, _, i int) {
			var ok bool
			if w.Call("l.Allow()", func() { ok = ls[i/2].Allow() }) && ok {
				granted[i/2].Add(1)
			}
		})
		if p := run.Wait(); p != nil {
			return p
		}
		for i := range granted {
			if g := granted[i].Load(); g != 1 {
				return &kit.Record{Kind: kit.WrongAnswer,
					Summary: fmt.Sprintf("%s: on one of them l.Allow() returned true %d times, want exactly once, since the clock never moved. %s",
						how, g, judgeWhy(g > 1))}
			}
		}
	}
	return nil
}

// judgeWhy explains too many or too few tokens granted between concurrent calls.
func judgeWhy(tooMany bool) string {
	if tooMany {
		return "Two calls took the same token: checking that enough are there and taking them must happen under one lock"
	}
	return "Tokens were lost: two calls took tokens at once and one's update overwrote the other's"
}

const (
	judgeWorkers = 8
	// judgeMove is how far the clock moves at a time: an eighth of a second, so that every
	// token count stays exact.
	judgeMove = time.Second / 8
)

// judgeRaceConfig is one concurrent workload: judgeWorkers goroutines each make callsEach calls
// of AllowN, asking for 1 to 3 tokens, while (when moves > 0) another goroutine moves the clock
// forward judgeMove at a time, moves times.
type judgeRaceConfig struct {
	rate      float64
	burst     int
	callsEach int
	moves     int
	seed      uint64
}

// asks returns how many tokens each goroutine's calls ask for, the same on every run.
func (c judgeRaceConfig) asks() [judgeWorkers][]int {
	var out [judgeWorkers][]int
	for g := range judgeWorkers {
		r := rand.New(rand.NewPCG(c.seed, uint64(g)))
		for range c.callsEach {
			n := 1
			if r.IntN(3) == 0 {
				n = 2 + r.IntN(2)
			}
			out[g] = append(out[g], n)
		}
	}
	return out
}

// supply is the most tokens the goroutines can get between them: the burst, plus what the
// clock's moves refill.
func (c judgeRaceConfig) supply() int {
	return c.burst + int(c.rate*(time.Duration(c.moves)*judgeMove).Seconds())
}

// judgeAsk is the call that asks for n tokens: l.Allow() for one, l.AllowN(n) for more.
func judgeAsk(n int) judgeStep {
	if n == 1 {
		return judgeAllowStep()
	}
	return judgeAllowNStep(n)
}

// judgeNewSubject calls New under kit.Catch, with a clock of its own.
func judgeNewSubject(c judgeRaceConfig) (judgeSubject, *kit.Record) {
	s := judgeSubject{clock: new(kit.FakeClock)}
	if msg := kit.Catch(func() { s.l = New(c.rate, c.burst, s.clock) }); msg != "" {
		return s, &kit.Record{Kind: kit.RuntimeError,
			Summary: fmt.Sprintf("New(%s, %d, clock) panicked: %s", judgeRate(c.rate), c.burst, kit.PanicMessage(msg)+kit.PanicSite(msg, New))}
	}
	return s, nil
}

// judgeRace runs the workload twice on fresh limiters: first one call at a time, the
// goroutines' calls in turn with the clock's moves between them, checking every result against
// the model, so that a mistake that needs no concurrency to show (a panic, a wrong result) is
// reported the same way on every run; then all at once, checking the totals. It tests only a
// limiter that works with one goroutine, and reports whether the test passed.
func judgeRace(t *testing.T, c judgeRaceConfig, spawn func(func())) bool {
	t.Helper()
	judgeGate.Require(t, "concurrent use is tested only on a limiter that works with one goroutine, and this one does not: ")
	p := judgeRehearse(c, spawn)
	if p == nil {
		p = judgeAtOnce(c, spawn)
	}
	if p != nil {
		kit.Fail(t, *p)
	}
	return p == nil
}

func judgeRehearse(c judgeRaceConfig, spawn func(func())) *kit.Record {
	how := fmt.Sprintf("New(%s, %d, clock), one call at a time (the %d goroutines' calls in turn, before making them at once)",
		judgeRate(c.rate), c.burst, judgeWorkers)
	s, p := judgeNewSubject(c)
	if p != nil {
		return p
	}
	m := judgeNewModel(c.rate, c.burst)
	m.anonymous = true
	asks := c.asks()
	run := &kit.Run{How: how, Spawn: spawn, Solution: New}
	run.InTurn(judgeWorkers, c.callsEach, func(w *kit.Worker, g, i int) {
		if g == 0 && i < c.moves {
			s.clock.Advance(judgeMove)
			m.advance(judgeMove)
		}
		kit.CheckStep(w, s, m, judgeAsk(asks[g][i]))
	})
	if p := run.Wait(); p != nil {
		return p
	}
	// Every result was right; the tokens left must be right too.
	tokens, _ := m.available()
	want := int(new(big.Int).Quo(tokens.Num(), tokens.Denom()).Int64())
	how += ", then l.Allow() until it returned false"
	left, p := judgeDrain(how, s, c.burst)
	if p != nil {
		return p
	}
	if left != want {
		return &kit.Record{Kind: kit.WrongAnswer,
			Summary: fmt.Sprintf("%s: it returned true %d times, want %d: every call returned what it should, so the bucket should hold %s. "+
				"A call took more tokens than it reported: AllowN(n) must take exactly n tokens when it returns true, and none when it returns false",
				how, left, want, judgeTokens(tokens))}
	}
	return judgeRefilled(how, s, c.burst)
}

func judgeAtOnce(c judgeRaceConfig, spawn func(func())) *kit.Record {
	how := fmt.Sprintf("New(%s, %d, clock), %d goroutines at once", judgeRate(c.rate), c.burst, judgeWorkers)
	if c.moves > 0 {
		how += fmt.Sprintf(" while another moves the clock %s, %d times", judgeMove, c.moves)
	}
	s, p := judgeNewSubject(c)
	if p != nil {
		return p
	}
	asks := c.asks()
	var taken atomic.Int64
	run := &kit.Run{How: how, Spawn: spawn, Solution: New}
	if c.moves > 0 {
		run.Go("the clock", func(*kit.Worker) {
			for range c.moves {
				s.clock.Advance(judgeMove)
				runtime.Gosched()
			}
		})
	}
	run.AtOnce(judgeWorkers, c.callsEach, func(w *kit.Worker, g, i int) {
		if got, _ := kit.CallStep(w, s, judgeAsk(asks[g][i])); got == "true" {
			taken.Add(int64(asks[g][i]))
		}
	})
	if p := run.Wait(); p != nil {
		return p
	}
	return judgeAfterwards(c, s, how, int(taken.Load()))
}

// judgeAfterwards checks, one call at a time and with the clock standing still, what the
// concurrent calls left: the tokens they took and the tokens still there add up to no more
// than the supply (exactly the burst when the clock never moved), and after a long wait the
// bucket is full, at its burst.
func judgeAfterwards(c judgeRaceConfig, s judgeSubject, how string, taken int) *kit.Record {
	supply := c.supply()
	if taken > supply {
		return judgeOverdrawn(c, how, taken, 0)
	}
	left, p := judgeDrain(how+", then l.Allow() until it returned false", s, c.burst)
	switch {
	case p != nil:
		return p
	case taken+left > supply:
		return judgeOverdrawn(c, how, taken, left)
	case c.moves == 0 && taken+left < supply:
		return &kit.Record{Kind: kit.WrongAnswer,
			Summary: fmt.Sprintf("%s, the goroutines took %d tokens and %d were left afterwards: %d in all, want exactly %d, the burst, since the clock never moved. %s",
				how, taken, left, taken+left, c.burst, judgeWhy(false))}
	}
	return judgeRefilled(how+", then l.Allow() until it returned false", s, c.burst)
}

// judgeDrain calls l.Allow() until it returns false, one call at a time, and returns how many
// times it returned true, burst+1 at the most.
func judgeDrain(how string, s judgeSubject, burst int) (int, *kit.Record) {
	trues := 0
	run := &kit.Run{How: how, Solution: New}
	run.Go("", func(w *kit.Worker) {
		for trues <= burst {
			var ok bool
			if !w.Call("l.Allow()", func() { ok = s.l.Allow() }) || !ok {
				return
			}
			trues++
		}
	})
	if p := run.Wait(); p != nil {
		return 0, p
	}
	return trues, nil
}

// judgeRefilled moves the clock on an hour, after which the bucket must be full, at its burst:
// l.Allow() must return true exactly burst times. how says what came before.
func judgeRefilled(how string, s judgeSubject, burst int) *kit.Record {
	s.clock.Advance(time.Hour)
	how += ", then clock.Advance(time.Hour) and l.Allow() until it returned false"
	full, p := judgeDrain(how, s, burst)
	if p == nil && full != burst {
		p = &kit.Record{Kind: kit.WrongAnswer,
			Summary: fmt.Sprintf("%s: it returned true %d times, want %d: after an hour the bucket must be full, at its burst of %d",
				how, full, burst, burst)}
	}
	return p
}

func judgeOverdrawn(c judgeRaceConfig, how string, taken, left int) *kit.Record {
	from := fmt.Sprintf("a bucket of %d tokens whose clock never moved", c.burst)
	if c.moves > 0 {
		from = fmt.Sprintf("a bucket of %d tokens that the clock's moves refilled by %d", c.burst, c.supply()-c.burst)
	}
	got := fmt.Sprintf("the goroutines took %d tokens", taken)
	if left > 0 {
		got += fmt.Sprintf(" and %d were left afterwards", left)
	}
	return &kit.Record{Kind: kit.WrongAnswer,
		Summary: fmt.Sprintf("%s, %s, %d in all, from %s: at most %d. "+
			"Two calls took the same tokens: checking that enough are there and taking them must happen under one lock",
			how, got, taken+left, from, c.supply())}
}
