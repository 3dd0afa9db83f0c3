package workerpool

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// TestConcurrentMaps calls Map from several goroutines at once, each on its own inputs, with
// one fn whose shared state (a log of every call) the test guards with a mutex. The suite runs
// under the race detector, which reports any unsynchronised access in Map; the checks add what
// it cannot see, such as a result lost or written to the wrong place.
func TestConcurrentMaps(t *testing.T) {
	judgeGate.Concurrency(t)
	// The race detector reports a pair of racing stacks once per process, so each test
	// starts its goroutines from a function of its own, whose frame makes its stacks new.
	spawn := func(f func()) { go func() { f() }() }
	judgeRaceTest(t, judgeRacePlan(false), spawn)
}

// TestConcurrentErrors does the same with calls that fail, several at once, and calls that
// cancel their Map's ctx: Map's error handling must be as safe as the rest.
func TestConcurrentErrors(t *testing.T) {
	judgeGate.Concurrency(t)
	spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentMaps
	judgeRaceTest(t, judgeRacePlan(true), spawn)
}

// The workload: judgeRaceGoroutines goroutines each call Map judgeRaceRounds times, every call
// on inputs of its own, so that every result can be checked however the goroutines interleave.
// The calls are few, because the race detector slows code tenfold and the suite runs beside
// the correctness suite on a small machine.
const (
	judgeRaceGoroutines = 6
	judgeRaceRounds     = 12
)

// judgeRaceCall is one call of Map in the race suite.
type judgeRaceCall struct {
	workers  int
	inputs   []int
	failing  map[int]bool // the inputs whose calls fail
	cancelAt int          // when not 0, the input whose call cancels ctx before it returns
}

// String names the call, with what its calls do when that is not plain, and a comma then:
// "Map(ctx, 2, [1 2 3], fn), where fn(ctx, 2) fails,".
func (c judgeRaceCall) String() (s string) {
	s = judgeMap(c.workers, c.inputs)
	defer func() {
		if s != judgeMap(c.workers, c.inputs) {
			s += ","
		}
	}()
	var failing []int
	for _, in := range c.inputs {
		if c.failing[in] {
			failing = append(failing, in)
		}
	}
	switch {
	case len(failing) == len(c.inputs) && len(failing) > 1:
		s += ", where every call fails"
	case len(failing) == 1:
		s += fmt.Sprintf(", where %s fails", judgeCalls(failing))
	case len(failing) > 0:
		s += fmt.Sprintf(", where %s fail", judgeCalls(failing))
	case c.cancelAt != 0:
		s += fmt.Sprintf(", where fn(ctx, %d) cancels ctx", c.cancelAt)
	}
	return s
}

// judgeRacePlan returns each goroutine's calls, the same on every run.
func judgeRacePlan(errs bool) [][]judgeRaceCall {
	plan := make([][]judgeRaceCall, judgeRaceGoroutines)
	for g := range plan {
		for r := range judgeRaceRounds {
			c := judgeRaceCall{workers: 1 + (g+r)%5, failing: map[int]bool{}}
			n := 4 + (3*g+r)%20
			for i := range n {
				c.inputs = append(c.inputs, (g+1)*100_000+r*1000+i+1)
			}
			if errs {
				switch r % 4 {
				case 0: // every call fails, many at once
					c.workers = 4
					for _, in := range c.inputs {
						c.failing[in] = true
					}
				case 1: // every third call fails
					for i, in := range c.inputs {
						if i%3 == 1 {
							c.failing[in] = true
						}
					}
				case 2:
					c.cancelAt = c.inputs[n/2]
				}
			}
			plan[g] = append(plan[g], c)
		}
	}
	return plan
}

// judgeRaceLog is the fn's shared state: how many times each input was called.
type judgeRaceLog struct {
	mu    sync.Mutex
	calls map[int]int
}

// fn returns the fn for one call c of Map; cancel cancels that call's ctx.
func (l *judgeRaceLog) fn(c judgeRaceCall, cancel context.CancelFunc) func(context.Context, int) (int, error) {
	return func(ctx context.Context, in int) (int, error) {
		l.mu.Lock()
		l.calls[in]++
		l.mu.Unlock()
		if in%2 == 0 {
			runtime.Gosched() // more interleavings
		}
		switch {
		case c.failing[in]:
			return 0, judgeErr{in}
		case in == c.cancelAt:
			cancel()
		}
		return judgeF(in), nil
	}
}

// judgeRaceCheck judges what one call of Map returned, whatever the other goroutines did.
func judgeRaceCheck(c judgeRaceCall, out []int, err error) *judgeProblem {
	call := c.String()
	wrong := func(want, summary string) *judgeProblem {
		head := judgeMap(c.workers, c.inputs)
		return &judgeProblem{kind: kit.WrongAnswer, summary: call + " returned " + judgeResult(out, err) + ", " + summary,
			want: []string{head, "= " + want}, got: []string{head, "= " + judgeResult(out, err)}}
	}
	var je judgeErr
	switch {
	case len(c.failing) > 0 && errors.As(err, &je) && c.failing[je.in]:
		return nil
	case len(c.failing) > 0:
		return wrong("the error of one of the calls that failed", "want the error of one of the calls that failed")
	case c.cancelAt != 0 && errors.Is(err, context.Canceled):
		return nil
	case err != nil && c.cancelAt != 0:
		return wrong(fmt.Sprintf("error %q, or the outputs if every call was made", context.Canceled.Error()), "want ctx.Err()")
	case err != nil:
		return wrong("the outputs", "want the outputs: no call failed")
	}
	// The outputs are compared as a multiset: their order is the correctness suite's concern,
	// and may depend on timing. Here what counts is that none is lost or corrupted.
	want := make([]int, len(c.inputs))
	for i, in := range c.inputs {
		want[i] = judgeF(in)
	}
	sorted := slices.Clone(out)
	slices.Sort(sorted)
	if !slices.Equal(sorted, want) {
		return wrong(judgeResult(want, nil), fmt.Sprintf("want %s: a result was lost, repeated or corrupted", judgeList(want)))
	}
	return nil
}

// judgeRaceTest rehearses the plan one call at a time, then makes its calls from all the
// goroutines at once, and checks every result. spawn runs a function on a new goroutine.
//
// The rehearsal makes a mistake that needs no concurrency to show (a panic, a wrong result)
// fail the same way on every run, rather than from whichever goroutine met it first. Leaks are
// the correctness suite's to find: it controls when every call returns, so that it describes
// the same leak the same way every time, which runs as free as these cannot.
func judgeRaceTest(t *testing.T, plan [][]judgeRaceCall, spawn func(func())) {
	t.Helper()
	// calls makes goroutine g's call r of the plan with run, logging fn's calls in log; lead
	// leads the summary of a wrong result.
	calls := func(run *kit.Run, log *judgeRaceLog, lead string) func(w *kit.Worker, g, r int) {
		return func(w *kit.Worker, g, r int) {
			c := plan[g][r]
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var out []int
			var err error
			if !w.Call(c.String(), func() { out, err = Map(ctx, c.workers, slices.Clone(c.inputs), log.fn(c, cancel)) }) {
				return
			}
			if p := judgeRaceCheck(c, out, err); p != nil {
				run.Fail(p.record(lead))
			}
		}
	}
	rehearsal := &kit.Run{How: fmt.Sprintf("one call at a time, before making them from %d goroutines at once", judgeRaceGoroutines), Solution: Map}
	rehearsal.InTurn(judgeRaceGoroutines, judgeRaceRounds, calls(rehearsal, &judgeRaceLog{calls: map[int]int{}}, rehearsal.How+": "))
	if p := rehearsal.Wait(); p != nil {
		kit.Fail(t, *p)
		return
	}

	log := &judgeRaceLog{calls: map[int]int{}}
	run := &kit.Run{How: fmt.Sprintf("%d goroutines calling Map at once", judgeRaceGoroutines), Spawn: spawn, Solution: Map}
	run.AtOnce(judgeRaceGoroutines, judgeRaceRounds, calls(run, log, run.How+", "))
	if p := run.Wait(); p != nil {
		kit.Fail(t, *p)
		return
	}
	// Every input was called at most once, and exactly once in the calls that succeeded.
	for _, calls := range plan {
		for _, c := range calls {
			for _, in := range c.inputs {
				if n := log.calls[in]; n > 1 || n == 0 && len(c.failing) == 0 && c.cancelAt == 0 {
					kit.Fail(t, kit.Record{Kind: kit.WrongAnswer,
						Summary: fmt.Sprintf("%s: %s called fn(ctx, %d) %d times, want exactly once", run.How, c, in, n)})
					return
				}
			}
		}
	}
}

// judgeGate holds the race and performance suites back until judgeWorks passes.
var judgeGate = kit.Gate{Solution: "a Map", Works: judgeWorks}

// judgeWorks checks, with two calls, what the race and performance suites take for granted:
// that Map returns fn's results. Without it a stub that does nothing would earn their points,
// being race-free and fast. It is no stricter than that (any order of outputs for several
// workers, no check of the limit), so that a mistake in the finer rules costs points in the
// correctness suite alone.
func judgeWorks(t *testing.T, prefix string) bool {
	t.Helper()
	for _, c := range []judgeRaceCall{
		{workers: 1, inputs: []int{1, 2, 3}},
		{workers: 3, inputs: []int{1, 2, 3, 4, 5, 6}},
	} {
		log := &judgeRaceLog{calls: map[int]int{}}
		done, _ := judgeStart(context.Background(), c.workers, c.inputs, log.fn(c, func() {}))
		var p *judgeProblem
		wait := kit.Wait()
		select {
		case ret := <-done:
			switch {
			case ret.panicked != "":
				p = judgePanicked(c.String(), ret.panicked)
			case c.workers == 1 && ret.err == nil && !slices.Equal(ret.out, []int{10, 20, 30}):
				p = &judgeProblem{kind: kit.WrongAnswer,
					summary: fmt.Sprintf("%s returned %s, want [10 20 30], <nil>", c, judgeResult(ret.out, ret.err)),
					want:    []string{c.String(), "= [10 20 30], <nil>"}, got: []string{c.String(), "= " + judgeResult(ret.out, ret.err)}}
			default:
				p = judgeRaceCheck(c, ret.out, ret.err)
			}
		case <-time.After(wait):
			kit.MarkHung()
			p = &judgeProblem{kind: kit.TimeLimitExceeded, summary: fmt.Sprintf("%s did not return within %s", c, wait)}
		}
		if p != nil {
			p.fail(t, prefix)
			return false
		}
	}
	return true
}
