package saga

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// The race suite runs under the race detector, which reports any unsynchronised access; the
// checks add what it cannot see, such as one saga's steps compensated by another's Run.
//
// The race detector finds races from the order of synchronisation, not from timing, so it sees
// them on any number of processors. The run uses every processor the machine has, like every
// other test: no test changes a setting of the whole process that code under test could notice.
// A map without a lock may then crash the process ("concurrent map writes") before the detector
// names the race; the grader reports both as a race.

const (
	judgeRaceWorkers = 8
	judgeRaceSagas   = 30
)

// judgeRaceSagaSet is each goroutine's sagas, the same on every run.
func judgeRaceSagaSet() (sets [judgeRaceWorkers][]judgeSaga) {
	for g := range judgeRaceWorkers {
		rng := rand.New(rand.NewPCG(0x5a6a_7ace, uint64(g)))
		for range judgeRaceSagas {
			sets[g] = append(sets[g], judgeRandomSaga(rng))
		}
	}
	return sets
}

// TestConcurrentSagas runs independent sagas, which share nothing, from many goroutines at
// once: each must go exactly as it would alone. They are first run one at a time, so that a
// mistake that needs no concurrency is reported the same way on every run.
func TestConcurrentSagas(t *testing.T) {
	judgeGate.Concurrency(t)
	sets := judgeRaceSagaSet()
	for g := range judgeRaceWorkers {
		for i, s := range sets[g] {
			opts := judgeOptions{shrink: true, context: fmt.Sprintf("one saga at a time (goroutine %d's saga %d, before running them at once): ", g+1, i+1)}
			if !judgeVerify(t, s, opts) {
				return
			}
		}
	}
	run := &kit.Run{How: fmt.Sprintf("%d goroutines running %d sagas each at once, sharing nothing", judgeRaceWorkers, judgeRaceSagas), Solution: Run}
	run.AtOnce(judgeRaceWorkers, judgeRaceSagas, func(w *kit.Worker, g, i int) {
		s := sets[g][i]
		var o judgeOutcome
		if w.Call("Run(ctx, steps)", func() { o = s.run() }) && o.failed() {
			run.Fail(kit.Record{Kind: o.kind, Want: o.want, Got: o.got,
				Summary: fmt.Sprintf("%s: goroutine %d's saga %d went wrong, though it goes right alone. %s. "+
					"Does Run keep state outside the call, in a package-level variable, say?", run.How, g+1, i+1, judgeExplain(s, o))})
		}
	})
	if p := run.Wait(); p != nil {
		kit.Fail(t, *p)
	}
}

// TestCompensationsShareState runs sagas whose compensations append to one slice without a
// lock, as code may when the compensations of a saga are promised to run one at a time. A Run
// that calls them at once makes that a data race; one that calls them in the wrong order
// leaves the slice in the wrong order.
func TestCompensationsShareState(t *testing.T) {
	judgeGate.Concurrency(t)
	const workers, sagas, n = 4, 5, 5
	// Each saga fails at its last step, so its compensations run; the goroutines' sagas are
	// first run one at a time, in turn, so that a wrong order is reported the same way on
	// every run.
	saga := func(run *kit.Run, w *kit.Worker, g, i int) {
		var undone []string // shared by the compensations, unlocked
		steps := make([]Step, n)
		var want []string
		for k := range n {
			name := fmt.Sprintf("step%d", k+1)
			steps[k] = Step{
				Name: name,
				Action: func(ctx context.Context) error {
					if k == n-1 {
						return judgeActionErr(name)
					}
					return nil
				},
				Compensate: func(ctx context.Context) error {
					undone = append(undone, "compensate "+name)
					time.Sleep(time.Millisecond) // long enough that compensations run at once overlap
					return nil
				},
			}
			if k < n-1 {
				want = append([]string{"compensate " + name}, want...)
			}
		}
		var err error
		if !w.Call("Run(ctx, steps)", func() { err = Run(context.Background(), steps) }) {
			return
		}
		// Only the compensations are judged here; the error has tests of its own.
		if !slices.Equal(undone, want) || err == nil {
			run.Fail(kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("goroutine %d's saga %d, %d steps whose last action fails: its compensations, which append to one slice, left it %s, want %s, one at a time and last first",
					g+1, i+1, n, judgeList(undone), judgeList(want)),
				Want: append(want, judgeErrorLine),
				Got:  append(slices.Clone(undone), judgeSaga{}.show(err)[0])})
		}
	}
	how := fmt.Sprintf("%d goroutines running %d sagas each, whose compensations append to one slice", workers, sagas)
	rehearsal := &kit.Run{How: how + ", one at a time", Solution: Run}
	rehearsal.InTurn(workers, sagas, func(w *kit.Worker, g, i int) { saga(rehearsal, w, g, i) })
	if p := rehearsal.Wait(); p != nil {
		kit.Fail(t, *p)
		return
	}
	run := &kit.Run{How: how + ", at once", Solution: Run}
	run.AtOnce(workers, sagas, func(w *kit.Worker, g, i int) { saga(run, w, g, i) })
	if p := run.Wait(); p != nil {
		kit.Fail(t, *p)
	}
}

func judgeList(calls []string) string {
	if len(calls) == 0 {
		return "empty"
	}
	return "[" + strings.Join(calls, ", ") + "]"
}

// TestCancelDuringRun cancels sagas' contexts from other goroutines while they run. Whenever
// the cancellation lands, the outcome must be one a correct Run can give: the first k actions
// ran, and either all of them (Run returns nil) or, when k is less, their compensations ran
// last first with a context that is not cancelled, and the error wraps context.Canceled.
func TestCancelDuringRun(t *testing.T) {
	judgeGate.Concurrency(t)
	const workers, sagas, n = 8, 20, 6
	names := []string{"reserve", "charge", "invoice", "pack", "ship", "notify"}
	// First one saga at a time, cancelled by one of its own actions, at each step in turn: a
	// mistake that needs no other goroutine is then reported the same way on every run.
	for k := range n - 1 {
		s := judgeSaga{steps: judgeWith(judgeSteps(names...), k, judgeCancels)}
		opts := judgeOptions{context: fmt.Sprintf("one saga at a time, cancelled by its action %s (before cancelling from other goroutines): ", names[k])}
		if !judgeVerify(t, s, opts) {
			return
		}
	}
	var rngs [workers]*rand.Rand // each goroutine's, for when its cancellations land
	for g := range rngs {
		rngs[g] = rand.New(rand.NewPCG(0xca9ce1, uint64(g)))
	}
	run := &kit.Run{How: fmt.Sprintf("%d goroutines running %d sagas each, with ctx cancelled by other goroutines while they ran", workers, sagas), Solution: Run}
	run.AtOnce(workers, sagas, func(w *kit.Worker, g, i int) {
		s := judgeSaga{steps: judgeSteps(names...)}
		r := &judgeRecorder{}
		ctx, cancel := context.WithCancel(context.WithValue(context.Background(), judgeTraceKey{}, judgeTrace))
		steps := s.build(r, cancel, 0)
		yields := rngs[g].IntN(4 * n)
		cancelled := make(chan struct{})
		go func() {
			defer close(cancelled)
			for range yields {
				runtime.Gosched()
			}
			cancel()
		}()
		var err error
		returned := w.Call("Run(ctx, steps)", func() { err = Run(ctx, steps) })
		<-cancelled
		if !returned {
			return
		}
		got := append(r.log(), s.show(err)...)
		if want := judgeCancelledAfter(s, got); !slices.Equal(got, want) {
			at := judgeFirstDiff(want, got)
			run.Fail(kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("goroutine %d's saga %d, of %d steps whose actions all succeed, with ctx cancelled by another goroutine while it ran: it went as no correct Run can go. "+
					"Once ctx is done no step may start; the steps that ran are compensated, last first, with a context that is not cancelled; and the error wraps ctx.Err()", g+1, i+1, n),
				Want: want[:min(at+1, len(want))], Got: got[:min(at+1, len(got))]})
		}
	})
	if p := run.Wait(); p != nil {
		kit.Fail(t, *p)
	}
}

// judgeCancelledAfter is what a correct Run would have logged, given how many actions ran in
// got: those actions, then (unless all ran) their compensations, last first, and the error.
func judgeCancelledAfter(s judgeSaga, got []string) []string {
	k := 0
	for k < len(got) && k < len(s.steps) && got[k] == "action "+s.steps[k].name {
		k++
	}
	var want []string
	for i := range k {
		want = append(want, "action "+s.steps[i].name)
	}
	if k == len(s.steps) {
		return append(want, judgeNilLine)
	}
	for i := k - 1; i >= 0; i-- {
		want = append(want, "compensate "+s.steps[i].name)
	}
	return append(want, judgeErrorLine, judgeWrapsLine+"context.Canceled")
}
