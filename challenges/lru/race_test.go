package lru

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// TestConcurrentGetPut has many goroutines call Get and Put on one cache at once, and checks
// every value a Get returns against what no interleaving of a correct cache could contradict.
// The suite runs under the race detector, which reports any unsynchronised access; the checks
// add what it cannot see, such as a value read under one lock and refreshed under another. A
// run that deadlocks is reported as one after kit.RaceWait, not left to the suite's time limit.
func TestConcurrentGetPut(t *testing.T) {
	if !judgeWorks(t, "concurrent use is tested only on a cache that works with one goroutine: ") {
		return
	}
	for _, capacity := range judgeRaceCapacities {
		// The race detector reports a pair of racing stacks once per process, so each test
		// starts its goroutines from a function of its own, whose frame makes its stacks new.
		spawn := func(f func()) { go func() { f() }() }
		if _, p := judgeConcurrently(capacity, true, spawn); p != nil {
			kit.Fail(t, *p)
			return
		}
	}
}

// TestConcurrentCapacity checks that concurrent calls leave the cache whole: holding exactly
// its capacity of keys, each with the last value put for it, and still evicting in LRU order.
func TestConcurrentCapacity(t *testing.T) {
	if !judgeWorks(t, "concurrent use is tested only on a cache that works with one goroutine: ") {
		return
	}
	for _, capacity := range judgeRaceCapacities {
		spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentGetPut
		c, p := judgeConcurrently(capacity, false, spawn)
		if p == nil {
			p = judgeAfterwards(c, capacity)
		}
		if p != nil {
			kit.Fail(t, *p)
			return
		}
	}
}

// The workload: judgeWorkers goroutines share one cache, with capacities below the number of
// keys so that evictions never stop. Each goroutine owns judgeKeysEach keys and is the only one
// to Put them, so every result can be checked however the goroutines interleave: a value
// encodes its key (key*judgeValueBase + n), and the owner of a key knows the last value it put.
// The calls are few, because the race detector slows code tenfold and the suite runs beside
// the correctness suite on a small machine.
const (
	judgeWorkers   = 8
	judgeKeysEach  = 8
	judgeKeys      = judgeWorkers * judgeKeysEach
	judgeCallsEach = 2000
	judgeValueBase = 1_000_000
)

var judgeRaceCapacities = []int{1, 16, 48}

// judgeStep is one call of a goroutine, with what its Get may return.
type judgeStep struct {
	op      judgeOp
	foreign bool // a Get of another goroutine's key: -1, or any value put for that key
	want    int  // for a Get of its own key: -1 or this, the last value it put for the key
}

// judgeSteps returns each goroutine's calls, the same on every run, and the last value put
// for each key once all have run.
func judgeSteps() (steps [judgeWorkers][]judgeStep, final map[int]int) {
	final = map[int]int{}
	for g := range judgeWorkers {
		rng := rand.New(rand.NewPCG(0xc0_ca_fe, uint64(g)))
		own := func() int { return g*judgeKeysEach + rng.IntN(judgeKeysEach) }
		last := map[int]int{}
		for seq := 1; seq <= judgeCallsEach; seq++ {
			switch r := rng.IntN(20); {
			case r < 10:
				k := own()
				last[k] = k*judgeValueBase + seq
				steps[g] = append(steps[g], judgeStep{op: judgeOp{key: k, value: last[k]}})
			case r < 17:
				k := own()
				want, ok := last[k]
				if !ok {
					want = -1
				}
				steps[g] = append(steps[g], judgeStep{op: judgeOp{get: true, key: k}, want: want})
			default:
				k := (g*judgeKeysEach + judgeKeysEach + rng.IntN(judgeKeys-judgeKeysEach)) % judgeKeys
				steps[g] = append(steps[g], judgeStep{op: judgeOp{get: true, key: k}, foreign: true})
			}
		}
		for k, v := range last {
			final[k] = v
		}
	}
	return steps, final
}

// judgeConcurrently runs the workload on a new cache of the given capacity, checking what
// every Get returns when checkGets is set. It returns the cache and the first problem. spawn
// runs a function on a new goroutine.
//
// The goroutines' calls are first rehearsed on another cache, one at a time in turn, so that
// a mistake that needs no concurrency to show (a panic, a wrong value) is reported the same way
// on every run, rather than from whichever goroutine happened to meet it first.
//
// The race detector finds races from the order of synchronisation, not from timing, so it sees
// them on any number of processors. The run uses every processor the machine has, like every
// other test: no test changes a setting of the whole process that code under test could notice.
// A map without a lock may then crash the process ("concurrent map writes") before the detector
// names the race; the grader reports both as a race.
func judgeConcurrently(capacity int, checkGets bool, spawn func(func())) (*LRUCache, *kit.Record) {
	steps, _ := judgeSteps()
	if _, p := judgeRun(capacity, checkGets, steps, true, spawn); p != nil {
		return nil, p
	}
	return judgeRun(capacity, checkGets, steps, false, spawn)
}

// judgeRun makes the goroutines' calls on a new cache: all at once, or one at a time in turn
// when rehearsing.
func judgeRun(capacity int, checkGets bool, steps [judgeWorkers][]judgeStep, rehearse bool, spawn func(func())) (*LRUCache, *kit.Record) {
	var c *LRUCache
	if msg := kit.Catch(func() { v := Constructor(capacity); c = &v }); msg != "" {
		return nil, &kit.Record{Kind: kit.RuntimeError,
			Summary: fmt.Sprintf("Constructor(%d) panicked: %s%s", capacity, kit.PanicMessage(msg), kit.PanicSite(msg, Constructor))}
	}
	how := fmt.Sprintf("capacity %d, %d goroutines at once", capacity, judgeWorkers)
	if rehearse {
		how = fmt.Sprintf("capacity %d, one call at a time (the %d goroutines' calls in turn, before making them at once)", capacity, judgeWorkers)
	}

	var (
		progress [judgeWorkers]atomic.Int64 // the step each goroutine is in, 1-based; 0 when in none
		mu       sync.Mutex
		first    *kit.Record
		crew     kit.Crew
	)
	report := func(p *kit.Record) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = p
		}
	}
	// step makes goroutine g's call i and reports whether it went as it may.
	step := func(g, i int) bool {
		s := steps[g][i]
		progress[g].Store(int64(i + 1))
		defer progress[g].Store(0)
		got := 0
		msg := kit.Catch(func() {
			if s.op.get {
				got = c.Get(s.op.key)
			} else {
				c.Put(s.op.key, s.op.value)
			}
		})
		where := func() string {
			return fmt.Sprintf("%s, goroutine %d's call %d: %s", how, g+1, i+1, s.op.call())
		}
		if msg != "" {
			report(&kit.Record{Kind: kit.RuntimeError,
				Summary: where() + " panicked: " + kit.PanicMessage(msg) + kit.PanicSite(msg, Constructor),
				Want:    []string{judgeStepLine(s)}, Got: []string{s.op.call() + " panicked: " + kit.PanicMessage(msg)}})
			return false
		}
		if checkGets && s.op.get {
			if p := judgeCheckGet(s, got, where); p != nil {
				report(p)
				return false
			}
		}
		return true
	}
	start := make(chan struct{})
	if rehearse {
		crew.Go(spawn, func() {
			for i := range judgeCallsEach {
				for g := range judgeWorkers {
					if !step(g, i) {
						return
					}
				}
			}
		})
	} else {
		for g := range judgeWorkers {
			crew.Go(spawn, func() {
				<-start
				for i := range judgeCallsEach {
					if i%128 == 127 {
						// Hand over often, between calls: many switches give the detector
						// many unsynchronised pairs of calls to see, without cutting calls
						// in half.
						runtime.Gosched()
					}
					if !step(g, i) {
						return
					}
				}
			})
		}
	}
	close(start)
	if wait := kit.RaceWait(); !crew.Wait(wait) {
		kit.MarkHung()
		why := kit.WhyStuck()
		var stuck []string
		for g := range judgeWorkers {
			if i := progress[g].Load(); i > 0 {
				stuck = append(stuck, fmt.Sprintf("goroutine %d in %s", g+1, steps[g][i-1].op.call()))
			}
		}
		if len(stuck) > 3 {
			stuck = append(stuck[:3], "...")
		}
		running := "no call was in progress: the goroutines never got to make their calls"
		if len(stuck) > 0 {
			running = "calls were still running (" + strings.Join(stuck, ", ") + ")"
		}
		return c, &kit.Record{Kind: kit.TimeLimitExceeded,
			Summary: fmt.Sprintf("%s: after %s %s; %s", how, wait, running, why)}
	}
	if p := crew.Unfinished(); p != "" {
		return c, &kit.Record{Kind: kit.Rejected, Summary: how + ": " + p}
	}
	mu.Lock()
	defer mu.Unlock()
	return c, first
}

// judgeStepLine is what a step should have returned, as a transcript line.
func judgeStepLine(s judgeStep) string {
	switch {
	case !s.op.get:
		return s.op.call()
	case s.foreign:
		return fmt.Sprintf("%s = -1 or a value put for key %d", s.op.call(), s.op.key)
	case s.want == -1:
		return s.op.call() + " = -1"
	}
	return fmt.Sprintf("%s = -1 or %d", s.op.call(), s.want)
}

// judgeCheckGet judges what a goroutine's Get returned; where names the call.
func judgeCheckGet(s judgeStep, got int, where func() string) *kit.Record {
	k := s.op.key
	owner := k/judgeKeysEach + 1
	var why string
	switch {
	case got == -1:
		return nil
	case s.foreign && got/judgeValueBase == k && got%judgeValueBase > 0:
		return nil
	case s.foreign:
		why = fmt.Sprintf("no goroutine ever put %d for key %d (goroutine %d puts key %d, always with values %d..%d)",
			got, k, owner, k, k*judgeValueBase+1, k*judgeValueBase+judgeCallsEach)
	case got == s.want:
		return nil
	case s.want == -1:
		why = fmt.Sprintf("this goroutine is the only one that puts key %d, and it has not put it yet", k)
	default:
		why = fmt.Sprintf("this goroutine is the only one that puts key %d, and its last put was c.Put(%d, %d)", k, k, s.want)
	}
	return &kit.Record{Kind: kit.WrongAnswer,
		Summary: fmt.Sprintf("%s returned %d, want %s: %s", where(), got, strings.TrimPrefix(judgeStepLine(s), s.op.call()+" = "), why),
		Want:    []string{judgeStepLine(s)}, Got: []string{fmt.Sprintf("%s = %d", s.op.call(), got)}}
}

// judgeAfterwards checks, one call at a time, the cache a concurrent run left behind: it must
// hold exactly capacity keys, each with its last value, and still evict in LRU order.
func judgeAfterwards(c *LRUCache, capacity int) *kit.Record {
	_, final := judgeSteps()
	var (
		p    *kit.Record
		crew kit.Crew
		last atomic.Pointer[string] // the call in progress, for when one never returns
		// when says what had happened before the call that went wrong.
		when = fmt.Sprintf("capacity %d: after %d goroutines made %d calls", capacity, judgeWorkers, judgeWorkers*judgeCallsEach)
	)
	call := func(op judgeOp) (got int, ok bool) {
		s := op.call()
		at := when + ", " + s
		last.Store(&at)
		if msg := kit.Catch(func() {
			if op.get {
				got = c.Get(op.key)
			} else {
				c.Put(op.key, op.value)
			}
		}); msg != "" {
			p = &kit.Record{Kind: kit.RuntimeError,
				Summary: fmt.Sprintf("%s, %s panicked: %s%s", when, s, kit.PanicMessage(msg), kit.PanicSite(msg, Constructor)),
				Want:    []string{s}, Got: []string{s + " panicked: " + kit.PanicMessage(msg)}}
			return 0, false
		}
		return got, true
	}
	// get calls c.Get(key) and reports whether it returned want, or -1 when orAbsent is set.
	get := func(key, want int, orAbsent bool, why string) (got int, ok bool) {
		op := judgeOp{get: true, key: key}
		if got, ok = call(op); !ok {
			return got, false
		}
		if got == want || orAbsent && got == -1 {
			return got, true
		}
		w := fmt.Sprint(want)
		if orAbsent {
			w = "-1 or " + w
		}
		p = &kit.Record{Kind: kit.WrongAnswer,
			Summary: fmt.Sprintf("%s, %s returned %d, want %s: %s", when, op.call(), got, w, why),
			Want:    []string{fmt.Sprintf("%s = %s", op.call(), w)}, Got: []string{fmt.Sprintf("%s = %d", op.call(), got)}}
		return got, false
	}
	crew.Go(nil, func() {
		present := 0
		for k := range judgeKeys {
			got, ok := get(k, final[k], true, fmt.Sprintf("the last value put for key %d was %d", k, final[k]))
			if !ok {
				return
			}
			if got != -1 {
				present++
			}
		}
		want := capacity
		if len(final) < want {
			want = len(final)
		}
		if present != want {
			p = &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s, %d of the %d keys they put are in the cache, want exactly %d: a cache never holds more than its capacity, and once full it stays full, each new key evicting exactly one old one",
					when, present, len(final), want)}
			return
		}
		// New keys must push out every older one, and then each other in LRU order.
		fresh := func(i int) int { return judgeKeys + 1000 + i }
		for i := range capacity {
			if _, ok := call(judgeOp{key: fresh(i), value: fresh(i)}); !ok {
				return
			}
		}
		when += fmt.Sprintf(", then c.Put(%[1]d, %[1]d) .. c.Put(%[2]d, %[2]d) one at a time", fresh(0), fresh(capacity-1))
		for k := range judgeKeys {
			if _, ok := get(k, -1, false, fmt.Sprintf("the %d new keys should have evicted every older key", capacity)); !ok {
				return
			}
		}
		for i := range capacity {
			if _, ok := get(fresh(i), fresh(i), false, fmt.Sprintf("the cache should hold exactly the %d new keys", capacity)); !ok {
				return
			}
		}
		if _, ok := call(judgeOp{key: fresh(capacity), value: fresh(capacity)}); !ok {
			return
		}
		when += fmt.Sprintf(", a Get of each of them in turn, and c.Put(%[1]d, %[1]d)", fresh(capacity))
		get(fresh(0), -1, false, fmt.Sprintf("key %d was the least recently used and should have been evicted", fresh(0)))
	})
	if wait := kit.RaceWait(); !crew.Wait(wait) {
		kit.MarkHung()
		return &kit.Record{Kind: kit.TimeLimitExceeded,
			Summary: fmt.Sprintf("%s did not return within %s, with no other goroutine of the tests running: %s",
				*last.Load(), wait, kit.WhyStuck())}
	}
	if u := crew.Unfinished(); u != "" {
		return &kit.Record{Kind: kit.Rejected,
			Summary: fmt.Sprintf("capacity %d: after %d goroutines made %d calls, one call at a time: %s", capacity, judgeWorkers, judgeWorkers*judgeCallsEach, u)}
	}
	return p
}
