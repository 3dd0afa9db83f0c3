package idempotency

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// The race suite runs under the race detector, which reports any unsynchronised access; the
// checks add what it cannot see, such as a fn that runs twice because a key was looked up
// under one lock and stored under another.
//
// The race detector finds races from the order of synchronisation, not from timing, so it sees
// them on any number of processors. The run uses every processor the machine has, like every
// other test: no test changes a setting of the whole process that code under test could notice.
// A map without a lock may then crash the process ("concurrent map writes") before the detector
// names the race; the grader reports both as a race.

// judgeRaceSettle is how long the goroutines get to reach Do before a gate opens. As in the
// timeline tests it only makes a check weaker when the machine is slow, never wrong.
const judgeRaceSettle = 5 * time.Millisecond

// TestConcurrentSameKey has many goroutines call Do for one key at once, each with a fn of its
// own that blocks until the test releases it: exactly one fn may run, and every call must
// return what that fn returned.
func TestConcurrentSameKey(t *testing.T) {
	judgeGate.Concurrency(t)
	const callers, rounds = 16, 20
	bg := context.Background()
	e := New()
	for round := range rounds {
		key := fmt.Sprintf("key-%d", round+1)
		how := fmt.Sprintf("round %d: %d goroutines called e.Do(ctx, %q, fn) at once, each with a fn of its own that returns \"from goroutine N\" once released", round+1, callers, key)
		release := make(chan struct{})
		var (
			runs    atomic.Int32
			first   atomic.Int32 // the goroutine whose fn ran first, from 1
			ran     [callers]atomic.Bool
			results [callers]string
			ready   sync.WaitGroup
		)
		ready.Add(callers)
		run := &kit.Run{How: how, Solution: New}
		for g := range callers {
			run.Go(fmt.Sprintf("goroutine %d", g+1), func(w *kit.Worker) {
				fn := func() (string, error) {
					runs.Add(1)
					ran[g].Store(true)
					first.CompareAndSwap(0, int32(g+1))
					<-release
					return fmt.Sprintf("from goroutine %d", g+1), nil
				}
				ready.Done()
				var v string
				var err error
				if w.Call(fmt.Sprintf("e.Do(ctx, %q, fn%d)", key, g+1), func() { v, err = e.Do(bg, key, fn) }) {
					results[g] = judgeShow(v, err)
				}
			})
		}
		run.Start()
		ready.Wait()
		time.Sleep(judgeRaceSettle)
		close(release)
		if p := run.Wait(); p != nil {
			kit.Fail(t, *p)
			return
		}
		if n := runs.Load(); n != 1 || judgeSameKeyBad(results[:], first.Load()) {
			var runners []string
			for g := range callers {
				if ran[g].Load() {
					runners = append(runners, fmt.Sprint(g+1))
				}
			}
			want := fmt.Sprintf("%q, nil", fmt.Sprintf("from goroutine %d", first.Load()))
			var wantLines, gotLines []string
			for g := range callers {
				code := fmt.Sprintf("goroutine %d: e.Do(ctx, %q, fn%d)", g+1, key, g+1)
				w, r := code+" = "+want, code+" = "+results[g]
				if int32(g+1) == first.Load() {
					w += " // ran fn"
				}
				if ran[g].Load() {
					r += " // ran fn"
				}
				if w != r || int32(g+1) == first.Load() {
					wantLines, gotLines = append(wantLines, w), append(gotLines, r)
				}
			}
			summary := fmt.Sprintf("%s: the fns of goroutines %s ran, want exactly one: a key's fn runs once, however many calls come at the same time. "+
				"Look the key up and mark it as running in one critical section; a lookup under one lock and a store under another lets several callers in", how, strings.Join(runners, ", "))
			if n == 1 {
				summary = fmt.Sprintf("%s: only goroutine %d's fn ran, as it should, but not every call returned its result", how, first.Load())
			}
			kit.Fail(t, kit.Record{Kind: kit.WrongAnswer, Summary: summary, Want: wantLines, Got: gotLines})
			return
		}
	}
}

func judgeSameKeyBad(results []string, first int32) bool {
	want := fmt.Sprintf("%q, nil", fmt.Sprintf("from goroutine %d", first))
	for _, r := range results {
		if r != want {
			return true
		}
	}
	return false
}

// The many-keys workload: judgeWorkers goroutines each call Do for every one of judgeManyKeys
// keys, twice, in an order of their own. The fn of goroutine g for key k returns a value, or for
// one key in four an error, that names them both, so every result can be checked however the
// goroutines interleave: each key's fn runs once, and every call of the key returns its result.
const (
	judgeWorkers  = 8
	judgeManyKeys = 64
)

type judgeKeyCall struct{ key int }

// judgeManyKeysSteps returns each goroutine's calls, the same on every run.
func judgeManyKeysSteps() (steps [judgeWorkers][]judgeKeyCall) {
	for g := range judgeWorkers {
		rng := rand.New(rand.NewPCG(0x5a_1e_c7, uint64(g)))
		for range 2 {
			for _, k := range rng.Perm(judgeManyKeys) {
				steps[g] = append(steps[g], judgeKeyCall{key: k})
			}
		}
	}
	return steps
}

func judgeKeyName(k int) string { return fmt.Sprintf("k%d", k) }

// judgeKeyFn is goroutine g's fn for key k.
func judgeKeyFn(k, g int) judgeFn {
	if k%4 == 3 {
		return judgeFailing(fmt.Sprintf("%s failed in goroutine %d", judgeKeyName(k), g+1))
	}
	return judgeOk(fmt.Sprintf("%s from goroutine %d", judgeKeyName(k), g+1))
}

// TestConcurrentManyKeys runs the many-keys workload, first one call at a time (the goroutines'
// calls in turn), so that a mistake that needs no concurrency is reported the same way on
// every run, then with all goroutines at once.
func TestConcurrentManyKeys(t *testing.T) {
	judgeGate.Concurrency(t)
	spawn := func(f func()) { go func() { f() }() }
	for _, rehearse := range []bool{true, false} {
		if r := judgeManyKeysRun(rehearse, spawn); r != nil {
			kit.Fail(t, *r)
			return
		}
	}
}

func judgeManyKeysRun(rehearse bool, spawn func(func())) *kit.Record {
	steps := judgeManyKeysSteps()
	how := fmt.Sprintf("%d goroutines at once, each calling Do for each of %d keys twice", judgeWorkers, judgeManyKeys)
	if rehearse {
		how = fmt.Sprintf("one call at a time (the calls %d goroutines make, in turn, before making them at once)", judgeWorkers)
	}
	var (
		e       *Executor
		runs    [judgeManyKeys]atomic.Int32
		runners [judgeManyKeys][judgeWorkers]atomic.Bool
		first   [judgeManyKeys]atomic.Int32 // the goroutine whose fn for the key ran first, from 1
		results [judgeWorkers][]string
	)
	if msg := kit.Catch(func() { e = New() }); msg != "" {
		return &kit.Record{Kind: kit.RuntimeError, Summary: "New() panicked: " + kit.PanicMessage(msg) + kit.PanicSite(msg, New)}
	}
	call := func(w *kit.Worker, g, i int) {
		k := steps[g][i].key
		var inner atomic.Int32
		f := judgeKeyFn(k, g).make(&inner)
		fn := func() (string, error) {
			runs[k].Add(1)
			runners[k][g].Store(true)
			first[k].CompareAndSwap(0, int32(g+1))
			runtime.Gosched() // let other goroutines find the key running
			return f()
		}
		var v string
		var err error
		if w.Call(fmt.Sprintf("e.Do(ctx, %q, fn)", judgeKeyName(k)), func() { v, err = e.Do(context.Background(), judgeKeyName(k), fn) }) {
			results[g][i] = judgeShow(v, err)
		}
	}
	for g := range judgeWorkers {
		results[g] = make([]string, len(steps[g]))
	}
	run := &kit.Run{How: how, Spawn: spawn, Solution: New}
	if rehearse {
		run.InTurn(judgeWorkers, len(steps[0]), call)
	} else {
		run.AtOnce(judgeWorkers, len(steps[0]), call)
	}
	if p := run.Wait(); p != nil {
		return p
	}
	// Which fn should have run is whichever ran first; every call of the key must return its
	// result.
	for k := range judgeManyKeys {
		if n := runs[k].Load(); n != 1 {
			var who []string
			for g := range judgeWorkers {
				if runners[k][g].Load() {
					who = append(who, fmt.Sprint(g+1))
				}
			}
			return &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s: key %q's fn ran %d times (the fns of goroutines %s), want once: once a key has been used, every later call must return its result without running fn%s",
					how, judgeKeyName(k), n, strings.Join(who, ", "), judgeManyKeysHint(k, rehearse))}
		}
	}
	for g := range judgeWorkers {
		for i, s := range steps[g] {
			k := s.key
			runner := int(first[k].Load()) - 1
			want := judgeKeyFn(k, runner).result()
			if results[g][i] == want {
				continue
			}
			code := fmt.Sprintf("e.Do(ctx, %q, fn)", judgeKeyName(k))
			return &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s: goroutine %d's call %d, %s, returned %s, want %s, what the one fn that ran for key %q (goroutine %d's) returned",
					how, g+1, i+1, code, results[g][i], want, judgeKeyName(k), runner+1),
				Want: []string{code + " = " + want}, Got: []string{code + " = " + results[g][i]}}
		}
	}
	return nil
}

func judgeManyKeysHint(k int, rehearse bool) string {
	switch {
	case k%4 == 3:
		return " (the key's fn returned an error: errors are remembered too, and a failed key is not retried)"
	case rehearse:
		return ""
	}
	return ". Look the key up and mark it as running in one critical section; a lookup under one lock and a store under another lets several callers in"
}

// TestConcurrentCancel has waiters give up while a key's fn runs, as other goroutines use other
// keys: each waiter whose context is cancelled must return context.Canceled while the fn still
// runs, and every other call must get the fn's result.
func TestConcurrentCancel(t *testing.T) {
	judgeGate.Concurrency(t)
	const waiters, rounds, others = 8, 10, 2
	e := New()
	bg := context.Background()
	for round := range rounds {
		key := fmt.Sprintf("slow-%d", round+1)
		how := fmt.Sprintf("round %d: while key %q's fn ran, %d goroutines called Do for it, half of them cancelling their contexts, and %d more used other keys", round+1, key, waiters, others)
		release, started := make(chan struct{}), make(chan struct{})
		firstDone := make(chan string, 1) // what the first call returned, or "" when it panicked
		run := &kit.Run{How: how, Solution: New}
		run.Go("the first call", func(w *kit.Worker) {
			var v string
			var err error
			if !w.Call(fmt.Sprintf("e.Do(ctx, %q, fn)", key), func() {
				v, err = e.Do(bg, key, func() (string, error) { close(started); <-release; return "slow result", nil })
			}) {
				firstDone <- ""
				return
			}
			firstDone <- judgeShow(v, err)
		})
		run.Start()
		select {
		case <-started:
		case r := <-firstDone:
			if r == "" {
				kit.Fail(t, *run.Wait())
				return
			}
			kit.Fail(t, kit.Record{Kind: kit.WrongAnswer, Summary: fmt.Sprintf("%s: the first call, e.Do(ctx, %q, fn), returned %s without running fn", how, key, r)})
			return
		case <-time.After(kit.RacePatience):
			kit.Fail(t, kit.Record{Kind: kit.TimeLimitExceeded, Summary: fmt.Sprintf("%s: the first call, e.Do(ctx, %q, fn), neither ran fn nor returned within %s", how, key, kit.RacePatience)})
			return
		}
		var (
			cancels   []context.CancelFunc
			results   [waiters]string
			ran       atomic.Int32
			gaveUp    sync.WaitGroup // the waiters that cancel
			readyWait sync.WaitGroup
		)
		readyWait.Add(waiters + others)
		for i := range waiters {
			ctx, ctxName := bg, "ctx"
			if i%2 == 1 {
				c, cancel := context.WithCancel(bg)
				ctx, ctxName = c, fmt.Sprintf("cancelled%d", i)
				cancels = append(cancels, cancel)
				gaveUp.Add(1)
			}
			run.Go(fmt.Sprintf("waiter %d", i+1), func(w *kit.Worker) {
				if i%2 == 1 {
					defer gaveUp.Done()
				}
				readyWait.Done()
				var v string
				var err error
				if w.Call(fmt.Sprintf("e.Do(%s, %q, fn)", ctxName, key), func() {
					v, err = e.Do(ctx, key, func() (string, error) { ran.Add(1); return "waiter's own result", nil })
				}) {
					results[i] = judgeShow(v, err)
				}
			})
		}
		for o := range others {
			run.Go(fmt.Sprintf("other %d", o+1), func(w *kit.Worker) {
				readyWait.Done()
				for i := range 20 {
					k := fmt.Sprintf("other-%d-%d-%d", round, o, i)
					var v string
					var err error
					if !w.Call(fmt.Sprintf("e.Do(ctx, %q, fn)", k), func() { v, err = e.Do(bg, k, func() (string, error) { return k, nil }) }) {
						return
					}
					if got := judgeShow(v, err); got != fmt.Sprintf("%q, nil", k) {
						run.Fail(kit.Record{Kind: kit.WrongAnswer, Summary: fmt.Sprintf("%s: e.Do(ctx, %q, fn) returned %s, want %q, nil", how, k, got, k)})
						return
					}
				}
			})
		}
		readyWait.Wait()
		time.Sleep(judgeRaceSettle)
		for _, cancel := range cancels {
			cancel()
		}
		// The cancelled waiters must return while the fn still runs: a wrong answer when they
		// do not, rather than a hang, since they return once it is released.
		finished := make(chan struct{})
		go func() { gaveUp.Wait(); close(finished) }()
		select {
		case <-finished:
		case <-time.After(kit.RacePatience):
			close(release)
			kit.Fail(t, kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s: waiters whose contexts were cancelled were still waiting %s later: a waiting Do must wait on ctx.Done() as well as on the result, in one select, and return ctx.Err()", how, kit.RacePatience)})
			return
		}
		close(release)
		if p := run.Wait(); p != nil {
			kit.Fail(t, *p)
			return
		}
		first := <-firstDone
		var wantLines, gotLines []string
		add := func(code, want, got string) {
			if want != got {
				wantLines, gotLines = append(wantLines, code+" = "+want), append(gotLines, code+" = "+got)
			}
		}
		add(fmt.Sprintf("e.Do(ctx, %q, fn)", key), `"slow result", nil`, first)
		for w := range waiters {
			want, ctxName := `"slow result", nil`, "ctx"
			if w%2 == 1 {
				want, ctxName = `"", context.Canceled`, fmt.Sprintf("cancelled%d", w)
			}
			add(fmt.Sprintf("waiter %d: e.Do(%s, %q, fn)", w+1, ctxName, key), want, results[w])
		}
		if n := ran.Load(); n != 0 || len(wantLines) > 0 {
			summary := fmt.Sprintf("%s: %d of the calls returned the wrong result: the cancelled waiters must return \"\", context.Canceled, the others the fn's result", how, len(wantLines))
			if n != 0 {
				summary = fmt.Sprintf("%s: the waiters' own fns ran %d times, want never: the key's fn was running", how, n)
			}
			kit.Fail(t, kit.Record{Kind: kit.WrongAnswer, Summary: summary, Want: wantLines, Got: gotLines})
			return
		}
	}
}
