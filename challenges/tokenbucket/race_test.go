package tokenbucket

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
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
	if !judgeWorks(t, "concurrent use is tested only on a limiter that works with one goroutine, and this one does not: ") {
		return
	}
	// The race detector reports a pair of racing stacks once per process, so each test starts
	// its goroutines from a function of its own, whose frame makes its stacks new.
	spawn := func(f func()) { go func() { f() }() }
	if p := judgeRace(judgeRaceConfig{rate: 1, burst: 400, callsEach: 100, seed: 7}, spawn); p != nil {
		kit.Fail(t, *p)
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
	if !judgeWorks(t, "concurrent use is tested only on a limiter that works with one goroutine, and this one does not: ") {
		return
	}
	spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentAllow
	if p := judgeRace(judgeRaceConfig{rate: 8, burst: 16, callsEach: 200, moves: 200, seed: 2}, spawn); p != nil {
		kit.Fail(t, *p)
	}
}

// judgeLastTokens makes many limiters of one token and has all the goroutines ask for it at the
// same moment, with the clock frozen: where two goroutines can both see the last token before
// either takes it, this is where they do. Each limiter must grant its token exactly once. A
// check and a take in two critical sections leave a window of a few instructions, which one
// race for a token in a thousand or so hits; the test makes tens of thousands.
func judgeLastTokens(spawn func(func())) *kit.Record {
	const (
		rounds      = 2500
		limiters    = 8 // per round: the goroutines race for each one's token in turn
		judgeRivals = 8
	)
	how := fmt.Sprintf("New(1, 1, clock), %d goroutines calling l.Allow() twice each at the same moment, on each of %d limiters",
		judgeRivals, rounds*limiters)
	for range rounds {
		clock := judgeNewClock()
		var ls [limiters]*Limiter
		for i := range ls {
			l, p := judgeNewLimiter(judgeRaceConfig{rate: 1, burst: 1}, clock)
			if p != nil {
				return p
			}
			ls[i] = l
		}
		var (
			granted  [limiters]atomic.Int64
			ready    atomic.Int64
			crew     kit.Crew
			panicked atomic.Pointer[string]
		)
		for range judgeRivals {
			crew.Go(spawn, func() {
				ready.Add(1)
				for ready.Load() < judgeRivals {
					runtime.Gosched() // start together, as near as the scheduler allows
				}
				for i, l := range ls {
					for range 2 {
						var got bool
						if msg := kit.Catch(func() { got = l.Allow() }); msg != "" {
							m := kit.PanicMessage(msg) + kit.PanicSite(msg, New)
							panicked.CompareAndSwap(nil, &m)
							return
						}
						if got {
							granted[i].Add(1)
						}
					}
				}
			})
		}
		if problem := judgeWatch(&crew, how, func() []string { return []string{"l.Allow()"} }); problem != nil {
			return problem
		}
		if m := panicked.Load(); m != nil {
			return &kit.Record{Kind: kit.RuntimeError, Summary: how + ": l.Allow() panicked: " + *m}
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

func judgeBoolInt(b bool) int {
	if b {
		return 1
	}
	return 0
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

func (c judgeRaceConfig) call(n int) string {
	if n == 1 {
		return "l.Allow()"
	}
	return fmt.Sprintf("l.AllowN(%d)", n)
}

// judgeRace runs the workload twice on fresh limiters: first one call at a time, the
// goroutines' calls in turn with the clock's moves between them, checking every result against
// the model, so that a mistake that needs no concurrency to show (a panic, a wrong result) is
// reported the same way on every run; then all at once, checking the totals.
func judgeRace(c judgeRaceConfig, spawn func(func())) *kit.Record {
	if p := judgeRehearse(c, spawn); p != nil {
		return p
	}
	return judgeAtOnce(c, spawn)
}

// judgeWatch waits for the crew's goroutines, at most kit.RaceWait(), so that a deadlock is
// reported as one rather than as the suite's time limit running out, and reports the calls
// still running after it, or the goroutines that ended without finishing their calls.
func judgeWatch(crew *kit.Crew, how string, running func() []string) *kit.Record {
	if wait := kit.RaceWait(); !crew.Wait(wait) {
		kit.MarkHung()
		stuck := running()
		if len(stuck) > 3 {
			stuck = append(stuck[:3], "...")
		}
		return &kit.Record{Kind: kit.TimeLimitExceeded,
			Summary: fmt.Sprintf("%s: calls were still running after %s (%s): the limiter is deadlocked, or a lock is never released",
				how, wait, strings.Join(stuck, ", "))}
	}
	if p := crew.Unfinished(); p != "" {
		return &kit.Record{Kind: kit.Rejected, Summary: how + ": " + p}
	}
	return nil
}

// judgeNewLimiter calls New under kit.Catch.
func judgeNewLimiter(c judgeRaceConfig, clock Clock) (*Limiter, *kit.Record) {
	var l *Limiter
	if msg := kit.Catch(func() { l = New(c.rate, c.burst, clock) }); msg != "" {
		return nil, &kit.Record{Kind: kit.RuntimeError,
			Summary: fmt.Sprintf("New(%s, %d, clock) panicked: %s", judgeRate(c.rate), c.burst, kit.PanicMessage(msg)+kit.PanicSite(msg, New))}
	}
	return l, nil
}

func judgeRehearse(c judgeRaceConfig, spawn func(func())) *kit.Record {
	how := fmt.Sprintf("New(%s, %d, clock), one call at a time (the %d goroutines' calls in turn, before making them at once)",
		judgeRate(c.rate), c.burst, judgeWorkers)
	clock := judgeNewClock()
	l, p := judgeNewLimiter(c, clock)
	if p != nil {
		return p
	}
	m := judgeNewModel(c.rate, c.burst)
	m.anonymous = true
	asks := c.asks()
	var (
		current atomic.Pointer[string]
		crew    kit.Crew
	)
	crew.Go(spawn, func() {
		for i := range c.callsEach {
			if i < c.moves {
				clock.Advance(judgeMove)
				m.advance(judgeMove)
			}
			for g := range judgeWorkers {
				n := asks[g][i]
				code := c.call(n)
				where := fmt.Sprintf("%s, goroutine %d's call %d: %s", how, g+1, i+1, code)
				current.Store(&where)
				note := m.explain(n)
				want := m.allowN(n)
				var got bool
				if msg := kit.Catch(func() { got = l.AllowN(n) }); msg != "" {
					p = &kit.Record{Kind: kit.RuntimeError, Summary: where + " panicked: " + kit.PanicMessage(msg) + kit.PanicSite(msg, New)}
					return
				}
				if got != want {
					p = &kit.Record{Kind: kit.WrongAnswer,
						Summary: fmt.Sprintf("%s returned %t, want %t (%s)", where, got, want, note),
						Want:    []string{fmt.Sprintf("%s = %t", code, want)},
						Got:     []string{fmt.Sprintf("%s = %t", code, got)}}
					return
				}
			}
		}
		// Every result was right; the tokens left must be right too.
		tokens, _ := m.available()
		want := int(new(big.Int).Quo(tokens.Num(), tokens.Denom()).Int64())
		for left := 0; left <= c.burst; left++ {
			where := fmt.Sprintf("%s, then l.Allow() until it returned false", how)
			current.Store(&where)
			var got bool
			if msg := kit.Catch(func() { got = l.Allow() }); msg != "" {
				p = &kit.Record{Kind: kit.RuntimeError, Summary: where + ": l.Allow() panicked: " + kit.PanicMessage(msg) + kit.PanicSite(msg, New)}
				return
			}
			if !got {
				if left != want {
					p = &kit.Record{Kind: kit.WrongAnswer,
						Summary: fmt.Sprintf("%s: it returned true %d times, want %d: every call returned what it should, so the bucket should hold %s. "+
							"A call took more tokens than it reported: AllowN(n) must take exactly n tokens when it returns true, and none when it returns false",
							where, left, want, judgeTokens(tokens))}
					return
				}
				break
			}
		}
		clock.Advance(time.Hour)
		for full := 0; full <= c.burst; full++ {
			where := fmt.Sprintf("%s, then l.Allow() until it returned false, then clock.Advance(time.Hour) and l.Allow() until it returned false", how)
			current.Store(&where)
			var got bool
			if msg := kit.Catch(func() { got = l.Allow() }); msg != "" {
				p = &kit.Record{Kind: kit.RuntimeError, Summary: where + ": l.Allow() panicked: " + kit.PanicMessage(msg) + kit.PanicSite(msg, New)}
				return
			}
			if !got || full == c.burst {
				if n := full + judgeBoolInt(got); n != c.burst {
					p = &kit.Record{Kind: kit.WrongAnswer,
						Summary: fmt.Sprintf("%s: it returned true %d times, want %d: after an hour the bucket must be full, at its burst of %d",
							where, n, c.burst, c.burst)}
				}
				return
			}
		}
	})
	if problem := judgeWatch(&crew, how, func() []string { return []string{*current.Load()} }); problem != nil {
		return problem
	}
	return p
}

func judgeAtOnce(c judgeRaceConfig, spawn func(func())) *kit.Record {
	how := fmt.Sprintf("New(%s, %d, clock), %d goroutines at once", judgeRate(c.rate), c.burst, judgeWorkers)
	if c.moves > 0 {
		how += fmt.Sprintf(" while another moves the clock %s, %d times", judgeMove, c.moves)
	}
	clock := judgeNewClock()
	l, p := judgeNewLimiter(c, clock)
	if p != nil {
		return p
	}
	asks := c.asks()
	var (
		progress [judgeWorkers]atomic.Int64 // the call each goroutine is in, 1-based; 0 when in none
		taken    atomic.Int64
		mu       sync.Mutex
		first    *kit.Record
		crew     kit.Crew
	)
	report := func(p *kit.Record) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = p
		}
	}
	start := make(chan struct{})
	if c.moves > 0 {
		crew.Go(spawn, func() {
			<-start
			for range c.moves {
				clock.Advance(judgeMove)
				runtime.Gosched()
			}
		})
	}
	for g := range judgeWorkers {
		crew.Go(spawn, func() {
			<-start
			for i, n := range asks[g] {
				if i%16 == 15 {
					// Hand over often, between calls, so that the goroutines' calls interleave
					// even on one processor.
					runtime.Gosched()
				}
				progress[g].Store(int64(i + 1))
				var got bool
				msg := kit.Catch(func() { got = l.AllowN(n) })
				progress[g].Store(0)
				if msg != "" {
					report(&kit.Record{Kind: kit.RuntimeError,
						Summary: fmt.Sprintf("%s, goroutine %d's call %d: %s panicked: %s", how, g+1, i+1, c.call(n), kit.PanicMessage(msg)+kit.PanicSite(msg, New))})
					return
				}
				if got {
					taken.Add(int64(n))
				}
			}
		})
	}
	close(start)
	if problem := judgeWatch(&crew, how, func() []string {
		var stuck []string
		for g := range judgeWorkers {
			if i := progress[g].Load(); i > 0 {
				stuck = append(stuck, fmt.Sprintf("goroutine %d in %s", g+1, c.call(asks[g][i-1])))
			}
		}
		return stuck
	}); problem != nil {
		return problem
	}
	if first != nil {
		return first
	}
	return judgeAfterwards(c, l, clock, how, int(taken.Load()))
}

// judgeAfterwards checks, one call at a time and with the clock standing still, what the
// concurrent calls left: the tokens they took and the tokens still there add up to no more
// than the supply (exactly the burst when the clock never moved), and after a long wait the
// bucket is full, at its burst.
func judgeAfterwards(c judgeRaceConfig, l *Limiter, clock *judgeClock, how string, taken int) *kit.Record {
	supply := c.supply()
	if taken > supply {
		return judgeOverdrawn(c, how, taken, 0)
	}
	var (
		p       *kit.Record
		current atomic.Pointer[string]
		crew    kit.Crew
	)
	// drain calls Allow until it returns false, and returns how many times it returned true.
	drain := func(when string) (int, bool) {
		for count := 0; ; count++ {
			at := fmt.Sprintf("%s, then l.Allow() until it returned false, call %d", when, count+1)
			current.Store(&at)
			var got bool
			if msg := kit.Catch(func() { got = l.Allow() }); msg != "" {
				p = &kit.Record{Kind: kit.RuntimeError, Summary: at + ": l.Allow() panicked: " + kit.PanicMessage(msg) + kit.PanicSite(msg, New)}
				return count, false
			}
			if !got || count > c.burst {
				return count, true
			}
		}
	}
	crew.Go(nil, func() {
		left, ok := drain(how)
		if !ok {
			return
		}
		switch {
		case taken+left > supply:
			p = judgeOverdrawn(c, how, taken, left)
			return
		case c.moves == 0 && taken+left < supply:
			p = &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s, the goroutines took %d tokens and %d were left afterwards: %d in all, want exactly %d, the burst, since the clock never moved. "+
					"Tokens were lost: two calls took tokens at once and one's update overwrote the other's",
					how, taken, left, taken+left, c.burst)}
			return
		}
		clock.Advance(time.Hour)
		when := how + ", then clock.Advance(time.Hour)"
		full, ok := drain(when)
		if ok && full != c.burst {
			p = &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s, l.Allow() returned true %d times before it returned false, want %d: after an hour the bucket must be full, at its burst of %d",
					when, full, c.burst, c.burst)}
		}
	})
	if problem := judgeWatch(&crew, how+", then one call at a time", func() []string { return []string{*current.Load()} }); problem != nil {
		problem.Summary = strings.Replace(problem.Summary, "calls were still running", "a call was still running, with no other goroutine running,", 1)
		return problem
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
