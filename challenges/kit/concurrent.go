package kit

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Run is one run of a concurrent test: goroutines that make calls of the solution, either at
// once (the race detector's material) or one at a time in turn (a rehearsal, so that a mistake
// that needs no concurrency to show gets a plain report, the same on every run). It does what
// every such test needs, so that a test holds only its calls, its model and its invariants:
//
//   - each call is made through kit.Catch, and a panic is reported with where it happened;
//   - the goroutines are started by a Crew and released together, and one that ended without
//     returning (runtime.Goexit) is reported: the checks that follow would be on calls never
//     made;
//   - the first problem any goroutine reports is kept, later ones are dropped, and once there
//     is one, the calls of every goroutine stop;
//   - the run is waited for with the watchdog's patience (RaceWait), and a run that does not
//     end is reported with the calls still in progress and why they are stuck (WhyStuck).
//
// A test that rehearses, then races, then checks what the calls left:
//
//	run := &kit.Run{How: "New(8, 16, clock), one call at a time", Spawn: spawn, Solution: New}
//	run.InTurn(8, 200, func(w *kit.Worker, g, i int) {
//		kit.CheckStep(w, subject, model, steps[g][i]) // checked exactly against the model
//	})
//	if p := run.Wait(); p != nil {
//		return p
//	}
//	run = &kit.Run{How: "New(8, 16, clock), 8 goroutines at once", Spawn: spawn, Solution: New}
//	run.AtOnce(8, 200, func(w *kit.Worker, g, i int) {
//		var ok bool
//		if w.Call("l.Allow()", func() { ok = l.Allow() }) && ok {
//			taken.Add(1)
//		}
//	})
//	if p := run.Wait(); p != nil {
//		return p
//	}
//	... check the invariants: taken no more than the burst ...
//
// Every message a Run writes starts with How. The zero Run is ready to use; a Run must not be
// copied once used, and is waited for once.
type Run struct {
	// How says what runs, leading every report: "capacity 3, 4 producers and 4 consumers at
	// once".
	How string
	// Spawn starts the goroutines, as in Crew.Go.
	Spawn func(func())
	// Solution is a function of the solution's package, such as its constructor, for
	// PanicSite to place a panic in the learner's code.
	Solution any

	once     sync.Once
	start    chan struct{} // closed by Start
	started  sync.Once
	patience time.Duration
	deadline time.Time
	crew     Crew

	mu      sync.Mutex
	first   *Record
	failed  chan struct{} // closed with the first problem
	failing atomic.Bool
	workers []*Worker
}

// Worker is one goroutine of a Run, as its calls are told: "goroutine 3", "producer 1". It
// counts its calls, so that a report can say which one went wrong.
type Worker struct {
	run   *Run
	name  string
	calls int
	code  string
	in    atomic.Pointer[inCall] // the call in progress, nil between calls
}

// inCall is a call in progress: its number and code.
type inCall struct {
	n    int
	code string
}

func (r *Run) init() {
	r.once.Do(func() {
		r.start = make(chan struct{})
		r.failed = make(chan struct{})
	})
}

func (r *Run) worker(name string) *Worker {
	r.init()
	w := &Worker{run: r, name: name}
	r.mu.Lock()
	r.workers = append(r.workers, w)
	r.mu.Unlock()
	return w
}

// Go starts a goroutine, named name in reports, that runs f once the run starts (at once when
// it already has). A goroutine may start others.
func (r *Run) Go(name string, f func(w *Worker)) {
	w := r.worker(name)
	r.crew.Go(r.Spawn, func() {
		<-r.start
		f(w)
	})
}

// AtOnce starts goroutines goroutines, "goroutine 1" and on, each making its calls 0 to
// calls-1 with step(w, g, i), all at the same moment once the run starts. A goroutine stops
// at the first problem of the run. Each yields now and then between calls, so that their calls
// interleave even on one processor.
func (r *Run) AtOnce(goroutines, calls int, step func(w *Worker, g, i int)) {
	var ready atomic.Int64
	for g := range goroutines {
		r.Go(fmt.Sprintf("goroutine %d", g+1), func(w *Worker) {
			// Start together, as near as the scheduler allows.
			ready.Add(1)
			for ready.Load() < int64(goroutines) {
				runtime.Gosched()
			}
			for i := range calls {
				if i%16 == 15 {
					runtime.Gosched()
				}
				if step(w, g, i); r.Failed() {
					return
				}
			}
		})
	}
}

// InTurn makes the calls of goroutines goroutines one at a time, in turn, on one goroutine:
// call 0 of goroutine 1, 2 and on, then call 1 of each, and so on, each with step(w, g, i),
// where w is goroutine g's Worker ("goroutine g+1"). Made in this order, the calls of an
// AtOnce run can be checked exactly against a model; a step for g 0 can move a clock between
// rounds. It stops at the first problem.
func (r *Run) InTurn(goroutines, calls int, step func(w *Worker, g, i int)) {
	ws := make([]*Worker, goroutines)
	for g := range ws {
		ws[g] = r.worker(fmt.Sprintf("goroutine %d", g+1))
	}
	r.crew.Go(r.Spawn, func() {
		<-r.start
		for i := range calls {
			for g, w := range ws {
				if step(w, g, i); r.Failed() {
					return
				}
			}
		}
	})
}

// Call makes one call of the solution's, f, described by code as Go source ("q.Put(ctx, 3)"),
// through Catch. A panic is the run's problem, of kind RuntimeError. Call reports whether f
// returned; once the run has a problem it makes no call and returns false, so that a
// goroutine stops.
func (w *Worker) Call(code string, f func()) bool {
	if w.run.Failed() {
		return false
	}
	w.calls++
	w.code = code
	w.in.Store(&inCall{w.calls, code})
	defer w.in.Store(nil)
	msg := Catch(f)
	if msg == "" {
		return true
	}
	w.run.Fail(Record{Kind: RuntimeError,
		Summary: fmt.Sprintf("%s panicked: %s%s", w.Where(), PanicMessage(msg), PanicSite(msg, w.run.Solution)),
		Want:    []string{code}, Got: []string{code + " panicked: " + PanicMessage(msg)}})
	return false
}

// Where names the worker's latest call, for a report: How, the worker and the call's number
// and code ("capacity 3, 4 goroutines at once, goroutine 2's call 17: c.Get(5)"), or How and
// the code for a worker without a name.
func (w *Worker) Where() string { return w.where(w.calls, w.code) }

func (w *Worker) where(n int, code string) string {
	if w.name == "" {
		return fmt.Sprintf("%s: %s", w.run.How, code)
	}
	return fmt.Sprintf("%s, %s's call %d: %s", w.run.How, w.name, n, code)
}

// CallStep makes st's call on s through w, and returns its result and whether it returned.
func CallStep[S, M any](w *Worker, s S, st Step[S, M]) (got string, ok bool) {
	ok = w.Call(st.Code, func() { got = st.Do(s) })
	return got, ok
}

// CheckStep makes st's call on s through w and checks its result against the model m, as a
// Scenario does, reporting a wrong one as the run's problem: "<Where> returned 2, want 3
// (<st.Note>)". It reports whether the result was right.
func CheckStep[S, M any](w *Worker, s S, m M, st Step[S, M]) bool {
	got, ok := CallStep(w, s, st)
	if !ok {
		return false
	}
	var note string
	if st.Note != nil {
		note = st.Note(m, got)
	}
	want := ""
	if st.Check != nil {
		want, ok = st.Check(m, got)
	} else if st.Want != nil {
		want = st.Want(m)
		ok = want == got
	}
	if ok {
		return true
	}
	if note != "" {
		note = " (" + note + ")"
	}
	w.run.Fail(Record{Kind: WrongAnswer,
		Summary: fmt.Sprintf("%s returned %s, want %s%s", w.Where(), got, want, note),
		Want:    []string{show(st.Code, want)}, Got: []string{show(st.Code, got)}})
	return false
}

// Fail reports a problem of the run. The first one is kept, and the run's calls stop.
func (r *Run) Fail(p Record) {
	r.init()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.first != nil {
		return
	}
	r.first = &p
	r.failing.Store(true)
	close(r.failed)
}

// Failed reports whether the run has a problem.
func (r *Run) Failed() bool { return r.failing.Load() }

// Start releases the run's goroutines, and starts its patience: RaceWait. Wait starts a run
// that has not started; a test starts it itself to do something of its own while it runs.
func (r *Run) Start() {
	r.init()
	r.started.Do(func() {
		r.patience = RaceWait()
		r.deadline = time.Now().Add(r.patience)
		close(r.start)
	})
}

// Wait waits for the run's goroutines to return and says what went wrong, or returns nil:
//
//   - a goroutine that ended without returning (runtime.Goexit), of kind Rejected: it comes
//     first, since what the others found may follow from the calls it never made;
//   - else the first problem reported;
//   - else, when the goroutines had not all returned by the end of the run's patience, the
//     calls still in progress and why they are stuck, of kind TimeLimitExceeded (and
//     MarkHung).
//
// Wait gives the goroutines the run's patience from Start, and at least ShortRacePatience, for
// goroutines a test told to stop just before. Once a problem is reported it waits at most
// ShortPatience more for the others, which stop at their next call, and then leaves those
// still running (waiting for something that will never come, say) behind.
func (r *Run) Wait() *Record {
	r.Start()
	ended := r.crew.ended()
	timer := time.NewTimer(max(time.Until(r.deadline), ShortRacePatience))
	defer timer.Stop()
	select {
	case <-ended:
	case <-r.failed:
		select {
		case <-ended:
		case <-time.After(ShortPatience):
			return r.problem()
		}
	case <-timer.C:
		if p := r.problem(); p != nil {
			return p
		}
		MarkHung()
		return r.stuck()
	}
	if u := r.crew.Unfinished(); u != "" {
		return &Record{Kind: Rejected, Summary: r.How + ": " + u}
	}
	return r.problem()
}

func (r *Run) problem() *Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.first
}

// stuck reports a run that did not end: the calls in progress, or that there were none.
func (r *Run) stuck() *Record {
	r.mu.Lock()
	var (
		where, code string
		names       []string
	)
	for _, w := range r.workers {
		if c := w.in.Load(); c != nil {
			where, code = w.where(c.n, c.code), c.code
			names = append(names, strings.TrimPrefix(w.name+" in "+c.code, " in "))
		}
	}
	r.mu.Unlock()
	p := &Record{Kind: TimeLimitExceeded}
	switch len(names) {
	case 0:
		p.Summary = fmt.Sprintf("%s: after %s the goroutines had not all returned, though none was in a call: %s", r.How, r.patience, WhyStuck())
	case 1:
		p.Summary = fmt.Sprintf("%s did not return within %s: %s", where, r.patience, WhyStuck())
		p.Want, p.Got = []string{code}, []string{code + " never returned"}
	default:
		if len(names) > 3 {
			names = append(names[:3], "...")
		}
		p.Summary = fmt.Sprintf("%s: calls were still running after %s (%s): %s", r.How, r.patience, strings.Join(names, "; "), WhyStuck())
	}
	return p
}
