package workerpool

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// A scheduled run decides when each call of fn returns, so that the outcome never depends on
// the machine's timing. Every call is held when it starts. Once as many calls are in flight as
// a correct Map has (workers, or the calls still to make when fewer), the test lets one of
// them return: the one whose input has the highest priority. Then it waits for Map to start
// the next call, and so on. So the order in which calls finish is the test's, the same on every
// run, and a Map that never fills its workers is caught waiting for a call that never comes.

// judgeSchedule is one scheduled run.
type judgeSchedule struct {
	workers int
	inputs  []int
	// prio orders the returns: of the calls in flight, the one whose input has the highest
	// prio returns first; ties go to the call that started first.
	prio map[int]int
	// limit makes the run check the limit on calls in flight, and only that: once workers
	// calls are in flight, they are held until no call has started for judgeGrace, to see
	// whether Map starts more than it may. Without it, the run checks the outputs and the
	// calls of fn.
	limit bool
	// ownCtx passes Map a ctx of the caller's own type (judgeOwnCtx) rather than
	// context.Background(); the test cancels it once the run has been judged.
	ownCtx bool
}

// judgeInOrder returns priorities that let calls return in input order.
func judgeInOrder(inputs []int) map[int]int {
	prio := map[int]int{}
	for i := len(inputs) - 1; i >= 0; i-- {
		prio[inputs[i]] = len(inputs) - i
	}
	return prio
}

// judgeReversed returns priorities that let the calls of later inputs return first.
func judgeReversed(inputs []int) map[int]int {
	prio := map[int]int{}
	for i, in := range inputs {
		prio[in] = i
	}
	return prio
}

type judgeEvent struct {
	in      int
	exit    bool
	release chan struct{} // closed to let a call that started return
}

// judgeRun is what happened in a scheduled run.
type judgeRun struct {
	ret      judgeReturn
	returned bool        // Map returned before the test gave up on it
	finished []int       // the inputs whose calls returned, in that order
	calls    map[int]int // how many calls started for each input
	// most lists the calls in flight when the most were.
	most []int
	// runningAtReturn lists the calls still in flight when Map returned, and leakedAtReturn
	// the goroutines of Map alive then.
	runningAtReturn []int
	leakedAtReturn  []kit.Goroutine
	// stuck lists the calls in flight when the test gave up, after waited with nothing
	// happening.
	stuck  []int
	waited time.Duration
	check  *kit.LeakCheck
	own    *judgeOwnCtx // Map's ctx, when the schedule asks for one of the caller's own type
}

func judgeRunSchedule(s judgeSchedule) judgeRun {
	events := make(chan judgeEvent)
	abort := make(chan struct{})
	fn := func(ctx context.Context, in int) (int, error) {
		release := make(chan struct{})
		select {
		case events <- judgeEvent{in: in, release: release}:
		case <-abort:
			return judgeF(in), nil
		}
		select {
		case <-release:
		case <-abort:
		}
		select {
		case events <- judgeEvent{in: in, exit: true}:
		case <-abort:
		}
		return judgeF(in), nil
	}
	ctx := context.Background()
	var own *judgeOwnCtx
	if s.ownCtx {
		own = judgeNewOwnCtx()
		ctx = own
	}
	done, check := judgeStart(ctx, s.workers, s.inputs, fn)
	r := judgeRun{calls: map[int]int{}, check: check, own: own}
	var (
		held      []judgeEvent
		inFlight  []int // the inputs of the calls in flight, in the order they started
		finished  int
		releasing bool // a call was let go and has not returned yet
		graced    = !s.limit
		graceC    <-chan time.Time
		patience  = kit.Wait()
	)
	stall := time.NewTimer(patience)
	defer stall.Stop()
	for {
		target := min(s.workers, len(s.inputs)-finished)
		if !releasing && len(held) > 0 && len(inFlight) >= target {
			switch {
			case !graced && graceC == nil:
				graceC = time.After(judgeGrace)
			case graced:
				best := 0
				for i, e := range held {
					if s.prio[e.in] > s.prio[held[best].in] {
						best = i
					}
				}
				close(held[best].release)
				held = slices.Delete(held, best, best+1)
				releasing = true
			}
		}
		select {
		case e := <-events:
			if !stall.Stop() {
				<-stall.C
			}
			stall.Reset(patience)
			if e.exit {
				inFlight = slices.Delete(inFlight, slices.Index(inFlight, e.in), slices.Index(inFlight, e.in)+1)
				finished++
				r.finished = append(r.finished, e.in)
				releasing = false
				continue
			}
			inFlight = append(inFlight, e.in)
			r.calls[e.in]++
			held = append(held, e)
			if graceC != nil {
				// Still in the first wave: hold it until no call has started for a while.
				graceC = time.After(judgeGrace)
			}
			if len(inFlight) > len(r.most) {
				r.most = judgeSorted(inFlight, s.inputs)
			}
		case <-graceC:
			graced, graceC = true, nil
		case ret := <-done:
			r.ret, r.returned = ret, true
			if len(inFlight) > 0 {
				r.runningAtReturn = judgeSorted(inFlight, s.inputs)
				r.leakedAtReturn = judgeSettled(check)
			}
			close(abort)
			return r
		case <-stall.C:
			kit.MarkHung()
			r.stuck, r.waited = judgeSorted(inFlight, s.inputs), patience
			close(abort)
			// Its calls return now: give Map a moment to return too, so that it does not
			// linger into the next test.
			select {
			case <-done:
			case <-time.After(kit.ShortPatience):
			}
			return r
		}
	}
}

// judgeScheduled runs s and judges it: the outputs and error, each input called exactly once,
// no leak, and, when s has a grace period, the limit on calls in flight. It returns the first
// problem, or nil.
func judgeScheduled(s judgeSchedule) *judgeProblem {
	r := judgeRunSchedule(s)
	if r.own != nil {
		// Only once the leak check is over: cancelling ctx ends what Map left waiting on it.
		defer r.own.cancel()
	}
	return judgeCheckRun(s, r)
}

func judgeCheckRun(s judgeSchedule, r judgeRun) *judgeProblem {
	call := judgeMap(s.workers, s.inputs)
	n := len(s.inputs)
	if !r.returned {
		p := judgeStuck(s, r, call)
		p.slow = true
		return p
	}
	if r.ret.panicked != "" {
		return judgePanicked(call, r.ret.panicked)
	}
	want := make([]int, n)
	for i, in := range s.inputs {
		want[i] = judgeF(in)
	}
	wantLines, gotLines := judgeTranscript(s, r, want)
	wrong := func(summary string) *judgeProblem {
		return &judgeProblem{kind: kit.WrongAnswer, summary: summary, want: wantLines, got: gotLines, repro: judgeRunRepro(s, r)}
	}
	if len(r.runningAtReturn) > 0 {
		return wrong(fmt.Sprintf("%s returned %s while %s %s still running: Map must wait for every call it starts to return, and use its result. Its goroutines then:\n%s",
			call, judgeResult(r.ret.out, r.ret.err), judgeCalls(r.runningAtReturn), judgeWere(len(r.runningAtReturn)),
			kit.DescribeGoroutines(r.leakedAtReturn)))
	}
	if s.limit {
		if len(r.most) > s.workers {
			return &judgeProblem{kind: kit.WrongAnswer,
				summary: fmt.Sprintf("%s had %d calls of fn in flight at once (%s), but workers = %d allows at most %d",
					call, len(r.most), judgeCalls(r.most), s.workers, s.workers),
				repro: judgeLimitRepro(s)}
		}
		return judgeLeaks(r.check, call, judgeLimitRepro(s))
	}
	if r.ret.err != nil {
		return wrong(fmt.Sprintf("%s returned error %q, want nil: no call of fn failed", call, r.ret.err.Error()))
	}
	// Calls first: a missing or repeated call explains wrong outputs better than they do.
	count := map[int]int{}
	for _, in := range s.inputs {
		count[in]++
	}
	for _, in := range s.inputs {
		switch got := r.calls[in]; {
		case got == 0:
			return wrong(fmt.Sprintf("%s never called fn(ctx, %d): it must call fn once for each input", call, in))
		case got != count[in] && count[in] == 1:
			return wrong(fmt.Sprintf("%s called fn(ctx, %d) %d times: it must call fn exactly once for each input", call, in, got))
		case got != count[in]:
			return wrong(fmt.Sprintf("%s called fn(ctx, %d) %d times, want %d: %d appears %d times in inputs, and each input is called exactly once", call, in, got, count[in], in, count[in]))
		}
	}
	for in, got := range r.calls {
		if count[in] == 0 {
			return wrong(fmt.Sprintf("%s called fn(ctx, %d), but %d is not one of the inputs: %d calls in all", call, in, in, got))
		}
	}
	if p := judgeOutputs(s, r, want, call); p != nil {
		p.want, p.got, p.repro = wantLines, gotLines, judgeRunRepro(s, r)
		return p
	}
	return judgeLeaks(r.check, call, judgeRunRepro(s, r))
}

func judgeWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

// judgeOutputs compares the outputs with want and explains the first difference.
func judgeOutputs(s judgeSchedule, r judgeRun, want []int, call string) *judgeProblem {
	got := r.ret.out
	if slices.Equal(got, want) {
		return nil
	}
	summary := fmt.Sprintf("%s returned %s, want %s", call, judgeList(got), judgeList(want))
	finishOrder := make([]int, len(r.finished))
	for i, in := range r.finished {
		finishOrder[i] = judgeF(in)
	}
	switch {
	case len(got) != len(want):
		summary += fmt.Sprintf(": %s for %s; out[i] must be fn's result for inputs[i]",
			kit.Plural(len(got), "output"), kit.Plural(len(want), "input"))
	case slices.Equal(got, finishOrder):
		summary += fmt.Sprintf(": the outputs are in the order the calls returned (%s), not in the order of the inputs; out[i] must be fn's result for inputs[i], whatever order the calls finish in",
			judgeCalls(r.finished))
	default:
		i := 0
		for got[i] == want[i] {
			i++
		}
		summary += fmt.Sprintf(": out[%d] = %d, want %d, the result of fn(ctx, %d), inputs[%d]", i, got[i], want[i], s.inputs[i], i)
	}
	return &judgeProblem{kind: kit.WrongAnswer, summary: summary}
}

// judgeTranscript lists, for a run that returned, the calls in the order they returned and
// what Map returned, as they should have been and as they were: a repeated call shows as an
// extra line, a missing one as a missing line.
func judgeTranscript(s judgeSchedule, r judgeRun, want []int) (wantLines, gotLines []string) {
	head := judgeMap(s.workers, s.inputs)
	wantLines, gotLines = []string{head}, []string{head}
	left := map[int]int{}
	for _, in := range s.inputs {
		left[in]++
	}
	for _, in := range r.finished {
		line := fmt.Sprintf("fn(ctx, %d) = %d", in, judgeF(in))
		gotLines = append(gotLines, line)
		if left[in] > 0 {
			left[in]--
			wantLines = append(wantLines, line)
		}
	}
	for _, in := range s.inputs {
		if left[in] > 0 {
			left[in]--
			wantLines = append(wantLines, fmt.Sprintf("fn(ctx, %d) = %d", in, judgeF(in)))
		}
	}
	if len(wantLines) > 40 {
		// A long run: only what Map returned.
		wantLines, gotLines = []string{head}, []string{head}
	}
	wantLines = append(wantLines, "= "+judgeResult(want, nil))
	gotLines = append(gotLines, "= "+judgeResult(r.ret.out, r.ret.err))
	return wantLines, gotLines
}

// judgeStuck explains a run that stopped making progress.
func judgeStuck(s judgeSchedule, r judgeRun, call string) *judgeProblem {
	finished := len(r.finished)
	target := min(s.workers, len(s.inputs)-finished)
	switch {
	case len(r.stuck) == 0 && finished == len(s.inputs):
		return &judgeProblem{kind: kit.TimeLimitExceeded,
			summary: fmt.Sprintf("%s did not return within %s after every call of fn had returned: it is waiting for something that never happens (a goroutine that never sends, a sync.WaitGroup that is never Done, a channel never closed)",
				call, r.waited)}
	case len(r.stuck) == 0 && finished == 0:
		return &judgeProblem{kind: kit.TimeLimitExceeded,
			summary: fmt.Sprintf("%s called fn for no input and did not return within %s", call, r.waited)}
	case len(r.stuck) == 0:
		return &judgeProblem{kind: kit.TimeLimitExceeded,
			summary: fmt.Sprintf("%s stopped after %s of its %d calls had returned, and started no other call within %s: it is waiting for something that never happens",
				call, kit.Plural(finished, "call"), len(s.inputs), r.waited)}
	}
	left := len(s.inputs) - finished
	why := fmt.Sprintf("with workers = %d and %s still to make, %d must be in flight at once", s.workers, kit.Plural(left, "call"), target)
	return &judgeProblem{kind: kit.WrongAnswer,
		summary: fmt.Sprintf("%s had only %s in flight (%s) and started no other within %s: %s, the next one starting as soon as one returns (the test holds each call until as many are in flight as workers allows)",
			call, kit.Plural(len(r.stuck), "call")+" of fn", judgeCalls(r.stuck), r.waited, why),
		repro: judgeReachRepro(s.workers, s.inputs)}
}

// judgeRunRepro writes a test that makes the same calls return in the same order, and checks
// every call and the outputs.
func judgeRunRepro(s judgeSchedule, r judgeRun) string {
	var b strings.Builder
	ctx := "context.Background()"
	if s.ownCtx {
		b.WriteString(judgeOwnCtxDecl)
		ctx = "ctx"
	}
	b.WriteString("func TestRepro(t *testing.T) {\n")
	if s.ownCtx {
		b.WriteString("\tctx := ownCtx{make(chan struct{})}\n\tdefer close(ctx.done)\n")
	}
	b.WriteString(judgeGoInputs(s.inputs))
	// Make the calls return in the order they did when the order matters and can be replayed:
	// each input called once, returning in an order other than the inputs'.
	replay := len(r.finished) == len(s.inputs) && !slices.Equal(r.finished, s.inputs) && len(s.inputs) <= 40
	seen := map[int]bool{}
	for _, in := range s.inputs {
		replay = replay && !seen[in]
		seen[in] = true
	}
	if replay {
		fmt.Fprintf(&b, "\t// The calls return in this order, each once the one before it has returned.\n")
		fmt.Fprintf(&b, "\torder := %s\n", judgeGo(r.finished))
		b.WriteString("\tturn := map[int]chan struct{}{}\n")
		b.WriteString("\tfor _, in := range order {\n\t\tturn[in] = make(chan struct{})\n\t}\n")
		b.WriteString("\tclose(turn[order[0]])\n")
	}
	b.WriteString("\tvar mu sync.Mutex\n\tcalls := map[int]int{}\n")
	b.WriteString("\tfn := func(ctx context.Context, in int) (int, error) {\n")
	b.WriteString("\t\tmu.Lock()\n\t\tcalls[in]++\n\t\tmu.Unlock()\n")
	if replay {
		b.WriteString("\t\tselect {\n\t\tcase <-turn[in]:\n\t\tcase <-time.After(2 * time.Second):\n")
		b.WriteString("\t\t\tt.Errorf(\"fn(ctx, %d) waited 2s for its turn\", in)\n\t\t}\n")
		b.WriteString("\t\tif i := slices.Index(order, in); i+1 < len(order) {\n\t\t\tdefer close(turn[order[i+1]])\n\t\t}\n")
	}
	b.WriteString("\t\treturn in * 10, nil\n\t}\n")
	fmt.Fprintf(&b, "\tgot, err := Map(%s, %d, inputs, fn)\n", ctx, s.workers)
	b.WriteString("\twant := make([]int, len(inputs))\n\tfor i, in := range inputs {\n\t\twant[i] = in * 10\n\t}\n")
	b.WriteString("\tif err != nil || !slices.Equal(got, want) {\n")
	fmt.Fprintf(&b, "\t\tt.Errorf(\"Map(ctx, %d, %%v, fn) = %%v, %%v; want %%v, <nil>\", inputs, got, err, want)\n\t}\n", s.workers)
	b.WriteString("\twantCalls := map[int]int{}\n\tfor _, in := range inputs {\n\t\twantCalls[in]++\n\t}\n")
	b.WriteString("\tif !maps.Equal(calls, wantCalls) {\n")
	b.WriteString("\t\tt.Errorf(\"calls of fn for each input: %v, want %v\", calls, wantCalls)\n\t}\n")
	b.WriteString("}\n")
	return b.String()
}

// judgeLimitRepro writes a test that measures the most calls in flight at once.
func judgeLimitRepro(s judgeSchedule) string {
	return fmt.Sprintf(`func TestRepro(t *testing.T) {
`+judgeGoInputs(s.inputs)+`	var inFlight, most atomic.Int32
	fn := func(ctx context.Context, in int) (int, error) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(20 * time.Millisecond) // hold each call, so that extra ones overlap
		return in * 10, nil
	}
	if _, err := Map(context.Background(), %d, inputs, fn); err != nil {
		t.Fatal(err)
	}
	if m := most.Load(); m > %d {
		t.Errorf("%%d calls of fn were in flight at once, want at most %d", m)
	}
}
`, s.workers, s.workers, s.workers)
}

// judgeReachRepro writes a test in which the first call to start is slow: meanwhile the other
// workers must go on with the other inputs. A Map that runs fewer calls at a time than it may
// (one at a time, in batches, or with a fixed share of the inputs per worker) waits for it.
func judgeReachRepro(workers int, inputs []int) string {
	return fmt.Sprintf(`func TestRepro(t *testing.T) {
%s	var started atomic.Int32
	allStarted := make(chan struct{})
	fn := func(ctx context.Context, in int) (int, error) {
		n := started.Add(1)
		if n == int32(len(inputs)) {
			close(allStarted)
		}
		if n == 1 { // the first call is slow
			select {
			case <-allStarted:
			case <-time.After(time.Second):
				t.Errorf("fn(ctx, %%d) ran for 1s, and only %%d calls started meanwhile: with %d workers, the others must go on with the other inputs", in, started.Load())
			}
		}
		return in * 10, nil
	}
	Map(context.Background(), %d, inputs, fn)
}
`, judgeGoInputs(inputs), workers, workers)
}
