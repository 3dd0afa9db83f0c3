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

// judgeRaceWait bounds a run of many sagas at once, so that a deadlock is reported as one rather
// than as the suite's time limit running out. It is the challenge's own, not kit.RaceWait: 10s
// whether or not anything has hung, and a run that outlasts it does not shorten the others.
const judgeRaceWait = 10 * time.Second

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
	if !judgeWorks(t, "concurrent use is tested only on a Run that works with one goroutine: ") {
		return
	}
	sets := judgeRaceSagaSet()
	for g := range judgeRaceWorkers {
		for i, s := range sets[g] {
			opts := judgeOptions{shrink: true, context: fmt.Sprintf("one saga at a time (goroutine %d's saga %d, before running them at once): ", g+1, i+1)}
			if !judgeVerify(t, s, opts) {
				return
			}
		}
	}
	var (
		crew     kit.Crew
		problems [judgeRaceWorkers]*kit.Record
	)
	start := make(chan struct{})
	for g := range judgeRaceWorkers {
		crew.Go(nil, func() {
			<-start
			for i, s := range sets[g] {
				if o := s.run(); o.failed() {
					problems[g] = &kit.Record{Kind: o.kind, Want: o.want, Got: o.got,
						Summary: fmt.Sprintf("%d goroutines running %d sagas each at once, sharing nothing: goroutine %d's saga %d went wrong, though it goes right alone. %s. "+
							"Does Run keep state outside the call, in a package-level variable, say?", judgeRaceWorkers, judgeRaceSagas, g+1, i+1, judgeExplain(s, o))}
					return
				}
			}
		})
	}
	close(start)
	if !crew.Wait(judgeRaceWait) {
		kit.Fail(t, kit.Record{Kind: kit.TimeLimitExceeded,
			Summary: fmt.Sprintf("%d goroutines running sagas at once were still running after %s: Run is deadlocked", judgeRaceWorkers, judgeRaceWait)})
		return
	}
	if p := crew.Unfinished(); p != "" {
		kit.Fail(t, kit.Record{Kind: kit.Rejected, Summary: fmt.Sprintf("%d goroutines running %d sagas each at once: %s", judgeRaceWorkers, judgeRaceSagas, p)})
		return
	}
	judgeFirstProblem(t, problems[:])
}

// TestCompensationsShareState runs sagas whose compensations append to one slice without a
// lock, as code may when the compensations of a saga are promised to run one at a time. A Run
// that calls them at once makes that a data race; one that calls them in the wrong order
// leaves the slice in the wrong order.
func TestCompensationsShareState(t *testing.T) {
	if !judgeWorks(t, "concurrent use is tested only on a Run that works with one goroutine: ") {
		return
	}
	const workers, sagas, n = 4, 5, 5
	var (
		crew     kit.Crew
		problems [workers]*kit.Record // each goroutine's first, so that the one reported does not depend on timing
	)
	for g := range workers {
		report := func(r kit.Record) { problems[g] = &r }
		crew.Go(nil, func() {
			for i := range sagas {
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
				if msg := kit.Catch(func() { err = Run(context.Background(), steps) }); msg != "" {
					report(kit.Record{Kind: kit.RuntimeError, Summary: fmt.Sprintf("goroutine %d's saga %d: Run panicked: %s%s", g+1, i+1, kit.PanicMessage(msg), kit.PanicSite(msg, Run))})
					return
				}
				// Only the compensations are judged here; the error has tests of its own.
				if !slices.Equal(undone, want) || err == nil {
					report(kit.Record{Kind: kit.WrongAnswer,
						Summary: fmt.Sprintf("goroutine %d's saga %d, %d steps whose last action fails: its compensations, which append to one slice, left it %s, want %s, one at a time and last first",
							g+1, i+1, n, judgeList(undone), judgeList(want)),
						Want: append(want, judgeErrorLine),
						Got:  append(slices.Clone(undone), judgeSaga{}.show(err)[0])})
					return
				}
			}
		})
	}
	if !crew.Wait(judgeRaceWait) {
		kit.Fail(t, kit.Record{Kind: kit.TimeLimitExceeded,
			Summary: fmt.Sprintf("sagas were still running after %s: Run is deadlocked", judgeRaceWait)})
		return
	}
	if p := crew.Unfinished(); p != "" {
		kit.Fail(t, kit.Record{Kind: kit.Rejected, Summary: fmt.Sprintf("%d goroutines running %d sagas each, whose compensations append to one slice: %s", workers, sagas, p)})
		return
	}
	judgeFirstProblem(t, problems[:])
}

// judgeFirstProblem reports the problem of the lowest-numbered goroutine that had one: when
// every goroutine meets the same mistake, the report is the same on every run.
func judgeFirstProblem(t *testing.T, problems []*kit.Record) {
	t.Helper()
	for _, p := range problems {
		if p != nil {
			kit.Fail(t, *p)
			return
		}
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
	if !judgeWorks(t, "concurrent use is tested only on a Run that works with one goroutine: ") {
		return
	}
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
	var (
		crew     kit.Crew
		problems [workers]*kit.Record
	)
	for g := range workers {
		report := func(r kit.Record) { problems[g] = &r }
		crew.Go(nil, func() {
			rng := rand.New(rand.NewPCG(0xca9ce1, uint64(g)))
			for i := range sagas {
				s := judgeSaga{steps: judgeSteps(names...)}
				r := &judgeRecorder{}
				ctx, cancel := context.WithCancel(context.WithValue(context.Background(), judgeTraceKey{}, judgeTrace))
				steps := s.build(r, cancel, 0)
				yields := rng.IntN(4 * n)
				cancelled := make(chan struct{})
				go func() {
					defer close(cancelled)
					for range yields {
						runtime.Gosched()
					}
					cancel()
				}()
				var err error
				msg := kit.Catch(func() { err = Run(ctx, steps) })
				<-cancelled
				if msg != "" {
					report(kit.Record{Kind: kit.RuntimeError, Summary: fmt.Sprintf("goroutine %d's saga %d: Run panicked: %s%s", g+1, i+1, kit.PanicMessage(msg), kit.PanicSite(msg, Run))})
					return
				}
				got := append(r.log(), s.show(err)...)
				if want := judgeCancelledAfter(s, got); !slices.Equal(got, want) {
					at := judgeFirstDiff(want, got)
					report(kit.Record{Kind: kit.WrongAnswer,
						Summary: fmt.Sprintf("goroutine %d's saga %d, of %d steps whose actions all succeed, with ctx cancelled by another goroutine while it ran: it went as no correct Run can go. "+
							"Once ctx is done no step may start; the steps that ran are compensated, last first, with a context that is not cancelled; and the error wraps ctx.Err()", g+1, i+1, n),
						Want: want[:min(at+1, len(want))], Got: got[:min(at+1, len(got))]})
					return
				}
			}
		})
	}
	if !crew.Wait(judgeRaceWait) {
		kit.Fail(t, kit.Record{Kind: kit.TimeLimitExceeded,
			Summary: fmt.Sprintf("sagas were still running after %s: Run is deadlocked", judgeRaceWait)})
		return
	}
	if p := crew.Unfinished(); p != "" {
		kit.Fail(t, kit.Record{Kind: kit.Rejected, Summary: fmt.Sprintf("%d goroutines running %d sagas each, with ctx cancelled by other goroutines while they ran: %s", workers, sagas, p)})
		return
	}
	judgeFirstProblem(t, problems[:])
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
