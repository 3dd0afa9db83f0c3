package boundedqueue

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sort"
	"strings"
	"sync"
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
	if !judgeRehearse(t) {
		return
	}
	for _, capacity := range judgeRaceCapacities {
		// The race detector reports a pair of racing stacks once per process, so each test
		// starts its goroutines from a function of its own, whose frame makes its stacks new.
		spawn := func(f func()) { go func() { f() }() }
		if f := judgeStress(capacity, false, spawn); f != nil {
			f.fail(t, "")
			return
		}
	}
}

// TestConcurrentCancellation is TestConcurrentPutTake with every call given a deadline a few
// microseconds away, so that calls give up all the time, many of them just as an item or some
// room arrives for them. A call that gave up must have had no effect: a producer puts the same
// item again until a Put succeeds, and every item must still be taken exactly once.
func TestConcurrentCancellation(t *testing.T) {
	if !judgeRehearse(t) {
		return
	}
	for _, capacity := range judgeRaceCapacities {
		spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentPutTake
		if f := judgeStress(capacity, true, spawn); f != nil {
			f.fail(t, "")
			return
		}
	}
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

// judgeRehearse checks first, one call at a time, what the concurrent tests rely on: that the
// queue fills, refuses to overfill, drains and refuses to underflow; that a waiting call is
// woken by the call that lets it go ahead, and that one that is cancelled has no effect; and
// that no call leaves a goroutine behind, as thousands of calls would pile them up. A plain
// mistake then gets a plain report, the same on every run, rather than a report of whatever
// the concurrent run happened to meet first.
func judgeRehearse(t *testing.T) bool {
	t.Helper()
	for _, capacity := range judgeRaceCapacities {
		if !judgeVerify(t, judgeRehearsal(capacity), true, "with one goroutine, before the concurrent test: ") {
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

// judgeWho is what one goroutine of a stress run is doing, for when the run hangs.
type judgeWho struct {
	name string
	in   atomic.Pointer[judgeInCall] // the call in progress, nil between calls
}

type judgeInCall struct {
	code string
	ctx  context.Context
}

// judgeStress runs the workload on a new queue of the given capacity and returns the first
// problem. With timeouts, every call has a deadline of its own, drawn from fixed seeds. spawn
// runs a function on a new goroutine.
func judgeStress(capacity int, timeouts bool, spawn func(func())) *judgeFailure {
	how := fmt.Sprintf("capacity %d, %d producers and %d consumers at once", capacity, judgeProducers, judgeConsumers)
	if timeouts {
		how += fmt.Sprintf(", every call with a deadline of at most %s", judgeMaxTimeout)
	}
	var q *Queue
	if msg := kit.Catch(func() { q = New(capacity) }); msg != "" {
		return &judgeFailure{kind: kit.RuntimeError,
			summary: fmt.Sprintf("New(%d) panicked: %s%s", capacity, kit.PanicMessage(msg), kit.PanicSite(msg, New))}
	}

	var (
		mu      sync.Mutex
		first   *judgeFailure
		taken   [judgeConsumers][]int
		count   atomic.Int64 // items taken so far
		stop    = make(chan struct{})
		stopCtx context.Context
		cancel  context.CancelFunc
		crew    kit.Crew
		workers []*judgeWho
	)
	stopCtx, cancel = context.WithCancel(context.Background())
	defer cancel()
	report := func(f *judgeFailure) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = f
		}
	}
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return first != nil
	}
	// call makes one call through kit.Catch and reports a panic; ctx gets a deadline when
	// timeouts are on.
	call := func(w *judgeWho, rng *rand.Rand, base context.Context, code string, f func(ctx context.Context)) bool {
		ctx := base
		var deadline time.Time
		if timeouts && rng != nil {
			d := time.Duration(rng.Int64N(int64(judgeMaxTimeout)))
			deadline = time.Now().Add(d)
			var c context.CancelFunc
			ctx, c = context.WithDeadline(base, deadline)
			defer c()
		}
		w.in.Store(&judgeInCall{code, ctx})
		defer w.in.Store(nil)
		if msg := kit.Catch(func() { f(ctx) }); msg != "" {
			report(&judgeFailure{kind: kit.RuntimeError,
				summary: fmt.Sprintf("%s: %s (%s) panicked: %s%s", how, code, w.name, kit.PanicMessage(msg), kit.PanicSite(msg, New)),
				want:    []string{code}, got: []string{code + " panicked: " + kit.PanicMessage(msg)}})
			return false
		}
		return true
	}
	start := make(chan struct{})
	for p := range judgeProducers {
		w := &judgeWho{name: fmt.Sprintf("producer %d", p+1)}
		workers = append(workers, w)
		crew.Go(spawn, func() {
			rng := rand.New(rand.NewPCG(0x9a_7e, uint64(p)))
			<-start
			for s := 1; s <= judgeItemsEach; s++ {
				v := (p+1)*judgeValueBase + s
				for {
					if failed() {
						return
					}
					code := fmt.Sprintf("q.Put(ctx, %d)", v)
					var err error
					var ctxErr error
					if !call(w, rng, context.Background(), code, func(ctx context.Context) {
						err = q.Put(ctx, v)
						ctxErr = ctx.Err()
					}) {
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
						report(&judgeFailure{kind: kit.WrongAnswer,
							summary: fmt.Sprintf("%s: %s (%s) returned %s: %s", how, code, w.name, judgeShowErr(err), why),
							want:    []string{code + " = " + judgeShowErr(ctxErr)}, got: []string{code + " = " + judgeShowErr(err)}})
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
		w := &judgeWho{name: fmt.Sprintf("consumer %d", c+1)}
		workers = append(workers, w)
		crew.Go(spawn, func() {
			rng := rand.New(rand.NewPCG(0xc0_45, uint64(c)))
			<-start
			for {
				select {
				case <-stop:
					return
				default:
				}
				if failed() {
					return
				}
				var v int
				var err, ctxErr error
				if !call(w, rng, stopCtx, "q.Take(ctx)", func(ctx context.Context) {
					v, err = q.Take(ctx)
					ctxErr = ctx.Err()
				}) {
					return
				}
				if err == nil {
					taken[c] = append(taken[c], v)
					count.Add(1)
					continue
				}
				got := fmt.Sprintf("%d, %s", v, judgeShowErr(err))
				if ctxErr == nil || v != 0 || !judgeSame(judgeShowErr(ctxErr), judgeShowErr(err)) {
					why := "ctx was not done, so Take must not fail"
					want := "an item, nil"
					if ctxErr != nil {
						why = "a Take that gives up returns 0, ctx.Err()"
						want = "0, " + judgeShowErr(ctxErr)
					}
					report(&judgeFailure{kind: kit.WrongAnswer,
						summary: fmt.Sprintf("%s: q.Take(ctx) (%s) returned %s: %s", how, w.name, got, why),
						want:    []string{"q.Take(ctx) = " + want}, got: []string{"q.Take(ctx) = " + got}})
					return
				}
			}
		})
	}
	// A watcher calls Len all the while: it must never be below 0 or above the capacity.
	lenWho := &judgeWho{name: "the Len watcher"}
	workers = append(workers, lenWho)
	crew.Go(spawn, func() {
		<-start
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			var n int
			if !call(lenWho, nil, nil, "q.Len()", func(context.Context) { n = q.Len() }) {
				return
			}
			if n < 0 || n > capacity {
				report(&judgeFailure{kind: kit.WrongAnswer,
					summary: fmt.Sprintf("%s: q.Len() returned %d: a queue of capacity %d holds 0 to %d items", how, n, capacity, capacity),
					want:    []string{fmt.Sprintf("q.Len() = 0 .. %d", capacity)}, got: []string{fmt.Sprintf("q.Len() = %d", n)}})
				return
			}
			if i%8 == 7 {
				runtime.Gosched()
			}
		}
	})

	close(start)
	total := judgeProducers * judgeItemsEach
	wait := kit.RaceWait()
	deadline := time.Now().Add(wait)
	for count.Load() < int64(total) && !failed() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	all := count.Load() == int64(total)
	close(stop)
	cancel() // consumers waiting on an empty queue give up
	if !crew.Wait(kit.ShortRacePatience) {
		kit.MarkHung()
		when := fmt.Sprintf("%s: after %s", how, wait)
		if all {
			when = fmt.Sprintf("%s: once every item had been taken and the consumers' context cancelled", how)
		}
		return judgeStuck(when, q, workers, count.Load(), total)
	}
	// A goroutine that did not finish comes first: what the others found may follow from the
	// calls it never made.
	if p := crew.Unfinished(); p != "" {
		return &judgeFailure{kind: kit.Rejected, summary: how + ": " + p}
	}
	mu.Lock()
	defer mu.Unlock()
	if first != nil {
		return first
	}
	if !all {
		kit.MarkHung()
		return judgeStuck(fmt.Sprintf("%s: after %s", how, wait), q, workers, count.Load(), total)
	}
	return judgeCheckTaken(how, taken, total)
}

// judgeStuck reports a run that did not finish: calls that never returned, or items that never
// came out of the queue.
func judgeStuck(when string, q *Queue, workers []*judgeWho, count int64, total int) *judgeFailure {
	var stuck []string
	late := false
	for _, w := range workers {
		if c := w.in.Load(); c != nil {
			s := fmt.Sprintf("%s in %s", w.name, c.code)
			if c.ctx != nil && c.ctx.Err() != nil {
				s += ", whose context is done"
				late = true
			}
			stuck = append(stuck, s)
		}
	}
	if len(stuck) == 0 {
		n := -1
		kit.Within(kit.ShortPatience, func() { kit.Catch(func() { n = q.Len() }) })
		return &judgeFailure{kind: kit.WrongAnswer,
			summary: fmt.Sprintf("%s, the producers had put %d items, but only %d came out, and q.Len() is %d: items were lost", when, total, count, n)}
	}
	if len(stuck) > 3 {
		stuck = append(stuck[:3], "...")
	}
	why := "the queue is deadlocked, or a waiting call is never woken"
	if late {
		why = "a call that waits must return ctx.Err() as soon as its context is done: wait in a select with a case <-ctx.Done()"
	}
	return &judgeFailure{kind: kit.TimeLimitExceeded,
		summary: fmt.Sprintf("%s, with %d of the %d items taken, calls were still running (%s): %s",
			when, count, total, strings.Join(stuck, "; "), why)}
}

// judgeCheckTaken checks that the consumers took every item exactly once, and each producer's
// items in the order they were put.
func judgeCheckTaken(how string, taken [judgeConsumers][]int, total int) *judgeFailure {
	seen := map[int]int{} // item -> consumer that took it, 1-based
	for c, items := range taken {
		last := map[int]int{} // producer -> the last of its items this consumer took
		for _, v := range items {
			p, s := v/judgeValueBase, v%judgeValueBase
			if p < 1 || p > judgeProducers || s < 1 || s > judgeItemsEach {
				return &judgeFailure{kind: kit.WrongAnswer,
					summary: fmt.Sprintf("%s: consumer %d took %d, which no producer put (producer p puts p*%d+1 .. p*%d+%d)",
						how, c+1, v, judgeValueBase, judgeValueBase, judgeItemsEach)}
			}
			if prev, ok := seen[v]; ok {
				return &judgeFailure{kind: kit.WrongAnswer,
					summary: fmt.Sprintf("%s: item %d (producer %d's item %d) was taken twice, by consumer %d and consumer %d: each item put is taken once",
						how, v, p, s, prev, c+1)}
			}
			seen[v] = c + 1
			if l, ok := last[p]; ok && l > s {
				return &judgeFailure{kind: kit.WrongAnswer,
					summary: fmt.Sprintf("%s: consumer %d took producer %d's item %d (%d) after its item %d (%d), but the producer put them in the other order: the queue is first in, first out",
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
		return &judgeFailure{kind: kit.WrongAnswer,
			summary: fmt.Sprintf("%s: %d of the %d items put were never taken, such as %d", how, len(missing), total, missing[0])}
	}
	return nil
}
