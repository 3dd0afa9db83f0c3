package boundedqueue

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// TestExample is the example of the statement: first in, first out, a Len that counts, and a
// Put on a full queue that gives up when its deadline passes.
func TestExample(t *testing.T) {
	judgePlay(t, judgeScript{capacity: 2, ctxs: []time.Duration{100 * time.Millisecond}, acts: []judgeAct{
		judgeDo(judgePut("ctx", 1), "nil", "the queue had room"),
		judgeDo(judgePut("ctx", 2), "nil", "the queue had room"),
		judgeDo(judgeLen(), "2", "two items were put"),
		judgeDo(judgeTake("ctx"), "1, nil", "Take returns the oldest item"),
		judgeDo(judgePut("ctx", 3), "nil", "the Take made room"),
		judgeGo(judgePut("ctx1", 4)),
		judgeWaiting(judgePut("ctx1", 4), "the queue is full, holding its capacity of 2, so Put must wait until a Take makes room or ctx1's deadline passes"),
		judgeAwait(judgePut("ctx1", 4), "context.DeadlineExceeded",
			"the queue was full, so Put had to wait, and must give up with ctx.Err() when ctx1's deadline of 100ms passes"),
		judgeDo(judgeTake("ctx"), "2, nil", "the queue held 2 and 3: the Put that gave up must not have added 4"),
		judgeDo(judgeTake("ctx"), "3, nil", "the queue held 3"),
		judgeDo(judgeLen(), "0", "1, 2 and 3 were put and taken, and the Put of 4 gave up, so 4 must never be added, even once there is room"),
	}}, "")
}

// TestEdgeCases pins one rule per subtest, with one goroutine, so that a failure names the
// rule that was broken.
func TestEdgeCases(t *testing.T) {
	puts := func(ctx string, vs ...int) []judgeOp {
		var out []judgeOp
		for _, v := range vs {
			out = append(out, judgePut(ctx, v))
		}
		return out
	}
	takes := func(n int) []judgeOp {
		var out []judgeOp
		for range n {
			out = append(out, judgeTake("ctx"))
		}
		return out
	}
	seq := func(parts ...[]judgeOp) []judgeOp {
		var out []judgeOp
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	one := func(ops ...judgeOp) []judgeOp { return ops }
	for _, tc := range []struct {
		name     string
		capacity int
		ops      []judgeOp
	}{
		{"first_in_first_out", 5, seq(puts("ctx", 1, 2, 3, 4, 5), takes(5))},
		{"capacity_one", 1, seq(
			puts("ctx", 1), one(judgeLen(), judgePut("cancelled", 2)), takes(1),
			one(judgeTake("cancelled")), puts("ctx", 3), takes(1), one(judgeLen()))},
		{"wraps_around", 3, seq(
			puts("ctx", 1, 2, 3), takes(2), puts("ctx", 4, 5), one(judgeLen()), takes(3),
			puts("ctx", 6, 7, 8), one(judgePut("cancelled", 9)), takes(3), one(judgeLen()))},
		{"len_counts_items", 3, seq(
			one(judgeLen()), puts("ctx", 1), one(judgeLen()), puts("ctx", 2, 3), one(judgeLen()),
			takes(1), one(judgeLen()), takes(2), one(judgeLen()))},
		{"put_on_full_queue_with_cancelled_context", 2, seq(
			puts("ctx", 1, 2), one(judgePut("cancelled", 3), judgeLen()), takes(2), one(judgeTake("cancelled"), judgeLen()))},
		{"take_on_empty_queue_with_cancelled_context", 2, seq(
			one(judgeTake("cancelled"), judgeLen()), puts("ctx", 1), takes(1), one(judgeTake("cancelled"), judgeLen()))},
		{"context_past_its_deadline", 1, seq(
			one(judgeTake("expired")), puts("ctx", 1), one(judgePut("expired", 2), judgeLen()), takes(1), one(judgeLen()))},
		{"zero_negative_and_extreme_values", 4, seq(
			puts("ctx", 0, -1, math.MinInt, math.MaxInt), one(judgeLen()), takes(4), one(judgeLen()))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := judgeProgram{capacity: tc.capacity, ops: tc.ops}
			if got := judgeNormalise(p.capacity, p.ops); fmt.Sprint(got) != fmt.Sprint(p.ops) {
				t.Fatalf("hidden test is wrong: a call in it could wait, or has more than one right result")
			}
			kit.Check(t, p.scenario().HandWritten(""))
		})
	}
}

// TestRandomOperations compares the solution with the model on long random sequences of calls
// that never have to wait: a Put on a full queue, or a Take on an empty one, is always made
// with a context that is already done. The seeds are fixed, so a solution gets the same
// verdict, and the same shrunk sequence, on every run.
func TestRandomOperations(t *testing.T) {
	kit.CheckEach(t, 300, func(i int) judgeScenario {
		return judgeRandomProgram(rand.New(rand.NewPCG(0xb0_0de_d, uint64(i)))).scenario()
	})
}

// judgeRandomProgram draws a program whose calls all have a certain result. The queue fills and
// drains in phases, so that it is often full, often empty, and its ring buffer (if it has
// one) wraps round many times.
func judgeRandomProgram(rng *rand.Rand) judgeProgram {
	capacity := 1 + rng.IntN(5)
	if rng.IntN(6) == 0 {
		capacity = 8 + rng.IntN(9)
	}
	// Values count up, so that an item out of order stands out; one program in ten uses
	// zeros, negatives and extremes instead, for queues that use a value to mean "empty".
	wild := rng.IntN(10) == 0
	next := 0
	value := func() int {
		next++
		if !wild {
			return next
		}
		return []int{0, -1, next, -next, math.MinInt, math.MaxInt, 1 << 40}[rng.IntN(7)]
	}
	done := func() string {
		if rng.IntN(4) == 0 {
			return "expired"
		}
		return "cancelled"
	}
	filling := true
	n := 0
	p := judgeProgram{capacity: capacity}
	for range 30 + rng.IntN(90) {
		if rng.IntN(8) == 0 {
			filling = !filling
		}
		put := rng.IntN(10) < 3
		if filling {
			put = rng.IntN(10) < 7
		}
		switch {
		case rng.IntN(10) == 0:
			p.ops = append(p.ops, judgeLen())
		case put && n < capacity:
			p.ops = append(p.ops, judgePut("ctx", value()))
			n++
		case put && rng.IntN(3) == 0:
			p.ops = append(p.ops, judgePut(done(), value()))
		case put:
			p.ops = append(p.ops, judgeTake("ctx"))
			n--
		case n > 0:
			p.ops = append(p.ops, judgeTake("ctx"))
			n--
		case rng.IntN(3) == 0:
			p.ops = append(p.ops, judgeTake(done()))
		default:
			p.ops = append(p.ops, judgePut("ctx", value()))
			n++
		}
	}
	return p
}

// TestWaiting checks that a call that cannot go ahead waits, and goes ahead as soon as
// another goroutine's call lets it.
func TestWaiting(t *testing.T) {
	t.Run("take_waits_for_put", func(t *testing.T) { judgePlay(t, judgeTakeWaitsScript(), "") })
	t.Run("put_waits_for_take", func(t *testing.T) { judgePlay(t, judgePutWaitsScript(), "") })
}

// TestCancellation checks that a waiting call stops as soon as its context is done, returns
// ctx.Err(), and has no effect: no item lost, none added, no other caller's wake-up stolen.
func TestCancellation(t *testing.T) {
	t.Run("waiting_take", func(t *testing.T) { judgePlay(t, judgeCancelTakeScript(), "") })
	t.Run("waiting_put", func(t *testing.T) { judgePlay(t, judgeCancelPutScript(), "") })
	t.Run("deadline", func(t *testing.T) {
		judgePlay(t, judgeScript{capacity: 1, ctxs: []time.Duration{100 * time.Millisecond, 100 * time.Millisecond}, acts: []judgeAct{
			judgeGo(judgeTake("ctx1")),
			judgeWaiting(judgeTake("ctx1"), "the queue is empty, so Take must wait until an item is put or ctx1's deadline passes"),
			judgeAwait(judgeTake("ctx1"), "0, context.DeadlineExceeded",
				"a waiting Take must stop when its context's deadline passes and return 0, ctx.Err(), which is then context.DeadlineExceeded"),
			judgeDo(judgePut("ctx", 1), "nil", "the queue was empty"),
			judgeGo(judgePut("ctx2", 2)),
			judgeWaiting(judgePut("ctx2", 2), "the queue is full, so Put must wait until a Take makes room or ctx2's deadline passes"),
			judgeAwait(judgePut("ctx2", 2), "context.DeadlineExceeded",
				"a waiting Put must stop when its context's deadline passes and return ctx.Err(), which is then context.DeadlineExceeded"),
			judgeDo(judgeLen(), "1", "the Put that gave up must not add 2"),
			judgeDo(judgeTake("ctx"), "1, nil", "the queue held 1"),
		}}, "")
	})
	t.Run("one_of_two_takers", func(t *testing.T) {
		judgePlay(t, judgeScript{capacity: 1, ctxs: []time.Duration{0, 0}, acts: []judgeAct{
			judgeGo(judgeTake("ctx1")),
			judgeWaiting(judgeTake("ctx1"), "the queue is empty, so Take must wait"),
			judgeGo(judgeTake("ctx2")),
			judgeWaiting(judgeTake("ctx2"), "the queue is empty, so Take must wait"),
			judgeCancel(1),
			judgeAwait(judgeTake("ctx1"), "0, context.Canceled",
				"a waiting Take must stop as soon as its context is done and return 0, ctx.Err()"),
			judgeWaiting(judgeTake("ctx2"), "only ctx1 was cancelled, so the Take with ctx2 must go on waiting"),
			judgeDo(judgePut("ctx", 9), "nil", "the queue was empty"),
			judgeAwait(judgeTake("ctx2"), "9, nil",
				"the Take with ctx2 was still waiting, so it must get the 9: the cancelled Take must not take it, nor may cancelling one waiter cost the other its wake-up"),
			judgeDo(judgeLen(), "0", "the waiting Take took the only item"),
		}}, "")
	})
	t.Run("one_of_two_putters", func(t *testing.T) {
		judgePlay(t, judgeScript{capacity: 1, ctxs: []time.Duration{0, 0}, acts: []judgeAct{
			judgeDo(judgePut("ctx", 1), "nil", "the queue had room"),
			judgeGo(judgePut("ctx1", 2)),
			judgeWaiting(judgePut("ctx1", 2), "the queue is full, so Put must wait"),
			judgeGo(judgePut("ctx2", 3)),
			judgeWaiting(judgePut("ctx2", 3), "the queue is full, so Put must wait"),
			judgeCancel(1),
			judgeAwait(judgePut("ctx1", 2), "context.Canceled",
				"a waiting Put must stop as soon as its context is done and return ctx.Err()"),
			judgeWaiting(judgePut("ctx2", 3), "only ctx1 was cancelled, and the queue is still full, so the Put with ctx2 must go on waiting"),
			judgeDo(judgeTake("ctx"), "1, nil", "the queue held 1"),
			judgeAwait(judgePut("ctx2", 3), "nil",
				"the Put with ctx2 was still waiting for room, and the Take made some"),
			judgeDo(judgeTake("ctx"), "3, nil",
				"2 was put with ctx1, which was cancelled before there was room, so only 3 was added"),
			judgeDo(judgeLen(), "0", "1 and 3 were put and taken, and the Put of 2 gave up, so 2 must never be added, even once there is room"),
		}}, "")
	})
}

// TestCancelledAsWoken cancels a waiting call at the moment the call that lets it go ahead
// happens, with a second call waiting behind it, a hundred times over. The first call may go
// ahead or give up, but if it gives up, the item (or the room) must go to the second one. A
// queue that wakes one waiter at a time, by a Signal or by closing one waiter's channel, loses
// that wake-up when the waiter it picked gives up instead: the second call then waits for ever
// beside an item it could take. TestCancellation cannot see this, since there the cancelled
// call has gone before the item arrives.
func TestCancelledAsWoken(t *testing.T) {
	// A queue that fails the plain stories fails this one now and then, depending on the
	// scheduling: report the plain failure instead, the same on every run.
	if !judgeRehearse(t) {
		return
	}
	t.Run("waiting_takes", func(t *testing.T) {
		if f := judgeCancelAsWoken(true); f != nil {
			f.fail(t, "")
		}
	})
	t.Run("waiting_puts", func(t *testing.T) {
		if f := judgeCancelAsWoken(false); f != nil {
			f.fail(t, "")
		}
	})
}

// judgeAsWokenRounds is how many times TestCancelledAsWoken plays its story: the moment the
// cancellation must hit is narrow, and each round takes a few milliseconds.
const judgeAsWokenRounds = 100

// judgeCancelAsWoken plays the story of TestCancelledAsWoken, for two Takes waiting on an empty
// queue or two Puts waiting on a full one, and returns the first thing that went wrong.
// Waiting is only checked one-sidedly: the sleeps make it likely, not necessary, that the
// calls are waiting when the story goes on, and every outcome of a call that need not wait is
// accepted.
func judgeCancelAsWoken(take bool) *judgeFailure {
	first, second, release := judgeTake("ctx1"), judgeTake("ctx2"), judgePut("ctx", 1)
	setup := []judgeOp(nil)
	if !take {
		setup = []judgeOp{judgePut("ctx", 1)}
		first, second, release = judgePut("ctx1", 2), judgePut("ctx2", 3), judgeTake("ctx")
	}
	for round := range judgeAsWokenRounds {
		// Either order of the release and the cancellation can meet the first call between
		// being woken and going ahead.
		cancelFirst := round%2 == 1
		if f := judgeAsWokenRound(take, first, second, release, setup, cancelFirst); f != nil {
			return f
		}
	}
	return nil
}

func judgeAsWokenRound(take bool, first, second, release judgeOp, setup []judgeOp, cancelFirst bool) *judgeFailure {
	ctx1, cancel1 := context.WithCancel(judgeCtx)
	ctx2, cancel2 := context.WithCancel(judgeCtx)
	defer cancel1()
	defer cancel2() // only once the story is over, to release a call that hung
	lines := []string{"q := New(1)"}
	var q *Queue
	do := func(op judgeOp, ctx context.Context) <-chan judgeResult {
		return judgeStart(func() string { return op.do(q, ctx) }, false)
	}
	what := "Take"
	if !take {
		what = "Put"
	}
	// The round is left out: which one meets the moment depends on scheduling.
	how := fmt.Sprintf("in one of %d rounds", judgeAsWokenRounds)
	failure := func(kind string, want, got []string, summary string) *judgeFailure {
		return &judgeFailure{kind: kind, summary: how + ": " + summary,
			want: append(append([]string(nil), lines...), want...), got: append(append([]string(nil), lines...), got...),
			repro: judgeAsWokenRepro(take, first, second, release, setup)}
	}
	// await waits for a call's result: ok is false, with the failure, when it did not come or
	// was not one of wants.
	await := func(op judgeOp, ch <-chan judgeResult, started bool, why string, wants ...string) (string, *judgeFailure) {
		verb, sep := " = ", " = "
		if started {
			verb, sep = " returned ", " returned "
		}
		select {
		case r := <-ch:
			if r.panicked != "" {
				return "", failure(kit.RuntimeError, []string{op.call() + verb + wants[0]},
					[]string{op.call() + " panicked: " + kit.PanicMessage(r.panicked)},
					op.call()+" panicked: "+kit.PanicMessage(r.panicked)+kit.PanicSite(r.panicked, New))
			}
			for _, w := range wants {
				if judgeSame(w, r.text) {
					lines = append(lines, op.call()+sep+r.text)
					return r.text, nil
				}
			}
			return "", failure(kit.WrongAnswer, []string{op.call() + verb + strings.Join(wants, " or ")},
				[]string{op.call() + verb + r.text},
				fmt.Sprintf("%s returned %s, want %s: %s", op.call(), r.text, strings.Join(wants, " or "), why))
		case <-time.After(kit.Wait()):
			kit.MarkHung()
			return "", failure(kit.TimeLimitExceeded, []string{op.call() + verb + wants[0]},
				[]string{op.call() + " never returned"},
				fmt.Sprintf("%s did not return within %s: %s; %s", op.call(), kit.Wait(), why, kit.WhyStuck()))
		}
	}
	created := judgeStart(func() string { q = New(1); return "" }, false)
	if _, f := await(judgeOp{kind: judgeLenOp}, created, false, "New never waits", ""); f != nil {
		f.want[len(f.want)-1], f.got[len(f.got)-1] = "q := New(1)", strings.Replace(f.got[len(f.got)-1], "q.Len()", "New(1)", 1)
		return f
	}
	lines = lines[:1]
	for _, op := range setup {
		if _, f := await(op, do(op, judgeCtx), false, "the queue had room", "nil"); f != nil {
			return f
		}
	}
	r1 := do(first, ctx1)
	lines = append(lines, "go "+first.call())
	time.Sleep(time.Millisecond)
	r2 := do(second, ctx2)
	lines = append(lines, "go "+second.call())
	time.Sleep(time.Millisecond)
	releaseWant := "nil"
	if !take {
		releaseWant = "1, nil"
	}
	// The transcript is the same for either order, so that a failure reads the same whichever
	// round shows it.
	lines = append(lines, "cancel1(), at the same moment as the next call")
	var rel <-chan judgeResult
	if cancelFirst {
		cancel1()
		rel = do(release, judgeCtx)
	} else {
		rel = do(release, judgeCtx)
		cancel1()
	}
	if _, f := await(release, rel, false, "the queue was "+map[bool]string{true: "empty", false: "full"}[take]+", so "+release.call()+" had no reason to wait", releaseWant); f != nil {
		return f
	}
	firstWants := []string{"0, context.Canceled", "1, nil"}
	if !take {
		firstWants = []string{"context.Canceled", "nil"}
	}
	got1, f := await(first, r1, true, "ctx1 is done, so the waiting "+what+" must give up, unless it went ahead first", firstWants...)
	if f != nil {
		return f
	}
	gaveUp := strings.Contains(got1, "context.Canceled")
	if take {
		if gaveUp {
			if _, f := await(second, r2, true, "the Take with ctx1 gave up without taking the 1, so the Take with ctx2, still waiting, must get it: a waiter that is woken but gives up must pass its wake-up on to another waiter, or every waiter must be woken", "1, nil"); f != nil {
				return f
			}
		} else {
			if _, f := await(judgePut("ctx", 2), do(judgePut("ctx", 2), judgeCtx), false, "the queue was empty", "nil"); f != nil {
				return f
			}
			if _, f := await(second, r2, true, "the Take with ctx2 was waiting, and 2 was put", "2, nil"); f != nil {
				return f
			}
		}
	} else {
		if gaveUp {
			if _, f := await(second, r2, true, "the Put with ctx1 gave up without adding 2, so the Put with ctx2, still waiting, must have the room: a waiter that is woken but gives up must pass its wake-up on to another waiter, or every waiter must be woken", "nil"); f != nil {
				return f
			}
		} else {
			if _, f := await(judgeTake("ctx"), do(judgeTake("ctx"), judgeCtx), false, "the queue held 2, put with ctx1 before it was cancelled", "2, nil"); f != nil {
				return f
			}
			if _, f := await(second, r2, true, "the Put with ctx2 was waiting, and the Take made room", "nil"); f != nil {
				return f
			}
		}
		if _, f := await(judgeTake("ctx"), do(judgeTake("ctx"), judgeCtx), false, "the queue held 3, put with ctx2", "3, nil"); f != nil {
			return f
		}
	}
	if _, f := await(judgeLen(), do(judgeLen(), nil), false, "every item put was taken", "0"); f != nil {
		return f
	}
	return nil
}

// judgeAsWokenRepro writes the story as a test that plays it a hundred times, which the learner
// can paste.
func judgeAsWokenRepro(take bool, first, second, release judgeOp, setup []judgeOp) string {
	var b strings.Builder
	b.WriteString("func TestRepro(t *testing.T) { // import \"time\"\n\tctx := context.Background()\n")
	fmt.Fprintf(&b, "\tfor round := 0; round < %d; round++ {\n", judgeAsWokenRounds)
	b.WriteString("\t\tq := New(1)\n")
	for _, op := range setup {
		fmt.Fprintf(&b, "\t\t%s\n", op.call())
	}
	b.WriteString("\t\tctx1, cancel1 := context.WithCancel(ctx)\n\t\tctx2, cancel2 := context.WithCancel(ctx)\n")
	b.WriteString("\t\tfirst, second := make(chan error, 1), make(chan error, 1)\n")
	call := func(op judgeOp) string {
		if op.kind == judgeTakeOp {
			return fmt.Sprintf("_, err := %s; ", op.call())
		}
		return fmt.Sprintf("err := %s; ", op.call())
	}
	fmt.Fprintf(&b, "\t\tgo func() { %sfirst <- err }()\n\t\ttime.Sleep(time.Millisecond)\n", call(first))
	fmt.Fprintf(&b, "\t\tgo func() { %ssecond <- err }()\n\t\ttime.Sleep(time.Millisecond)\n", call(second))
	fmt.Fprintf(&b, "\t\tif round%%2 == 1 {\n\t\t\tcancel1()\n\t\t\t%s\n\t\t} else {\n\t\t\t%s\n\t\t\tcancel1()\n\t\t}\n", release.call(), release.call())
	b.WriteString("\t\tif err := <-first; err != nil {\n")
	b.WriteString("\t\t\t// the first call gave up, so the second must go ahead\n")
	b.WriteString("\t\t\tselect {\n\t\t\tcase err := <-second:\n\t\t\t\tif err != nil {\n\t\t\t\t\tt.Fatalf(\"round %d: the second call returned %v, want nil\", round, err)\n\t\t\t\t}\n")
	fmt.Fprintf(&b, "\t\t\tcase <-time.After(2 * time.Second):\n\t\t\t\tt.Fatalf(\"round %%d: the first call gave up, but %s never returned\", round)\n\t\t\t}\n", strings.ReplaceAll(second.call(), `"`, `\"`))
	b.WriteString("\t\t}\n\t\tcancel2()\n\t}\n}\n")
	return b.String()
}

// TestLargeCapacity uses a queue of capacity 70 001, past what a 16-bit index or a fixed array
// of a few thousand items can hold: first with two items in it at most, for twice its capacity
// of Puts and Takes, so that a ring buffer wraps round twice, then filled to its capacity. Each
// call is O(1) in every design the statement allows, so the test is quick for all of them.
func TestLargeCapacity(t *testing.T) {
	const capacity = 70_001
	var f *judgeFailure
	done := judgeStart(func() string { f = judgeLargeStory(capacity); return "" }, false)
	select {
	case r := <-done:
		if r.panicked != "" {
			kit.Fail(t, kit.Record{Kind: kit.RuntimeError,
				Summary: fmt.Sprintf("with a queue of capacity %d: a call panicked: %s%s", capacity, kit.PanicMessage(r.panicked), kit.PanicSite(r.panicked, New)),
				Repro:   judgeLargeRepro(capacity)})
			return
		}
	case <-time.After(10 * kit.Patience):
		kit.MarkHung()
		kit.Fail(t, kit.Record{Kind: kit.TimeLimitExceeded,
			Summary: fmt.Sprintf("with a queue of capacity %d, %d Puts and Takes, none of which has to wait, did not finish within %s; %s",
				capacity, 5*capacity, 10*kit.Patience, kit.WhyStuck()),
			Repro: judgeLargeRepro(capacity)})
		return
	}
	if f != nil {
		f.fail(t, "")
	}
}

// judgeLargeStory plays TestLargeCapacity's calls and returns the first that went wrong.
func judgeLargeStory(capacity int) *judgeFailure {
	q := New(capacity)
	setup := fmt.Sprintf("q := New(%d)", capacity)
	var history []string // what came before, in a few lines
	wrong := func(call, want, got, why string) *judgeFailure {
		lines := append([]string{setup}, history...)
		return &judgeFailure{kind: kit.WrongAnswer,
			summary: fmt.Sprintf("%s returned %s, want %s: %s", call, got, want, why),
			want:    append(append([]string(nil), lines...), call+" = "+want),
			got:     append(append([]string(nil), lines...), call+" = "+got),
			repro:   judgeLargeRepro(capacity)}
	}
	// why is called only on a failure: the story makes hundreds of thousands of calls.
	put := func(ctx context.Context, name string, v int, want string, why func() string) *judgeFailure {
		err := q.Put(ctx, v)
		if (err == nil) == (want == "nil") && (err == nil || errors.Is(err, ctx.Err())) {
			return nil
		}
		return wrong(fmt.Sprintf("q.Put(%s, %d)", name, v), want, judgeShowErr(err), why())
	}
	take := func(want int, why func() string) *judgeFailure {
		v, err := q.Take(judgeCtx)
		if v == want && err == nil {
			return nil
		}
		return wrong("q.Take(ctx)", fmt.Sprintf("%d, nil", want), fmt.Sprintf("%d, %s", v, judgeShowErr(err)), why())
	}
	says := func(s string) func() string { return func() string { return s } }
	// Two items at most, for 2*capacity+2 Puts: item i is i+1, and the Take after the Put of
	// item i returns item i-1.
	rounds := 2*capacity + 2
	for i := range rounds {
		if f := put(judgeCtx, "ctx", i+1, "nil", func() string {
			held := "nothing"
			if i > 0 {
				held = fmt.Sprintf("just %d", i)
			}
			return fmt.Sprintf("the queue held %s, and it can hold %d items", held, capacity)
		}); f != nil {
			return f
		}
		if i == 0 {
			continue
		}
		if f := take(i, func() string {
			return fmt.Sprintf("the queue held %d and %d (oldest first), after %d Puts and %d Takes had moved its front round a queue of capacity %d %d times", i, i+1, i+1, i-1, capacity, (i-1)/capacity)
		}); f != nil {
			return f
		}
		if i == 1 {
			history = append(history, "q.Put(ctx, 1) = nil", "q.Put(ctx, 2) = nil", "q.Take(ctx) = 1, nil")
		}
	}
	history = append(history, fmt.Sprintf("... then for i = 3 .. %d: q.Put(ctx, i) = nil and q.Take(ctx) = i-1, nil", rounds))
	if f := take(rounds, says("the queue held just that item")); f != nil {
		return f
	}
	history = append(history, fmt.Sprintf("q.Take(ctx) = %d, nil", rounds))
	if n := q.Len(); n != 0 {
		return wrong("q.Len()", "0", fmt.Sprint(n), "every item put was taken")
	}
	// Now full: item k is -k, so that a value that was never put stands out.
	for k := 1; k <= capacity; k++ {
		if f := put(judgeCtx, "ctx", -k, "nil", func() string {
			return fmt.Sprintf("the queue held %d of the %d items it can hold", k-1, capacity)
		}); f != nil {
			return f
		}
	}
	history = append(history, fmt.Sprintf("... then for k = 1 .. %d: q.Put(ctx, -k) = nil", capacity))
	if n := q.Len(); n != capacity {
		return wrong("q.Len()", fmt.Sprint(capacity), fmt.Sprint(n), fmt.Sprintf("%d items were put into an empty queue, and none taken", capacity))
	}
	history = append(history, fmt.Sprintf("q.Len() = %d", capacity))
	if f := put(judgeCancelled, "cancelled", 1, "context.Canceled", says(fmt.Sprintf("the queue was full, holding its capacity of %d, and the context was already cancelled: Put must return ctx.Err() without adding 1", capacity))); f != nil {
		return f
	}
	history = append(history, "q.Put(cancelled, 1) = context.Canceled")
	for k := 1; k <= 3; k++ {
		if f := take(-k, says("the queue is first in, first out")); f != nil {
			return f
		}
		history = append(history, fmt.Sprintf("q.Take(ctx) = %d, nil", -k))
	}
	for k := 1; k <= 3; k++ {
		if f := put(judgeCtx, "ctx", 10*k, "nil", says("3 items were taken from the full queue, making room for 3")); f != nil {
			return f
		}
		history = append(history, fmt.Sprintf("q.Put(ctx, %d) = nil", 10*k))
	}
	if n := q.Len(); n != capacity {
		return wrong("q.Len()", fmt.Sprint(capacity), fmt.Sprint(n), "3 items were taken from the full queue and 3 put")
	}
	return nil
}

// judgeLargeRepro is TestLargeCapacity as a test the learner can paste.
func judgeLargeRepro(capacity int) string {
	return fmt.Sprintf(`func TestRepro(t *testing.T) {
	ctx := context.Background()
	const capacity = %d
	q := New(capacity)
	for i := 0; i < 2*capacity+2; i++ {
		if err := q.Put(ctx, i+1); err != nil {
			t.Fatalf("q.Put(ctx, %%d) = %%v, want nil", i+1, err)
		}
		if i > 0 {
			if v, err := q.Take(ctx); v != i || err != nil {
				t.Fatalf("q.Take(ctx) = %%v, %%v, want %%d, nil", v, err, i)
			}
		}
	}
	q.Take(ctx)
	for k := 1; k <= capacity; k++ {
		if err := q.Put(ctx, -k); err != nil {
			t.Fatalf("q.Put(ctx, %%d) = %%v, want nil", -k, err)
		}
	}
	if n := q.Len(); n != capacity {
		t.Fatalf("q.Len() = %%d, want %%d", n, capacity)
	}
	for k := 1; k <= 3; k++ {
		if v, err := q.Take(ctx); v != -k || err != nil {
			t.Fatalf("q.Take(ctx) = %%v, %%v, want %%d, nil", v, err, -k)
		}
	}
}
`, capacity)
}
