package lru

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// TestConcurrentGetPut has many goroutines call Get and Put on one cache at once, and checks
// every value a Get returns against what no interleaving of a correct cache could contradict.
// The suite runs under the race detector, which reports any unsynchronised access; the checks
// add what it cannot see, such as a value read under one lock and refreshed under another.
func TestConcurrentGetPut(t *testing.T) {
	judgeGate.Concurrency(t)
	// The race detector reports a pair of racing stacks once per process, so each test starts
	// its goroutines from a function of its own, whose frame makes its stacks new.
	spawn := func(f func()) { go func() { f() }() }
	for _, capacity := range judgeRaceCapacities {
		if _, ok := judgeConcurrently(t, capacity, spawn); !ok {
			return
		}
	}
}

// TestConcurrentCapacity checks that concurrent calls leave the cache whole: holding exactly
// its capacity of keys, each with the last value put for it, and still evicting in LRU order.
func TestConcurrentCapacity(t *testing.T) {
	judgeGate.Concurrency(t)
	spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentGetPut
	for _, capacity := range judgeRaceCapacities {
		c, ok := judgeConcurrently(t, capacity, spawn)
		if !ok || !judgeAfterwards(t, c, capacity) {
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
	// judgeRehearseEach is how many of each goroutine's calls the rehearsal makes: enough to
	// meet every kind of call on full and evicting caches many times over, and a mistake that
	// needs no concurrency within them is reported the same way on every run; the rest is
	// the concurrent run's. Rehearsing all of them would cost the suite half a second under
	// the race detector for nothing the correctness suite does not already check.
	judgeRehearseEach = 250
	judgeValueBase    = 1_000_000
)

var judgeRaceCapacities = []int{1, 16, 48}

// judgeRehearsed records the capacities whose rehearsal passed. The suite's tests run one
// after another, never in parallel, so a plain map serves.
var judgeRehearsed = map[int]bool{}

type judgeStep = kit.Step[*LRUCache, *judgeModel]

// judgeRaceSteps returns each goroutine's calls, the same on every run, and the last value put
// for each key once all have run. No model is kept: a Put is not checked, and a Get's Check
// accepts what some interleaving allows.
var judgeRaceSteps = sync.OnceValues(func() (steps [judgeWorkers][]judgeStep, final map[int]int) {
	final = map[int]int{}
	for g := range judgeWorkers {
		rng := rand.New(rand.NewPCG(0xc0_ca_fe, uint64(g)))
		own := func() int { return g*judgeKeysEach + rng.IntN(judgeKeysEach) }
		for seq := 1; seq <= judgeCallsEach; seq++ {
			switch r := rng.IntN(20); {
			case r < 10:
				k := own()
				final[k] = k*judgeValueBase + seq
				put := judgeOp{key: k, value: final[k]}.step()
				put.Want = nil
				steps[g] = append(steps[g], put)
			case r < 17:
				k := own()
				last, ok := final[k]
				if !ok {
					last = -1
				}
				steps[g] = append(steps[g], judgeGetOwn(k, last))
			default:
				k := (g*judgeKeysEach + judgeKeysEach + rng.IntN(judgeKeys-judgeKeysEach)) % judgeKeys
				steps[g] = append(steps[g], judgeGetForeign(k))
			}
		}
	}
	return steps, final
})

// judgeGetOwn is a goroutine's Get of a key of its own, which returns -1 or the last value
// it put for the key.
func judgeGetOwn(k, last int) judgeStep {
	st := judgeOp{get: true, key: k}.step()
	st.Check = func(_ *judgeModel, got string) (string, bool) {
		if last == -1 {
			return "-1", got == "-1"
		}
		return fmt.Sprintf("-1 or %d", last), got == "-1" || got == strconv.Itoa(last)
	}
	st.Note = func(_ *judgeModel, _ string) string {
		if last == -1 {
			return fmt.Sprintf("this goroutine is the only one that puts key %d, and it has not put it yet", k)
		}
		return fmt.Sprintf("this goroutine is the only one that puts key %d, and its last put was c.Put(%d, %d)", k, k, last)
	}
	return st
}

// judgeGetForeign is a goroutine's Get of another's key, which returns -1 or any value put
// for it.
func judgeGetForeign(k int) judgeStep {
	st := judgeOp{get: true, key: k}.step()
	st.Check = func(_ *judgeModel, got string) (string, bool) {
		v, _ := strconv.Atoi(got)
		return fmt.Sprintf("-1 or a value put for key %d", k), v == -1 || v/judgeValueBase == k && v%judgeValueBase > 0
	}
	st.Note = func(_ *judgeModel, got string) string {
		return fmt.Sprintf("no goroutine ever put %s for key %d (goroutine %d puts key %d, always with values %d..%d)",
			got, k, k/judgeKeysEach+1, k, k*judgeValueBase+1, k*judgeValueBase+judgeCallsEach)
	}
	return st
}

// judgeConcurrently runs the workload on a new cache of the given capacity, and fails t with
// the first call that went wrong. It returns the cache.
//
// The goroutines' calls are first rehearsed on another cache, one at a time in turn, as a
// scenario: a mistake that needs no concurrency to show (a panic, a wrong value) is then
// reported the same way on every run, shrunk, rather than from whichever goroutine happened
// to meet it first.
//
// The race detector finds races from the order of synchronisation, not from timing, so it sees
// them on any number of processors. The run uses every processor the machine has, like every
// other test: no test changes a setting of the whole process that code under test could notice.
// A map without a lock may then crash the process ("concurrent map writes") before the detector
// names the race; the grader reports both as a race.
func judgeConcurrently(t *testing.T, capacity int, spawn func(func())) (*LRUCache, bool) {
	t.Helper()
	steps, _ := judgeRaceSteps()
	if !judgeRehearsed[capacity] {
		rehearsal := judgeNew(capacity)
		for i := range judgeRehearseEach {
			for g := range judgeWorkers {
				rehearsal.Steps = append(rehearsal.Steps, steps[g][i])
			}
		}
		rehearsal.Context = fmt.Sprintf("capacity %d, the %d goroutines' calls made one at a time, in turn, before making them at once: ", capacity, judgeWorkers)
		if !kit.Check(t, rehearsal) {
			return nil, false
		}
		// The same calls on a cache of the same capacity go the same way every time: the
		// second test of the suite need not rehearse them again.
		judgeRehearsed[capacity] = true
	}

	how := fmt.Sprintf("capacity %d, %d goroutines at once", capacity, judgeWorkers)
	var c *LRUCache
	if p := kit.Catch(func() { v := Constructor(capacity); c = &v }); p != "" {
		kit.Fail(t, kit.Record{Kind: kit.RuntimeError,
			Summary: fmt.Sprintf("%s: Constructor(%d) panicked: %s%s", how, capacity, kit.PanicMessage(p), kit.PanicSite(p, Constructor))})
		return nil, false
	}
	run := &kit.Run{How: how, Spawn: spawn, Solution: Constructor}
	run.AtOnce(judgeWorkers, judgeCallsEach, func(w *kit.Worker, g, i int) {
		kit.CheckStep(w, c, (*judgeModel)(nil), steps[g][i])
	})
	if p := run.Wait(); p != nil {
		kit.Fail(t, *p)
		return nil, false
	}
	return c, true
}

// judgeAfterwards checks, one call at a time, the cache a concurrent run left behind: it must
// hold exactly capacity keys, each with its last value, and still evict in LRU order.
func judgeAfterwards(t *testing.T, c *LRUCache, capacity int) bool {
	t.Helper()
	_, final := judgeRaceSteps()
	when := fmt.Sprintf("capacity %d: after %d goroutines made %d calls", capacity, judgeWorkers, judgeWorkers*judgeCallsEach)
	// First every key, and how many are left: a check across calls, which a scenario has not.
	present := 0
	run := &kit.Run{How: when + ", one call at a time", Solution: Constructor}
	run.Go("", func(w *kit.Worker) {
		for k := range judgeKeys {
			st := judgeGetOwn(k, final[k])
			st.Note = func(*judgeModel, string) string {
				return fmt.Sprintf("the last value put for key %d was %d", k, final[k])
			}
			get := st.Do
			st.Do = func(c *LRUCache) string {
				got := get(c)
				if got != "-1" {
					present++
				}
				return got
			}
			if !kit.CheckStep(w, c, (*judgeModel)(nil), st) {
				return
			}
		}
	})
	p := run.Wait()
	if want := min(capacity, len(final)); p == nil && present != want {
		p = &kit.Record{Kind: kit.WrongAnswer,
			Summary: fmt.Sprintf("%s, %d of the %d keys they put are in the cache, want exactly %d: a cache never holds more than its capacity, and once full it stays full, each new key evicting exactly one old one",
				when, present, len(final), want)}
	}
	if p != nil {
		kit.Fail(t, *p)
		return false
	}

	// Then new keys must push out every older one, and then each other in LRU order: a
	// scenario on the same cache, reported as written since it cannot be made again.
	fresh := func(i int) int { return judgeKeys + 1000 + i }
	then := judgeScenario{
		Setup:     "// c is the cache the goroutines used",
		New:       func() *LRUCache { return c },
		Model:     func() *judgeModel { return judgeNewModel(capacity) }, // unused: every Get's answer is written
		AsWritten: true,
		Context:   when + ", then one call at a time: ",
	}
	expect := func(op judgeOp, want int, why string) {
		st := op.step()
		st.Want = func(*judgeModel) string { return strconv.Itoa(want) }
		st.Note = func(*judgeModel, string) string { return why }
		then.Steps = append(then.Steps, st)
	}
	for i := range capacity {
		then.Steps = append(then.Steps, judgeOp{key: fresh(i), value: fresh(i)}.step())
	}
	for k := range judgeKeys {
		expect(judgeOp{get: true, key: k}, -1, fmt.Sprintf("the %d new keys should have evicted every older key", capacity))
	}
	for i := range capacity {
		expect(judgeOp{get: true, key: fresh(i)}, fresh(i), fmt.Sprintf("the cache should hold exactly the %d new keys", capacity))
	}
	then.Steps = append(then.Steps, judgeOp{key: fresh(capacity), value: fresh(capacity)}.step())
	expect(judgeOp{get: true, key: fresh(0)}, -1, fmt.Sprintf("key %d was the least recently used and should have been evicted", fresh(0)))
	return kit.Check(t, then)
}
