package boundedqueue

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
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
			judgeVerify(t, p, false, "")
		})
	}
}

// TestRandomOperations compares the solution with the model on long random sequences of calls
// that never have to wait: a Put on a full queue, or a Take on an empty one, is always made
// with a context that is already done. The seeds are fixed, so a solution gets the same
// verdict, and the same shrunk sequence, on every run.
func TestRandomOperations(t *testing.T) {
	for i := range 300 {
		rng := rand.New(rand.NewPCG(0xb0_0de_d, uint64(i)))
		if !judgeVerify(t, judgeRandomProgram(rng), true, "") {
			return
		}
	}
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
