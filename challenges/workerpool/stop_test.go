package workerpool

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// A stopping run tests what Map does when it must stop: a call fails, or ctx is cancelled.
// Every call of the first wave (the first min(workers, len(inputs)) calls to start) waits
// until the whole wave is in flight. Then one of them, the one whose input comes last in
// inputs, stops Map, and the others wait for their ctx to be done. So when Map stops, all its
// workers are busy: a call that starts afterwards can only be one Map should not have started,
// whatever the timing. And Map can only return once it has cancelled the ctx of the calls in
// flight, so a Map that does not is caught waiting for them.

// judgeHow is how a stopping run stops Map.
type judgeHow int

const (
	judgeFails       judgeHow = iota // the call returns an error
	judgeCancels                     // the call cancels ctx, then returns its value
	judgeTestCancels                 // every call waits; the test cancels ctx once they are in flight
)

// judgeStop is one stopping run.
type judgeStop struct {
	workers int
	inputs  []int // distinct
	how     judgeHow
	// hold is how long the waiting calls keep running after their ctx is done, to see
	// whether Map returns before they have. Zero returns at once.
	hold time.Duration
	// ownCtx passes Map a ctx of the caller's own type (judgeOwnCtx), which the test cancels
	// by closing its Done channel.
	ownCtx bool
}

// judgeStopState is what the calls of a stopping run saw, guarded by mu.
type judgeStopState struct {
	mu      sync.Mutex
	started int
	wave    []int         // the inputs of the first wave
	full    chan struct{} // closed once the whole first wave is in flight
	stopper int           // the input of the call that stops Map
	stopped bool          // the stop happened: a call failed or cancelled ctx, or the test did
	waiting map[int]bool  // the calls waiting for their ctx to be done
	running map[int]int   // the calls in flight
	after   []int         // calls started after the stop
	over    []int         // calls started beyond the first wave before the stop
}

func (st *judgeStopState) snapshot() (wave []int, waiting []int, running []int, stopped bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for in := range st.waiting {
		waiting = append(waiting, in)
	}
	for in := range st.running {
		running = append(running, in)
	}
	return slices.Clone(st.wave), waiting, running, st.stopped
}

// judgeStopped makes a stopping run and judges it. It returns the first problem, or nil.
func judgeStopped(s judgeStop) *judgeProblem {
	target := min(s.workers, len(s.inputs))
	st := &judgeStopState{full: make(chan struct{}), waiting: map[int]bool{}, running: map[int]int{}}
	abort := make(chan struct{})    // the test gave up: every call returns
	holdOver := make(chan struct{}) // the held calls may return
	defer close(holdOver)
	var (
		ctx    context.Context
		cancel func()
	)
	if s.ownCtx {
		own := judgeNewOwnCtx()
		ctx, cancel = own, own.cancel
	} else {
		ctx, cancel = context.WithCancel(context.Background())
	}
	defer cancel()
	errAborted := errors.New("the test gave up")

	fn := func(ctx context.Context, in int) (int, error) {
		st.mu.Lock()
		st.started++
		k := st.started
		st.running[in]++
		switch {
		case k > target && st.stopped:
			st.after = append(st.after, in)
		case k > target:
			st.over = append(st.over, in)
		default:
			st.wave = append(st.wave, in)
			if k == target {
				st.stopper = judgeSorted(st.wave, s.inputs)[target-1]
				for _, w := range st.wave {
					if s.how == judgeTestCancels || w != st.stopper {
						st.waiting[w] = true
					}
				}
				close(st.full)
			}
		}
		st.mu.Unlock()
		defer func() {
			st.mu.Lock()
			if st.running[in]--; st.running[in] == 0 {
				delete(st.running, in)
			}
			st.mu.Unlock()
		}()
		if k > target {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
			return judgeF(in), nil
		}
		select {
		case <-st.full:
		case <-abort:
			return 0, errAborted
		}
		st.mu.Lock()
		stops := in == st.stopper && s.how != judgeTestCancels
		st.mu.Unlock()
		if stops {
			// Stopped first: a Map that returns as soon as ctx is cancelled must find it so.
			st.mu.Lock()
			st.stopped = true
			st.mu.Unlock()
			if s.how == judgeCancels {
				cancel()
			}
			if s.how == judgeFails {
				return 0, judgeErr{in}
			}
			return judgeF(in), nil
		}
		select {
		case <-ctx.Done():
		case <-abort:
			return 0, errAborted
		}
		st.mu.Lock()
		delete(st.waiting, in)
		st.mu.Unlock()
		if s.hold > 0 {
			// The waiting calls return one after the other, in input order, hold apart.
			st.mu.Lock()
			var rank int
			for _, w := range judgeSorted(st.wave, s.inputs) {
				if w == in {
					break
				}
				if s.how == judgeTestCancels || w != st.stopper {
					rank++
				}
			}
			st.mu.Unlock()
			select {
			case <-time.After(time.Duration(rank+1) * s.hold):
			case <-holdOver:
			case <-abort:
			}
		}
		if s.how == judgeFails {
			return 0, judgeLateErr{in, ctx.Err()}
		}
		return 0, ctx.Err()
	}

	done, check := judgeStart(ctx, s.workers, s.inputs, fn)
	// The calls held after their ctx is done take up to target holds to return.
	patience := kit.Wait() + time.Duration(target)*s.hold
	var (
		ret      judgeReturn
		returned bool
		timedOut bool
		timeout  = time.After(patience)
	)
	if s.how == judgeTestCancels {
		select {
		case <-st.full:
			st.mu.Lock()
			st.stopped = true
			st.mu.Unlock()
			cancel()
			timeout = time.After(patience) // Map has this long to return from now on
		case ret = <-done:
			returned = true
		case <-timeout:
			timedOut = true
		}
	}
	if !returned && !timedOut {
		select {
		case ret = <-done:
			returned = true
		case <-timeout:
		}
	}
	if !returned {
		kit.MarkHung()
		p := judgeStopHang(s, st, patience)
		close(abort)
		select {
		case <-done:
		case <-time.After(kit.ShortPatience):
		}
		return p
	}
	_, _, runningAtReturn, _ := st.snapshot()
	defer close(abort)
	return judgeStopCheck(s, st, ret, judgeSorted(runningAtReturn, s.inputs), check)
}

// judgeStopWhat says what stopped Map, for messages: "fn(ctx, 3) failed".
func judgeStopWhat(s judgeStop, stopper int) string {
	switch s.how {
	case judgeFails:
		return fmt.Sprintf("fn(ctx, %d) failed", stopper)
	case judgeCancels:
		return fmt.Sprintf("fn(ctx, %d) cancelled ctx", stopper)
	}
	return "the test cancelled ctx"
}

// judgeStopHang explains a stopping run whose Map did not return.
func judgeStopHang(s judgeStop, st *judgeStopState, waited time.Duration) *judgeProblem {
	call := judgeMap(s.workers, s.inputs)
	wave, waiting, running, stopped := st.snapshot()
	target := min(s.workers, len(s.inputs))
	st.mu.Lock()
	stopper, started := st.stopper, st.started
	st.mu.Unlock()
	waiting = judgeSorted(waiting, s.inputs)
	repro := judgeStopRepro(s, stopper, len(wave) == target)
	switch {
	case started == 0:
		return &judgeProblem{kind: kit.TimeLimitExceeded,
			summary: fmt.Sprintf("%s called fn for no input and did not return within %s", call, waited)}
	case len(wave) < target:
		return &judgeProblem{kind: kit.WrongAnswer,
			summary: fmt.Sprintf("%s had only %s in flight (%s) and started no other within %s: with workers = %d and %d inputs, %d must be in flight at once (the test holds the first calls until as many are in flight as workers allows)",
				call, kit.Plural(len(wave), "call")+" of fn", judgeCalls(judgeSorted(wave, s.inputs)), waited, s.workers, len(s.inputs), target),
			repro: judgeReachRepro(s.workers, s.inputs)}
	case stopped && len(waiting) > 0:
		what := judgeStopWhat(s, stopper)
		var why string
		switch s.how {
		case judgeFails:
			why = "When a call fails, Map must cancel the ctx it passed to the calls in flight, then wait for them: make that ctx with ctx, cancel := context.WithCancel(ctx), and call cancel on the first error"
		default:
			why = "The ctx Map passes to fn must be derived from its own ctx (context.WithCancel(ctx)), so that cancelling ctx reaches every call in flight"
		}
		return &judgeProblem{kind: kit.WrongAnswer,
			summary: fmt.Sprintf("after %s, %s did not return within %s: %s, still in flight, %s waiting for %s ctx to be done, and it never was. %s",
				what, call, waited, judgeCalls(waiting), judgeWere(len(waiting)), judgeTheir(len(waiting)), why),
			want:  []string{fmt.Sprintf("after %s, the ctx of %s is done", what, judgeCalls(waiting))},
			got:   []string{fmt.Sprintf("after %s, %s waited %s for %s ctx", what, judgeCalls(waiting), waited, judgeTheir(len(waiting)))},
			repro: repro}
	case stopped && len(running) == 0:
		return &judgeProblem{kind: kit.TimeLimitExceeded,
			summary: fmt.Sprintf("after %s, %s did not return within %s, although every call of fn had returned: it is waiting for something that never happens (a goroutine that never sends, a sync.WaitGroup that is never Done, a channel never closed)",
				judgeStopWhat(s, stopper), call, waited),
			repro: repro}
	}
	return &judgeProblem{kind: kit.TimeLimitExceeded,
		summary: fmt.Sprintf("%s did not return within %s", call, waited), repro: repro}
}

// judgeInFlight says "1 call of fn was" or "3 calls of fn were".
func judgeInFlight(n int) string {
	return kit.Plural(n, "call") + " of fn " + judgeWere(n)
}

func judgeTheir(n int) string {
	if n == 1 {
		return "its"
	}
	return "their"
}

// judgeStopCheck judges a stopping run whose Map returned.
func judgeStopCheck(s judgeStop, st *judgeStopState, ret judgeReturn, runningAtReturn []int, check *kit.LeakCheck) *judgeProblem {
	call := judgeMap(s.workers, s.inputs)
	if ret.panicked != "" {
		return judgePanicked(call, ret.panicked)
	}
	st.mu.Lock()
	stopper, stopped := st.stopper, st.stopped
	after, over := judgeSorted(st.after, s.inputs), judgeSorted(st.over, s.inputs)
	wave := judgeSorted(st.wave, s.inputs)
	waited := slices.DeleteFunc(slices.Clone(wave), func(in int) bool { return in == stopper && s.how != judgeTestCancels })
	st.mu.Unlock()
	repro := judgeStopRepro(s, stopper, len(wave) == min(s.workers, len(s.inputs)))
	what := judgeStopWhat(s, stopper)
	if !stopped {
		// Map returned before the first wave was in flight.
		return &judgeProblem{kind: kit.WrongAnswer,
			summary: fmt.Sprintf("%s returned %s before any call failed or ctx was cancelled, and before %s in flight: Map must call fn for every input",
				call, judgeResult(ret.out, ret.err), judgeInFlight(min(s.workers, len(s.inputs)))),
			repro: repro}
	}

	// The transcript: the calls in flight, the stop, any call started after it, and what
	// Map returned.
	wantErr := error(judgeErr{stopper})
	if s.how != judgeFails {
		wantErr = context.Canceled
	}
	lines := []string{call}
	if len(waited) > 0 {
		lines = append(lines, fmt.Sprintf("%s wait for %s ctx to be done", judgeCalls(waited), judgeTheir(len(waited))))
	}
	switch s.how {
	case judgeFails:
		lines = append(lines, fmt.Sprintf("fn(ctx, %d) = error %q", stopper, judgeErr{stopper}.Error()))
	case judgeCancels:
		lines = append(lines, fmt.Sprintf("fn(ctx, %d) cancels ctx and returns %d", stopper, judgeF(stopper)))
	default:
		lines = append(lines, "the test cancels ctx")
	}
	wantLines := append(slices.Clone(lines), "= "+judgeResult(nil, wantErr))
	gotLines := lines
	if len(after) > 0 {
		gotLines = append(gotLines, fmt.Sprintf("fn(ctx, %d) starts", after[0]))
	}
	gotLines = append(gotLines, "= "+judgeResult(ret.out, ret.err))
	wrong := func(summary string) *judgeProblem {
		return &judgeProblem{kind: kit.WrongAnswer, summary: summary, want: wantLines, got: gotLines, repro: repro}
	}

	if s.hold > 0 && len(runningAtReturn) > 0 {
		return &judgeProblem{kind: kit.LeakDetected,
			summary: fmt.Sprintf("after %s, %s returned while %s %s still running: Map must wait for the calls in flight to return before it returns. Its goroutines then:\n%s",
				what, call, judgeCalls(runningAtReturn), judgeWere(len(runningAtReturn)), kit.DescribeGoroutines(judgeSettled(check))),
			repro: repro}
	}
	if !errors.Is(ret.err, wantErr) {
		var late judgeLateErr
		switch {
		case ret.err == nil && s.how == judgeFails:
			return wrong(fmt.Sprintf("%s returned %s, want the error of fn(ctx, %d): when a call fails, Map returns its error",
				call, judgeResult(ret.out, ret.err), stopper))
		case ret.err == nil:
			return wrong(fmt.Sprintf("after %s, %s returned %s, want ctx.Err(), %q: when ctx is cancelled, Map returns ctx.Err()",
				what, call, judgeResult(ret.out, ret.err), context.Canceled.Error()))
		case s.how == judgeFails && errors.As(ret.err, &late):
			return wrong(fmt.Sprintf("%s returned error %q, want the first error, %q: fn(ctx, %d) returned its error only after fn(ctx, %d) had failed and Map had cancelled its ctx",
				call, ret.err.Error(), wantErr.Error(), late.in, stopper))
		case s.how == judgeFails:
			return wrong(fmt.Sprintf("%s returned error %q, want the first error, %q, the one fn(ctx, %d) returned (errors.Is must find it in what Map returns)",
				call, ret.err.Error(), wantErr.Error(), stopper))
		}
		return wrong(fmt.Sprintf("after %s, %s returned error %q, want ctx.Err(), %q", what, call, ret.err.Error(), context.Canceled.Error()))
	}
	if len(after) > 0 {
		switch s.how {
		case judgeFails:
			return wrong(fmt.Sprintf("after %s, %s started fn(ctx, %d): once a call has failed, Map must start no new calls", what, call, after[0]))
		default:
			return wrong(fmt.Sprintf("after %s, %s started fn(ctx, %d): once ctx is cancelled, Map must start no new calls (check ctx.Err() before each one)", what, call, after[0]))
		}
	}
	if len(over) > 0 {
		return wrong(fmt.Sprintf("%s started fn(ctx, %d) while %s were already in flight: workers = %d allows at most %d at once",
			call, over[0], judgeCalls(wave), s.workers, s.workers))
	}
	return judgeLeaks(check, call, repro)
}

// judgeStopRepro writes a test that makes the same calls stop Map the same way. stopper is the
// input of the call that stopped Map; when no call did, the one that would have, had Map
// started the first inputs.
func judgeStopRepro(s judgeStop, stopper int, known bool) string {
	target := min(s.workers, len(s.inputs))
	if !known && target > 0 {
		stopper = s.inputs[target-1]
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	if s.ownCtx {
		w("%s", judgeOwnCtxDecl)
	}
	w("func TestRepro(t *testing.T) {\n")
	if s.ownCtx {
		w("\tctx := ownCtx{make(chan struct{})}\n\tvar once sync.Once\n")
		w("\tcancel := func() { once.Do(func() { close(ctx.done) }) }\n\tdefer cancel()\n")
	} else {
		w("\tctx, cancel := context.WithCancel(context.Background())\n\tdefer cancel()\n")
	}
	if s.how == judgeFails {
		w("\terrFailed := errors.New(%q)\n", judgeErr{stopper}.Error())
	}
	inputs := judgeGo(s.inputs)
	if len(s.inputs) > 12 {
		w("%s", judgeGoInputs(s.inputs))
		inputs = "inputs"
	}
	w("\tvar mu sync.Mutex\n\tstarted, running, stopped := 0, 0, false\n")
	first := "call is"
	if target > 1 {
		first = fmt.Sprintf("%d calls are", target)
	}
	w("\tfull := make(chan struct{}) // closed once the first %s in flight\n", first)
	w("\tfn := func(ctx context.Context, in int) (int, error) {\n")
	w("\t\tmu.Lock()\n\t\tstarted++\n\t\tn := started\n\t\trunning++\n")
	w("\t\tif stopped {\n\t\t\tt.Errorf(\"fn(ctx, %%d) started after %s\", in)\n\t\t}\n", judgeStopWhat(s, stopper))
	w("\t\tif n == %d {\n\t\t\tclose(full)\n\t\t}\n", target)
	w("\t\tmu.Unlock()\n")
	w("\t\tdefer func() { mu.Lock(); running--; mu.Unlock() }()\n")
	w("\t\tif n > %d {\n\t\t\treturn in * 10, nil\n\t\t}\n", target)
	w("\t\t<-full\n")
	if s.how != judgeTestCancels {
		w("\t\tif in == %d {\n", stopper)
		if s.how == judgeCancels {
			w("\t\t\tcancel()\n")
		}
		w("\t\t\tmu.Lock()\n\t\t\tstopped = true\n\t\t\tmu.Unlock()\n")
		if s.how == judgeFails {
			w("\t\t\treturn 0, errFailed\n")
		} else {
			w("\t\t\treturn in * 10, nil\n")
		}
		w("\t\t}\n")
	}
	w("\t\t<-ctx.Done()\n")
	if s.hold > 0 {
		w("\t\ttime.Sleep(%d * time.Millisecond) // still busy for a moment\n", s.hold.Milliseconds())
	}
	w("\t\treturn 0, ctx.Err()\n\t}\n")
	w("\tdone := make(chan error, 1)\n\tgo func() {\n")
	w("\t\t_, err := Map(ctx, %d, %s, fn)\n", s.workers, inputs)
	if s.hold > 0 {
		w("\t\tmu.Lock()\n\t\tif running > 0 {\n\t\t\tt.Errorf(\"Map returned while %%d calls of fn were still running\", running)\n\t\t}\n\t\tmu.Unlock()\n")
	}
	w("\t\tdone <- err\n\t}()\n")
	if s.how == judgeTestCancels {
		w("\tselect {\n\tcase <-full:\n\t\tmu.Lock()\n\t\tstopped = true\n\t\tmu.Unlock()\n\t\tcancel()\n")
		w("\tcase <-time.After(2 * time.Second):\n\t\tt.Fatal(\"%d calls of fn were never in flight at once\")\n\t}\n", target)
	}
	want := "errFailed"
	if s.how != judgeFails {
		want = "context.Canceled"
	}
	w("\tselect {\n\tcase err := <-done:\n")
	w("\t\tif !errors.Is(err, %s) {\n\t\t\tt.Errorf(\"Map returned error %%v, want %%v\", err, %s)\n\t\t}\n", want, want)
	w("\tcase <-time.After(2 * time.Second):\n\t\tt.Fatal(\"Map did not return within 2s\")\n\t}\n")
	w("}\n")
	return b.String()
}

// judgeCancelledBefore calls Map with a ctx that is done before the call: cancelled, or past
// its deadline. Map must call fn for no input and return ctx.Err().
func judgeCancelledBefore(workers int, inputs []int, deadline bool) *judgeProblem {
	var ctx context.Context
	var want error
	what := "an already cancelled ctx"
	if deadline {
		c, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		defer cancel()
		ctx, want, what = c, context.DeadlineExceeded, "a ctx whose deadline has passed"
	} else {
		c, cancel := context.WithCancel(context.Background())
		cancel()
		ctx, want = c, context.Canceled
	}
	var (
		mu    sync.Mutex
		calls []int
	)
	fn := func(ctx context.Context, in int) (int, error) {
		mu.Lock()
		calls = append(calls, in)
		mu.Unlock()
		return judgeF(in), nil
	}
	call := judgeMap(workers, inputs)
	repro := judgeBeforeRepro(workers, inputs, deadline)
	done, check := judgeStart(ctx, workers, inputs, fn)
	var ret judgeReturn
	wait := kit.Wait()
	select {
	case ret = <-done:
	case <-time.After(wait):
		kit.MarkHung()
		return &judgeProblem{kind: kit.TimeLimitExceeded,
			summary: fmt.Sprintf("%s, with %s, did not return within %s", call, what, wait), repro: repro}
	}
	if ret.panicked != "" {
		return judgePanicked(call, ret.panicked)
	}
	mu.Lock()
	called := judgeSorted(calls, inputs)
	mu.Unlock()
	head := fmt.Sprintf("%s, with %s,", call, what)
	line := strings.TrimSuffix(head, ",")
	wantLines := []string{line, "= " + judgeResult(nil, want)}
	gotLines := []string{line}
	if len(called) > 0 {
		gotLines = append(gotLines, fmt.Sprintf("fn(ctx, %d) starts", called[0]))
	}
	gotLines = append(gotLines, "= "+judgeResult(ret.out, ret.err))
	wrong := func(summary string) *judgeProblem {
		return &judgeProblem{kind: kit.WrongAnswer, summary: summary, want: wantLines, got: gotLines, repro: repro}
	}
	if !errors.Is(ret.err, want) {
		return wrong(fmt.Sprintf("%s returned %s, want ctx.Err(), %q", head, judgeResult(ret.out, ret.err), want.Error()))
	}
	if len(called) > 0 {
		return wrong(fmt.Sprintf("%s called fn(ctx, %d): when ctx is done, Map must start no call at all (check ctx.Err() before starting each one; a select between a free worker and ctx.Done() picks at random when both are ready)",
			head, called[0]))
	}
	return judgeLeaks(check, call, repro)
}

func judgeBeforeRepro(workers int, inputs []int, deadline bool) string {
	ctx, want := "\t\tctx, cancel := context.WithCancel(context.Background())\n\t\tcancel()\n", "context.Canceled"
	if deadline {
		ctx, want = "\t\tctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))\n\t\tdefer cancel()\n", "context.DeadlineExceeded"
	}
	return fmt.Sprintf(`func TestRepro(t *testing.T) {
	// Several times: a Map that chooses at random between starting a call and stopping
	// does not always start one.
	for i := 0; i < 20; i++ {
%s		fn := func(ctx context.Context, in int) (int, error) {
			t.Errorf("fn(ctx, %%d) was called, although ctx was done", in)
			return in * 10, nil
		}
		if _, err := Map(ctx, %d, %s, fn); !errors.Is(err, %s) {
			t.Fatalf("Map returned error %%v, want %%v", err, %s)
		}
	}
}
`, ctx, workers, judgeGo(inputs), want, want)
}
