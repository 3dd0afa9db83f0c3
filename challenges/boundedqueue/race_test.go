package boundedqueue

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// TestConcurrentPutTake has producers and consumers share one queue, with a goroutine calling
// Len all the while, and checks that every item put is taken exactly once, that each consumer
// gets each producer's items in the order they were put, and that Len never leaves 0 to
// capacity. The suite runs under the race detector, which reports any unsynchronised access;
// the checks add what it cannot see, such as an item lost or handed out twice.
func TestConcurrentPutTake(t *testing.T) {
	// The race detector reports a pair of racing stacks once per process, so each test starts
	// its goroutines from a function of its own, whose frame makes its stacks new.
	spawn := func(f func()) { go func() { f() }() }
	judgeStressEach(t, spawn, false)
}

// TestConcurrentCancellation is TestConcurrentPutTake with every call given a deadline a few
// microseconds away, so that calls give up all the time, many of them just as an item or some
// room arrives for them. A call that gave up must have had no effect: a producer puts the same
// item again until a Put succeeds, and every item must still be taken exactly once.
func TestConcurrentCancellation(t *testing.T) {
	spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentPutTake
	judgeStressEach(t, spawn, true)
}

// The workload: judgeProducers goroutines put judgeItemsEach items each, and judgeConsumers
// goroutines take them. Item p*judgeValueBase+s is producer p's s-th, so that every item taken
// names who put it and when. The numbers are small, since the race detector slows code tenfold
// and the suite runs beside the correctness suite on a small machine.
const (
	judgeProducers = 4
	judgeConsumers = 4
	judgeItemsEach = 1000
	judgeValueBase = 1_000_000
	// judgeMaxTimeout bounds the deadlines of TestConcurrentCancellation's calls.
	judgeMaxTimeout = 200 * time.Microsecond
)

var judgeRaceCapacities = []int{1, 3, 32}

// judgeStressEach rehearses, then runs the workload on a queue of each of judgeRaceCapacities
// in turn, and reports the first problem.
func judgeStressEach(t *testing.T, spawn func(func()), timeouts bool) {
	t.Helper()
	if !judgeRehearse(t) {
		return
	}
	for _, capacity := range judgeRaceCapacities {
		if p := judgeStress(capacity, timeouts, spawn); p != nil {
			kit.Fail(t, *p)
			return
		}
	}
}

// judgeRehearse checks first, one call at a time, what the concurrent tests rely on: that the
// queue fills, refuses to overfill, drains and refuses to underflow; that a waiting call is
// woken by the call that lets it go ahead, and that one that is cancelled has no effect; and
// that no call leaves a goroutine behind, as thousands of calls would pile them up. A plain
// mistake then gets a plain report, the same on every run, rather than a report of whatever
// the concurrent run happened to meet first.
func judgeRehearse(t *testing.T) bool {
	t.Helper()
	for _, capacity := range judgeRaceCapacities {
		sc := judgeRehearsal(capacity).scenario()
		sc.Context = "with one goroutine, before the concurrent test: "
		if !kit.Check(t, sc) {
			return false
		}
	}
	for _, s := range []judgeScript{judgeTakeWaitsScript(), judgePutWaitsScript(), judgeCancelTakeScript(), judgeCancelPutScript()} {
		if !judgePlay(t, s, "with two goroutines, before the concurrent test: ") {
			return false
		}
	}
	return true
}

// judgeRehearsal is a program that fills the queue, tries to overfill it, drains it and tries
// to take from it empty, a few times over.
func judgeRehearsal(capacity int) judgeProgram {
	p := judgeProgram{capacity: capacity}
	for round := range 3 {
		for i := range capacity {
			p.ops = append(p.ops, judgePut("ctx", (round+1)*100+i+1))
		}
		p.ops = append(p.ops, judgeLen(), judgePut("cancelled", (round+1)*100), judgeLen())
		for range capacity {
			p.ops = append(p.ops, judgeTake("ctx"))
		}
		p.ops = append(p.ops, judgeLen(), judgeTake("cancelled"), judgeLen())
	}
	return p
}

// judgeStress runs the workload on a new queue of the given capacity and returns the first
// problem. With timeouts, every call has a deadline of its own, drawn from fixed seeds. spawn
// runs a function on a new goroutine.
func judgeStress(capacity int, timeouts bool, spawn func(func())) *kit.Record {
	how := fmt.Sprintf("capacity %d, %d producers and %d consumers at once", capacity, judgeProducers, judgeConsumers)
	if timeouts {
		how += fmt.Sprintf(", every call with a deadline of at most %s", judgeMaxTimeout)
	}
	var q *Queue
	if msg := kit.Catch(func() { q = New(capacity) }); msg != "" {
		return &kit.Record{Kind: kit.RuntimeError,
			Summary: fmt.Sprintf("New(%d) panicked: %s%s", capacity, kit.PanicMessage(msg), kit.PanicSite(msg, New))}
	}
	const total = judgeProducers * judgeItemsEach
	var (
		taken [judgeConsumers][]int
		count atomic.Int64 // items taken so far
		// The context of each producer's and consumer's call in progress, nil between calls.
		ctxs [judgeProducers + judgeConsumers]atomic.Pointer[context.Context]
	)
	stopCtx, stop := context.WithCancel(context.Background()) // the consumers' context
	defer stop()
	stopped := func() bool {
		select {
		case <-stopCtx.Done():
			return true
		default:
			return false
		}
	}
	run := &kit.Run{How: how, Spawn: spawn, Solution: New}
	// call makes the call of worker slot through w, with ctx made from base, and with a deadline
	// of its own when timeouts are on. It returns ctx.Err() as the call returned.
	call := func(w *kit.Worker, slot int, rng *rand.Rand, base context.Context, code string, f func(ctx context.Context)) (ctxErr error, ok bool) {
		ctx := base
		if timeouts {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(base, time.Duration(rng.Int64N(int64(judgeMaxTimeout))))
			defer cancel()
		}
		ctxs[slot].Store(&ctx)
		defer ctxs[slot].Store(nil)
		ok = w.Call(code, func() { f(ctx) })
		return ctx.Err(), ok
	}
	for p := range judgeProducers {
		run.Go(fmt.Sprintf("producer %d", p+1), func(w *kit.Worker) {
			rng := rand.New(rand.NewPCG(0x9a_7e, uint64(p)))
			for s := 1; s <= judgeItemsEach; s++ {
				v := (p+1)*judgeValueBase + s
				code := fmt.Sprintf("q.Put(ctx, %d)", v)
				for {
					var err error
					ctxErr, ok := call(w, p, rng, context.Background(), code, func(ctx context.Context) { err = q.Put(ctx, v) })
					if !ok {
						return
					}
					if err == nil {
						break
					}
					if ctxErr == nil || !judgeSame(judgeShowErr(ctxErr), judgeShowErr(err)) {
						why := "ctx was never done, so Put must not fail"
						if ctxErr != nil {
							why = fmt.Sprintf("a Put that gives up returns ctx.Err(), which was %s", judgeShowErr(ctxErr))
						}
						run.Fail(kit.Record{Kind: kit.WrongAnswer,
							Summary: fmt.Sprintf("%s returned %s: %s", w.Where(), judgeShowErr(err), why),
							Want:    []string{code + " = " + judgeShowErr(ctxErr)}, Got: []string{code + " = " + judgeShowErr(err)}})
						return
					}
				}
				if s%16 == 0 {
					runtime.Gosched()
				}
			}
		})
	}
	for c := range judgeConsumers {
		run.Go(fmt.Sprintf("consumer %d", c+1), func(w *kit.Worker) {
			rng := rand.New(rand.NewPCG(0xc0_45, uint64(c)))
			for !stopped() {
				var v int
				var err error
				ctxErr, ok := call(w, judgeProducers+c, rng, stopCtx, "q.Take(ctx)", func(ctx context.Context) { v, err = q.Take(ctx) })
				if !ok {
					return
				}
				if err == nil {
					taken[c] = append(taken[c], v)
					count.Add(1)
					continue
				}
				got := fmt.Sprintf("%d, %s", v, judgeShowErr(err))
				if ctxErr == nil || v != 0 || !judgeSame(judgeShowErr(ctxErr), judgeShowErr(err)) {
					why, want := "ctx was not done, so Take must not fail", "an item, nil"
					if ctxErr != nil {
						why, want = "a Take that gives up returns 0, ctx.Err()", "0, "+judgeShowErr(ctxErr)
					}
					run.Fail(kit.Record{Kind: kit.WrongAnswer,
						Summary: fmt.Sprintf("%s returned %s: %s", w.Where(), got, why),
						Want:    []string{"q.Take(ctx) = " + want}, Got: []string{"q.Take(ctx) = " + got}})
					return
				}
			}
		})
	}
	// A watcher calls Len all the while: it must never be below 0 or above the capacity.
	run.Go("the Len watcher", func(w *kit.Worker) {
		for i := 0; !stopped(); i++ {
			var n int
			if !w.Call("q.Len()", func() { n = q.Len() }) {
				return
			}
			if n < 0 || n > capacity {
				run.Fail(kit.Record{Kind: kit.WrongAnswer,
					Summary: fmt.Sprintf("%s returned %d: a queue of capacity %d holds 0 to %d items", w.Where(), n, capacity, capacity),
					Want:    []string{fmt.Sprintf("q.Len() = 0 .. %d", capacity)}, Got: []string{fmt.Sprintf("q.Len() = %d", n)}})
				return
			}
			if i%8 == 7 {
				runtime.Gosched()
			}
		}
	})

	// Once every item has been taken (or something went wrong, or the run's patience ran
	// out), the consumers and the watcher stop: consumers waiting on an empty queue give up.
	run.Start()
	wait := kit.RaceWait()
	for deadline := time.Now().Add(wait); count.Load() < total && !run.Failed() && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	stop()
	if p := run.Wait(); p != nil {
		if p.Kind == kit.TimeLimitExceeded {
			p.Summary += fmt.Sprintf("\nBy then %d of the %d items had been taken", count.Load(), total)
			for i := range ctxs {
				if ctx := ctxs[i].Load(); ctx != nil && (*ctx).Err() != nil {
					p.Summary += ", and a call whose context was done was still waiting: a call that waits must return ctx.Err() as soon as its context is done: wait in a select with a case <-ctx.Done()"
					break
				}
			}
		}
		return p
	}
	if n := count.Load(); n < total {
		kit.MarkHung()
		l := -1
		kit.Within(kit.ShortPatience, func() { kit.Catch(func() { l = q.Len() }) })
		return &kit.Record{Kind: kit.WrongAnswer,
			Summary: fmt.Sprintf("%s: after %s, the producers had put %d items, but only %d came out, and q.Len() is %d: items were lost", how, wait, total, n, l)}
	}
	return judgeCheckTaken(how, taken, total)
}

// judgeCheckTaken checks that the consumers took every item exactly once, and each producer's
// items in the order they were put.
func judgeCheckTaken(how string, taken [judgeConsumers][]int, total int) *kit.Record {
	seen := map[int]int{} // item -> consumer that took it, 1-based
	for c, items := range taken {
		last := map[int]int{} // producer -> the last of its items this consumer took
		for _, v := range items {
			p, s := v/judgeValueBase, v%judgeValueBase
			if p < 1 || p > judgeProducers || s < 1 || s > judgeItemsEach {
				return &kit.Record{Kind: kit.WrongAnswer,
					Summary: fmt.Sprintf("%s: consumer %d took %d, which no producer put (producer p puts p*%d+1 .. p*%d+%d)",
						how, c+1, v, judgeValueBase, judgeValueBase, judgeItemsEach)}
			}
			if prev, ok := seen[v]; ok {
				return &kit.Record{Kind: kit.WrongAnswer,
					Summary: fmt.Sprintf("%s: item %d (producer %d's item %d) was taken twice, by consumer %d and consumer %d: each item put is taken once",
						how, v, p, s, prev, c+1)}
			}
			seen[v] = c + 1
			if l, ok := last[p]; ok && l > s {
				return &kit.Record{Kind: kit.WrongAnswer,
					Summary: fmt.Sprintf("%s: consumer %d took producer %d's item %d (%d) after its item %d (%d), but the producer put them in the other order: the queue is first in, first out",
						how, c+1, p, s, v, l, p*judgeValueBase+l)}
			}
			last[p] = s
		}
	}
	if len(seen) != total {
		var missing []int
		for p := 1; p <= judgeProducers; p++ {
			for s := 1; s <= judgeItemsEach; s++ {
				if _, ok := seen[p*judgeValueBase+s]; !ok {
					missing = append(missing, p*judgeValueBase+s)
				}
			}
		}
		sort.Ints(missing)
		return &kit.Record{Kind: kit.WrongAnswer,
			Summary: fmt.Sprintf("%s: %d of the %d items put were never taken, such as %d", how, len(missing), total, missing[0])}
	}
	return nil
}
