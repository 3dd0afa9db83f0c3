package workerpool

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// The correctness suite never depends on the machine's timing: the test decides when each call
// of fn returns (see schedule_test.go and stop_test.go), so the same Map gets the same verdict
// and the same message on every run. Every run also checks that no goroutine Map started is
// still running once it has returned.

// TestExample is the example of the statement: five inputs, two workers.
func TestExample(t *testing.T) {
	inputs := []int{1, 2, 3, 4, 5}
	if p := judgeScheduled(judgeSchedule{workers: 2, inputs: inputs, prio: judgeInOrder(inputs)}); p != nil {
		p.fail(t, "")
	}
}

// TestEdgeCases pins one rule per subtest, so that a failure names the rule that was broken.
// The calls return in input order.
func TestEdgeCases(t *testing.T) {
	many := make([]int, 1000)
	for i := range many {
		many[i] = i + 1
	}
	for _, tc := range []struct {
		name    string
		workers int
		inputs  []int
	}{
		{"no_inputs", 3, nil},
		{"empty_inputs", 1, []int{}},
		{"one_input", 3, []int{7}},
		{"one_worker", 1, []int{1, 2, 3, 4, 5}},
		{"more_workers_than_inputs", 10, []int{1, 2, 3}},
		{"as_many_workers_as_inputs", 4, []int{4, 3, 2, 1}},
		{"zero_negative_and_large_inputs", 2, []int{0, -3, 1 << 40, -(1 << 40), 5}},
		{"repeated_inputs", 2, []int{2, 2, 3, 3, 3}},
		{"many_inputs", 8, many},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := judgeSchedule{workers: tc.workers, inputs: tc.inputs, prio: judgeInOrder(tc.inputs)}
			if p := judgeScheduled(s); p != nil {
				p.fail(t, "")
			}
		})
	}
}

// TestOutputOrder makes the calls return in an order other than the inputs': the outputs must
// still be in input order.
func TestOutputOrder(t *testing.T) {
	shuffled := func(n int, seed uint64) (inputs []int, prio map[int]int) {
		rng := rand.New(rand.NewPCG(seed, seed))
		prio = map[int]int{}
		for i := range n {
			inputs = append(inputs, i+1)
			prio[i+1] = rng.IntN(1000)
		}
		return inputs, prio
	}
	cases := []judgeSchedule{
		{workers: 3, inputs: []int{1, 2, 3}, prio: judgeReversed([]int{1, 2, 3})},
		{workers: 6, inputs: []int{5, 3, 8, 1}, prio: judgeReversed([]int{5, 3, 8, 1})},
	}
	for i, n := range []int{8, 12, 20} {
		inputs, prio := shuffled(n, uint64(i))
		cases = append(cases, judgeSchedule{workers: 2 + i, inputs: inputs, prio: prio})
	}
	// Many calls in flight, returning far out of order, over many inputs: a Map that keeps
	// the outputs of calls that finished early in a buffer of fixed size, or orders them by
	// anything but their index, only shows it at this size.
	inputs, prio := shuffled(3000, 3)
	cases = append(cases, judgeSchedule{workers: 64, inputs: inputs, prio: prio})
	for _, s := range cases {
		if p := judgeScheduled(s); p != nil {
			p.fail(t, "")
			return
		}
	}
}

// TestConcurrencyLimit checks that Map never has more than workers calls in flight, and that
// it does have that many whenever it has that many calls left to make. The first calls are
// held a moment once workers of them are in flight, so that any extra one shows.
func TestConcurrencyLimit(t *testing.T) {
	for _, c := range []struct{ workers, n int }{{1, 4}, {2, 5}, {3, 9}, {4, 4}, {6, 3}, {8, 24}} {
		inputs := make([]int, c.n)
		for i := range inputs {
			inputs[i] = i + 1
		}
		s := judgeSchedule{workers: c.workers, inputs: inputs, prio: judgeReversed(inputs), limit: true}
		if p := judgeScheduled(s); p != nil {
			p.fail(t, "")
			return
		}
	}
}

// judgeGrace is how long the first calls are held, after the last of them started, when the
// limit is checked. A Map that starts more calls than it may starts them at once, microseconds
// apart; holding the calls longer only makes the check surer.
const judgeGrace = 50 * time.Millisecond

// TestRandomRuns compares Map with what it must return on hundreds of random runs: random
// inputs, workers, and orders in which the calls return. The seeds are fixed, so a solution
// gets the same verdict, and the same smallest failing run, every time.
func TestRandomRuns(t *testing.T) {
	const runs = 300
	for i := range runs {
		rng := rand.New(rand.NewPCG(0x9001, uint64(i)))
		prog := judgeRandomProgram(rng)
		p := judgeScheduled(prog.schedule())
		if p == nil {
			continue
		}
		if !p.slow {
			small, sp := judgeShrinkProgram(prog, p)
			if len(small.inputs) < len(prog.inputs) {
				sp.shrunkFrom = len(prog.inputs) + 2
			}
			p = sp
		}
		p.fail(t, "")
		return
	}
}

// judgeProgram is a random run: Map's workers and inputs, and each call's priority when the
// test chooses which call returns next (see judgeSchedule).
type judgeProgram struct {
	workers int
	inputs  []int // distinct
	prio    []int // prio[i] is inputs[i]'s
}

func (p judgeProgram) schedule() judgeSchedule {
	prio := map[int]int{}
	for i, in := range p.inputs {
		prio[in] = p.prio[i]
	}
	return judgeSchedule{workers: p.workers, inputs: p.inputs, prio: prio}
}

func judgeRandomProgram(rng *rand.Rand) judgeProgram {
	n := rng.IntN(25)
	p := judgeProgram{workers: 1 + rng.IntN(6)}
	if rng.IntN(6) == 0 {
		p.workers = n + 1 + rng.IntN(3)
	}
	for _, x := range rng.Perm(99)[:n] {
		p.inputs = append(p.inputs, x+1)
		p.prio = append(p.prio, rng.IntN(1000))
	}
	return p
}

// judgeShrinkProgram returns the smallest program it finds that fails the way prog did, and
// its problem.
func judgeShrinkProgram(prog judgeProgram, p *judgeProblem) (judgeProgram, *judgeProblem) {
	deadline := time.Now().Add(3 * time.Second)
	fails := func(c judgeProgram) bool {
		if time.Now().After(deadline) {
			return false
		}
		cp := judgeScheduled(c.schedule())
		return cp != nil && cp.kind == p.kind && !cp.slow
	}
	small := judgeShrink(prog, fails)
	if sp := judgeScheduled(small.schedule()); sp != nil && sp.kind == p.kind {
		return small, sp
	}
	return prog, p
}

// judgeShrink is kit.Shrink over programs: fewer inputs, then fewer workers, then inputs
// numbered 1, 2, 3 in order, then calls returning in input order or in reverse.
func judgeShrink(prog judgeProgram, fails func(judgeProgram) bool) judgeProgram {
	type item struct{ in, prio int }
	return kit.Shrink(prog, fails, func(c judgeProgram) []judgeProgram {
		var items []item
		for i := range c.inputs {
			items = append(items, item{c.inputs[i], c.prio[i]})
		}
		var out []judgeProgram
		build := func(workers int, items []item) judgeProgram {
			p := judgeProgram{workers: workers}
			for _, it := range items {
				p.inputs = append(p.inputs, it.in)
				p.prio = append(p.prio, it.prio)
			}
			return p
		}
		for _, r := range kit.Removals(items) {
			out = append(out, build(c.workers, r))
		}
		for w := 1; w < c.workers; w++ {
			out = append(out, build(w, items))
		}
		relabelled := slices.Clone(items)
		for i := range relabelled {
			relabelled[i].in = i + 1
		}
		if !slices.Equal(relabelled, items) {
			out = append(out, build(c.workers, relabelled))
		}
		for _, reverse := range []bool{false, true} {
			plain := slices.Clone(items)
			for i := range plain {
				plain[i].prio = len(plain) - i
				if reverse {
					plain[i].prio = i
				}
			}
			if !slices.Equal(plain, items) {
				out = append(out, build(c.workers, plain))
			}
		}
		return out
	})
}

// TestErrors checks what Map does when a call fails, one rule per subtest. In every run the
// first calls wait until as many are in flight as workers allows; then the one whose input
// comes last fails, and the others wait for their ctx to be cancelled.
func TestErrors(t *testing.T) {
	t.Run("first_error_is_returned", func(t *testing.T) {
		judgeStops(t,
			judgeStop{workers: 1, inputs: []int{1}, how: judgeFails},
			judgeStop{workers: 3, inputs: []int{1, 2, 3}, how: judgeFails},
			judgeStop{workers: 5, inputs: []int{4, 5, 6}, how: judgeFails},
		)
	})
	t.Run("calls_in_flight_are_cancelled", func(t *testing.T) {
		judgeStops(t,
			judgeStop{workers: 2, inputs: []int{1, 2}, how: judgeFails},
			judgeStop{workers: 4, inputs: []int{1, 2, 3, 4}, how: judgeFails},
		)
	})
	t.Run("no_new_calls_after_an_error", func(t *testing.T) {
		if !judgeLimitGate(t) {
			return
		}
		// Repeated: a Map that chooses at random between starting a call and stopping (a
		// select on the next input and ctx.Done()) starts one about every other time. The
		// same case comes first every time, so that such a Map fails with the same message.
		judgeStops(t, judgeRepeat(20, judgeStop{workers: 1, inputs: []int{1, 2, 3, 4}, how: judgeFails})...)
		judgeStops(t, judgeRepeat(5, judgeStop{workers: 3, inputs: []int{1, 2, 3, 4, 5, 6, 7, 8, 9}, how: judgeFails})...)
		// A failure among the first calls of a long list: every input left must be skipped,
		// not only those a buffer or a batch of the first ones held.
		judgeStops(t, judgeStop{workers: 8, inputs: judgeCount(10_000), how: judgeFails})
	})
	t.Run("waits_for_calls_in_flight", func(t *testing.T) {
		// The calls in flight take a while to return once their ctx is cancelled.
		judgeStops(t, judgeStop{workers: 3, inputs: []int{1, 2, 3}, how: judgeFails, hold: judgeHold})
		if t.Failed() || !judgeLimitGate(t) {
			return
		}
		judgeStops(t, judgeStop{workers: 2, inputs: []int{1, 2, 3, 4}, how: judgeFails, hold: judgeHold})
	})
}

// judgeHold is how long a call in flight keeps running once its ctx is cancelled, when the
// test checks that Map waits for it: the first such call returns judgeHold after the
// cancellation, the next one judgeHold later, and so on, so that the calls still running when
// a Map returns too early are always the same. A Map that does not wait returns within
// microseconds of the cancellation or of a call's return; 150ms is a margin no scheduler delay
// comes near.
const judgeHold = 150 * time.Millisecond

// TestCancellation checks what Map does when ctx is cancelled, one rule per subtest.
func TestCancellation(t *testing.T) {
	t.Run("already_cancelled", func(t *testing.T) {
		// Repeated, for the same reason as TestErrors/no_new_calls_after_an_error.
		for _, c := range []struct{ times, workers, n int }{{20, 1, 3}, {5, 2, 5}, {5, 4, 4}} {
			inputs := make([]int, c.n)
			for i := range inputs {
				inputs[i] = i + 1
			}
			for range c.times {
				if p := judgeCancelledBefore(c.workers, inputs, false); p != nil {
					p.fail(t, "")
					return
				}
			}
		}
	})
	t.Run("deadline_passed", func(t *testing.T) {
		for range 20 {
			if p := judgeCancelledBefore(2, []int{1, 2, 3}, true); p != nil {
				p.fail(t, "")
				return
			}
		}
	})
	t.Run("cancelled_while_calls_run", func(t *testing.T) {
		// Every call waits for its ctx; the test cancels ctx once they are all in flight.
		judgeStops(t,
			judgeStop{workers: 2, inputs: []int{1, 2}, how: judgeTestCancels},
			judgeStop{workers: 4, inputs: []int{1, 2, 3}, how: judgeTestCancels},
		)
		if t.Failed() || !judgeLimitGate(t) {
			return
		}
		judgeStops(t, judgeRepeat(10, judgeStop{workers: 1, inputs: []int{1, 2, 3}, how: judgeTestCancels})...)
		judgeStops(t, judgeRepeat(5, judgeStop{workers: 2, inputs: []int{1, 2, 3, 4, 5, 6}, how: judgeTestCancels})...)
		judgeStops(t, judgeStop{workers: 8, inputs: judgeCount(10_000), how: judgeTestCancels})
	})
	t.Run("cancelled_by_a_call", func(t *testing.T) {
		// A call cancels ctx, then returns its value: Map itself must notice.
		judgeStops(t, judgeStop{workers: 3, inputs: []int{1, 2, 3}, how: judgeCancels})
		if t.Failed() || !judgeLimitGate(t) {
			return
		}
		judgeStops(t, judgeRepeat(10, judgeStop{workers: 1, inputs: []int{1, 2, 3, 4}, how: judgeCancels})...)
		judgeStops(t, judgeRepeat(5, judgeStop{workers: 3, inputs: []int{1, 2, 3, 4, 5, 6, 7}, how: judgeCancels})...)
	})
	t.Run("waits_for_calls_in_flight", func(t *testing.T) {
		judgeStops(t, judgeStop{workers: 2, inputs: []int{1, 2}, how: judgeTestCancels, hold: judgeHold})
	})
	t.Run("callers_own_context_type", func(t *testing.T) {
		// ctx is any context.Context, not only one the context package made. Deriving a
		// context from such a ctx starts a goroutine in the context package, which ends only
		// when the derived context is cancelled: after a run in which every call succeeded,
		// nothing but Map can end it. The stopping runs check that cancelling such a ctx
		// reaches Map and the calls in flight.
		for _, s := range []judgeSchedule{
			{workers: 3, inputs: []int{1, 2, 3, 4, 5, 6}},
			{workers: 1, inputs: []int{1, 2, 3}},
			{workers: 4, inputs: []int{1, 2}},
		} {
			s.prio, s.ownCtx = judgeInOrder(s.inputs), true
			if p := judgeScheduled(s); p != nil {
				p.fail(t, judgeOwnCtxIntro)
				return
			}
		}
		for _, s := range []judgeStop{
			{workers: 2, inputs: []int{1, 2}, how: judgeTestCancels, ownCtx: true},
			{workers: 3, inputs: []int{1, 2, 3}, how: judgeFails, ownCtx: true},
		} {
			if p := judgeStopped(s); p != nil {
				p.fail(t, judgeOwnCtxIntro)
				return
			}
		}
	})
}

// A stopping run with more inputs than workers can only judge a Map that keeps to its limit of
// calls in flight: one that starts every call at once makes its first wave of whichever calls
// happen to start first, and starts others after the stop as a matter of timing.
// judgeLimitGate checks the limit once, and fails the test with what it found when it is
// broken.
var (
	judgeGateOnce    sync.Once
	judgeGateProblem *judgeProblem
)

func judgeLimitGate(t *testing.T) bool {
	t.Helper()
	judgeGateOnce.Do(func() {
		inputs := []int{1, 2, 3, 4, 5}
		judgeGateProblem = judgeScheduled(judgeSchedule{workers: 2, inputs: inputs, prio: judgeReversed(inputs), limit: true})
	})
	if judgeGateProblem != nil {
		judgeGateProblem.fail(t, "stopping with more inputs than workers is tested only on a Map that keeps to its limit of calls in flight: ")
		return false
	}
	return true
}

func judgeRepeat(times int, s judgeStop) []judgeStop {
	out := make([]judgeStop, times)
	for i := range out {
		out[i] = s
	}
	return out
}

// judgeCount returns the inputs 1, 2, ... n.
func judgeCount(n int) []int {
	inputs := make([]int, n)
	for i := range inputs {
		inputs[i] = i + 1
	}
	return inputs
}

// judgeStops runs each case in turn, and fails t with the first that goes wrong. It runs none
// once t has failed, so that a subtest that calls it more than once stops at its first mistake.
func judgeStops(t *testing.T, cases ...judgeStop) {
	t.Helper()
	if t.Failed() {
		return
	}
	for _, s := range cases {
		if p := judgeStopped(s); p != nil {
			p.fail(t, "")
			return
		}
	}
}
