package ttlcache

import (
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
	reference "github.com/prep-judge/prep/challenges/ttlcache/reference"
)

// judgeCache is the API the performance suite measures, which the solution's cache and the
// reference's both have.
type judgeCache interface {
	Set(key, value string, ttl time.Duration)
	Get(key string) (string, bool)
	Delete(key string)
	Len() int
}

func judgeSolution(clock Clock) judgeCache { return New(clock) }

func judgeReference(clock Clock) judgeCache { return reference.New(clock) }

// judgeKeyPool holds keys made once, so that making a key's string costs the measured calls
// nothing. Keys are reused only long after they have expired.
var (
	judgePoolOnce sync.Once
	judgePool     []string
)

func judgePoolKey(i int) string {
	judgePoolOnce.Do(func() {
		judgePool = make([]string, 1<<18)
		for i := range judgePool {
			judgePool[i] = "key-" + strconv.Itoa(i)
		}
	})
	return judgePool[i%len(judgePool)]
}

// TestGrowth measures Set, Get, Len, and Set while entries expire, against the reference, on caches
// of 100 to 100 000 unexpired entries. None may grow faster than the reference's heap of expiries
// does (O(log n)), and Get and Len must not grow at all. The slowdown allowed in challenge.toml is
// generous: a solution with another structure (a lazy heap, buckets by expiry) stays well within
// it, while one that looks at every entry falls behind by the size of the cache.
func TestGrowth(t *testing.T) {
	if !judgeWorks(t, "performance is measured only on a cache that works: ") {
		return
	}
	// The largest cache is 30 000 entries, not more: filling a cache whose every call looks at
	// every entry takes time that grows as the square of the size, and the harness stops a
	// fill that takes too long before it has measured enough sizes to tell O(n) from O(n^2).
	sizes := []int{30, 300, 3000, 30000}
	spec := func(op string, workload func(n int, newCache func(Clock) judgeCache) kit.Workload) kit.PerfSpec {
		return kit.PerfSpec{
			Operation: op, Sizes: sizes,
			Solution:  func(n int) kit.Workload { return workload(n, judgeSolution) },
			Reference: func(n int) kit.Workload { return workload(n, judgeReference) },
		}
	}
	kit.Measure(t,
		// Each Set replaces one of n entries, with a new expiry, so that the cache's index of
		// expiries has to move it.
		spec("Set", func(n int, newCache func(Clock) judgeCache) kit.Workload {
			clock := judgeNewClock()
			c := newCache(clock)
			return kit.Workload{
				Fill: func(i int) { c.Set(judgePoolKey(i), "v", time.Hour) },
				Op: func(i int) int {
					c.Set(judgePoolKey(i%n), judgeValue(i), time.Hour+time.Duration(i%1000)*time.Second)
					return 0
				},
				Check: judgeCheckSets(c, n),
			}
		}),
		// Each Get finds one of n entries.
		spec("Get", func(n int, newCache func(Clock) judgeCache) kit.Workload {
			clock := judgeNewClock()
			c := newCache(clock)
			return kit.Workload{
				Fill: func(i int) { c.Set(judgePoolKey(i), "v", time.Hour) },
				Op: func(i int) int {
					v, _ := c.Get(judgePoolKey(i % n))
					return kit.Digest(v)
				},
			}
		}),
		// Len on a cache of n entries, none of which expire.
		spec("Len", func(n int, newCache func(Clock) judgeCache) kit.Workload {
			clock := judgeNewClock()
			c := newCache(clock)
			return kit.Workload{
				Fill: func(i int) { c.Set(judgePoolKey(i), "v", time.Hour) },
				Op:   func(int) int { return c.Len() },
			}
		}),
		// n entries that expire a millisecond apart; the clock moves a millisecond before each
		// Set of a new key that lives n milliseconds, so that the cache stays at n entries and
		// at every Set the oldest expires. The clock stands still while the cache is filled.
		spec("Set while entries expire", func(n int, newCache func(Clock) judgeCache) kit.Workload {
			clock := judgeNewClock()
			c := newCache(clock)
			ttl := time.Duration(n) * time.Millisecond
			return kit.Workload{
				Fill: func(i int) { c.Set(judgePoolKey(i), "v", time.Duration(i+1)*time.Millisecond) },
				Op: func(i int) int {
					clock.Advance(time.Millisecond)
					c.Set(judgePoolKey(n+i), judgeValue(i), ttl)
					return 0
				},
				Check: judgeCheckSets(c, 2*n),
			}
		}),
	)
}

// judgeValue is the value Set is timed with at call i: one of a few, so that what a Set left
// can be told from what an earlier one did.
func judgeValue(i int) string { return judgeValues[i%len(judgeValues)] }

var judgeValues = []string{"w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7"}

// judgeCheckSets returns a Check of what timed Sets left in c: how many entries it holds, and
// the value of every key of the first keys pool positions, which the Sets wrote over or not.
func judgeCheckSets(c judgeCache, keys int) func() int {
	return func() int {
		sum := c.Len()
		for i := range min(keys, 1024) {
			v, _ := c.Get(judgePoolKey(i))
			sum = sum*31 + kit.Digest(v)
		}
		return sum
	}
}

// The leak test: judgeLeakSets Sets of distinct keys, each living judgeLeakTTL while the clock
// moves judgeLeakTick before each, so that at most judgeLeakTTL/judgeLeakTick entries are ever
// unexpired at once.
const (
	judgeLeakSets = 200_000
	judgeLeakTTL  = time.Second      // "one second" in judgeLeakWorkload
	judgeLeakTick = time.Millisecond // "one millisecond" in judgeLeakWorkload
	// A cache may keep this much more memory than the reference's, which is a few hundred
	// kilobytes here, or this many times as much, whichever is larger. One that frees nothing
	// keeps tens of megabytes.
	judgeLeakFloor  = 4 << 20
	judgeLeakFactor = 10
	// judgeLeakTime bounds the time the solution's Sets may take, so that a slow cache cannot
	// run the suite past its time limit.
	judgeLeakTime = 4 * time.Second
)

// TestExpiredEntriesAreFreed checks that a cache whose keys expire does not keep them: its
// memory must follow the entries that are unexpired, not every entry ever set, even when
// nothing but Set is ever called. A cache too slow to make all the Sets in judgeLeakTime is
// judged on those it made, against the reference making as many: TestGrowth reports its speed.
func TestExpiredEntriesAreFreed(t *testing.T) {
	if kit.RaceEnabled {
		t.Skip("memory is not measured under the race detector, as speed is not")
	}
	if !judgeWorks(t, "memory is measured only on a cache that works: ") {
		return
	}
	var (
		sol   [2]int64
		sets  int
		p     string
		start = time.Now()
	)
	if p = kit.Catch(func() { sol, sets = judgeRetained(judgeSolution, judgeLeakSets, judgeLeakTime) }); p != "" {
		kit.Fail(t, kit.Record{Kind: kit.RuntimeError, Summary: "while making " + judgeLeakWorkload(judgeLeakSets) + ", c.Set panicked: " + judgePanicMessage(p)})
		return
	}
	ref, _ := judgeRetained(judgeReference, sets, 0)
	limit := max(judgeLeakFloor, judgeLeakFactor*ref[1])
	if sol[1] <= limit {
		t.Logf("after %s, the cache keeps %s (the reference %s); %s", judgeLeakWorkload(sets), judgeBytes(sol[1]), judgeBytes(ref[1]), time.Since(start).Round(time.Millisecond))
		return
	}
	summary := fmt.Sprintf("expired entries are never freed: after %s, the cache keeps %.0fx the memory the reference keeps",
		judgeLeakWorkload(sets), float64(sol[1])/float64(max(ref[1], 1)))
	if sol[0] > 0 {
		summary += fmt.Sprintf(", and what it keeps grew x%.1f from the %dth Set to the %dth", float64(sol[1])/float64(sol[0]), sets/2, sets)
	}
	kit.Fail(t, kit.Record{Kind: kit.LeakDetected, Summary: summary +
		". Remove each entry once the clock has passed its expiry, as part of the cache's own calls (Set included), not only when a Get finds it"})
}

func judgeLeakWorkload(sets int) string {
	// In words, not "1s" and "1ms": the figures are the test's, not measurements.
	return fmt.Sprintf("%d Sets of distinct keys, each with a ttl of one second while the clock moved one millisecond before each (so that at most %d entries were ever unexpired at once)",
		sets, judgeLeakTTL/judgeLeakTick)
}

// judgeRetained makes up to sets Sets of the leak workload on a new cache, stopping early when
// budget (if not 0) has passed, and returns how much more memory is in use, after a garbage
// collection, halfway through (0 when it stopped before) and at the end than before it started,
// and the Sets it made.
func judgeRetained(newCache func(Clock) judgeCache, sets int, budget time.Duration) (retained [2]int64, made int) {
	heap := func() int64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	before := heap()
	start := time.Now()
	clock := judgeNewClock()
	c := newCache(clock)
	for made < sets {
		clock.Advance(judgeLeakTick)
		c.Set("session-"+strconv.Itoa(made), "v", judgeLeakTTL)
		made++
		if made == sets/2 {
			retained[0] = max(0, heap()-before)
		}
		if budget > 0 && made%1024 == 0 && time.Since(start) > budget {
			break
		}
	}
	retained[1] = max(0, heap()-before)
	runtime.KeepAlive(c)
	return retained, made
}

func judgeBytes(b int64) string {
	switch {
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(b)/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(b)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", b)
}
