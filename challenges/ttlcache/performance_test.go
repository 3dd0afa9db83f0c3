package ttlcache

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
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

// TestGrowth measures Set, Get, Delete, Len, and Set while entries expire, against the
// reference, on caches of 30 to 30 000 unexpired entries. None may grow faster than the
// reference's heap of expiries does (O(log n)), and Get and Len must not grow at all. The
// slowdown allowed in challenge.toml is generous: a solution with another structure (a lazy
// heap, buckets by expiry) stays well within it, while one that looks at every entry falls
// behind by the size of the cache.
//
// Each operation is timed on the inputs that are worst for the usual structures, not only on
// the easy ones: Sets that move an entry to the front of the order of expiries (where a slice
// or a list kept in that order pays for every entry behind it) as well as to the back; Gets
// that miss as well as hit; Deletes of entries anywhere in the order, not only of the oldest.
func TestGrowth(t *testing.T) {
	judgeGate.Performance(t)
	// The largest cache is 30 000 entries, not more: filling a cache whose every call looks at
	// every entry takes time that grows as the square of the size, and the harness stops a
	// fill that takes too long before it has measured enough sizes to tell O(n) from O(n^2).
	sizes := []int{30, 300, 3000, 30000}
	// spec times workload on a cache of the solution's, or the reference's, with its own clock.
	spec := func(op string, workload func(n int, clock *kit.FakeClock, c judgeCache) kit.Workload) kit.PerfSpec {
		sizes := sizes
		if op == "Delete" {
			// A scan for the entry to delete, through a slice of pointers, costs about a
			// nanosecond an entry, as little as the reference's heap costs at 30 000 entries:
			// only a larger cache shows it. Filling one is no heavier than Deleting from it.
			sizes = judgeDeleteSizes
		}
		return kit.PerfSpec{
			Operation: op, Sizes: sizes,
			Solution: func(n int) kit.Workload {
				clock := new(kit.FakeClock)
				return workload(n, clock, judgeSolution(clock))
			},
			Reference: func(n int) kit.Workload {
				clock := new(kit.FakeClock)
				return workload(n, clock, judgeReference(clock))
			},
		}
	}
	kit.Measure(t,
		// Each Set replaces one of n entries, with a new expiry, so that the cache's index of
		// expiries has to move it: every other call to later than the others, and in between
		// to earlier than every entry there, the front of the order.
		spec("Set", func(n int, clock *kit.FakeClock, c judgeCache) kit.Workload {
			return kit.Workload{
				Fill: func(i int) { c.Set(judgePoolKey(i), "v", time.Hour) },
				Op: func(i int) int {
					ttl := time.Hour + time.Duration(i%1000)*time.Second
					if i%2 == 1 {
						ttl = 30*time.Minute - time.Duration(i)*time.Microsecond
					}
					c.Set(judgePoolKey(kit.Spread(i, n)), judgeValue(i), ttl)
					return 0
				},
				Check: judgeCheckSets(c, n),
			}
		}),
		// Each Get finds one of n entries, or, every other call, looks for a key that was
		// never set.
		spec("Get", func(n int, clock *kit.FakeClock, c judgeCache) kit.Workload {
			return kit.Workload{
				Fill: func(i int) { c.Set(judgePoolKey(i), "v", time.Hour) },
				Op: func(i int) int {
					key := judgePoolKey(i % n)
					if i%2 == 1 {
						key = judgePoolKey(judgeMissKeys + i%judgeMissKeys)
					}
					v, ok := c.Get(key)
					if !ok {
						return -1
					}
					return kit.Digest(v)
				},
			}
		}),
		// Each call deletes one of n entries, which expire a millisecond apart, chosen
		// anywhere in the order of expiries, and sets it again, so that the cache stays at n.
		spec("Delete", func(n int, clock *kit.FakeClock, c judgeCache) kit.Workload {
			return kit.Workload{
				Fill: func(i int) { c.Set(judgePoolKey(i), "v", time.Hour+time.Duration(i)*time.Millisecond) },
				Op: func(i int) int {
					key := judgePoolKey(kit.Spread(i, n))
					c.Delete(key)
					c.Set(key, judgeValue(i), time.Hour+time.Duration(kit.Spread(i+1, n))*time.Millisecond)
					return 0
				},
				Check: judgeCheckSets(c, n),
			}
		}),
		// Len on a cache of n entries, none of which expire.
		spec("Len", func(n int, clock *kit.FakeClock, c judgeCache) kit.Workload {
			return kit.Workload{
				Fill: func(i int) { c.Set(judgePoolKey(i), "v", time.Hour) },
				Op:   func(int) int { return c.Len() },
			}
		}),
		// n entries that expire a millisecond apart; the clock moves a millisecond before each
		// Set of a new key that lives n milliseconds, so that the cache stays at n entries and
		// at every Set the oldest expires. The clock stands still while the cache is filled.
		spec("Set while entries expire", func(n int, clock *kit.FakeClock, c judgeCache) kit.Workload {
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

// judgeDeleteSizes are the sizes Delete is measured at.
var judgeDeleteSizes = []int{100, 1000, 10000, 100000}

// judgeMissKeys is where the keys Get looks for in vain start in the pool, and how many
// there are: none is ever set while they are looked for.
const judgeMissKeys = 100_000

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
// memory must follow the entries that are unexpired, not every entry ever set.
//
//   - keys_that_keep_expiring: even when nothing but Set is ever called. A cache too slow to
//     make all the Sets in judgeLeakTime is judged on those it made, against the reference
//     making as many: TestGrowth reports its speed.
//   - after_a_burst_then_*: a burst of entries with large values, which all expire at once,
//     then calls of one kind only. Every call frees what has expired by then, whichever method
//     it is; and once an entry is gone nothing may still point to it, such as the slot of a
//     slice that a heap's Pop shortened, or the front of a queue that was resliced past it.
//     The cache may keep the room the burst made it grow (a map does not shrink, nor does a
//     slice's array), but not the values.
func TestExpiredEntriesAreFreed(t *testing.T) {
	if kit.RaceEnabled {
		t.Skip("memory is not measured under the race detector, as speed is not")
	}
	judgeGate.Require(t, "memory is measured only on a cache that works: ")
	t.Run("keys_that_keep_expiring", judgeKeysThatKeepExpiring)
	for _, tail := range []string{"sets", "gets", "deletes"} {
		t.Run("after_a_burst_then_"+tail, func(t *testing.T) { judgeAfterABurst(t, tail) })
	}
}

func judgeKeysThatKeepExpiring(t *testing.T) {
	var (
		sol   [2]int64
		sets  int
		p     string
		start = time.Now()
	)
	if p = kit.Catch(func() { sol, sets = judgeRetained(judgeSolution, judgeLeakSets, judgeLeakTime) }); p != "" {
		kit.Fail(t, kit.Record{Kind: kit.RuntimeError, Summary: "while making " + judgeLeakWorkload(judgeLeakSets) + ", c.Set panicked: " + kit.PanicMessage(p) + kit.PanicSite(p, New)})
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

// The burst: judgeBurstSets entries, each with a value of judgeBurstValue bytes of its own,
// all set at the same instant with a ttl of a minute; then the clock moves two minutes, and
// judgeBurstTail calls of one kind follow. The values alone come to 32 MB, while what the
// reference keeps of the burst (its map's table and its heap's array) is a few hundred
// kilobytes: a cache that keeps the values keeps several times judgeLeakFloor.
const (
	judgeBurstSets  = 8192
	judgeBurstValue = 4096
	judgeBurstTail  = 1000
)

// judgeBurstCalls says in words what judgeAfterABurst did before it measured.
func judgeBurstCalls(tail string) string {
	calls := map[string]string{
		"sets":    fmt.Sprintf("%d Sets of new keys with a short value, each of which had expired by the next (the clock moved a millisecond before each)", judgeBurstTail),
		"gets":    fmt.Sprintf("%d Gets of keys never set", judgeBurstTail),
		"deletes": fmt.Sprintf("%d Deletes of keys never set", judgeBurstTail),
	}[tail]
	return fmt.Sprintf("%d Sets of distinct keys with a value of %d bytes each and a ttl of one minute, then clock.Advance(2 * time.Minute), so that all of them expired, then %s",
		judgeBurstSets, judgeBurstValue, calls)
}

// judgeAfterABurst checks what a cache keeps of a burst of entries that all expired, after
// calls of the kind tail names.
func judgeAfterABurst(t *testing.T, tail string) {
	var sol int64
	if p := kit.Catch(func() { sol = judgeBurst(judgeSolution, tail) }); p != "" {
		kit.Fail(t, kit.Record{Kind: kit.RuntimeError, Summary: "while making " + judgeBurstCalls(tail) + ", a call panicked: " + kit.PanicMessage(p) + kit.PanicSite(p, New)})
		return
	}
	ref := judgeBurst(judgeReference, tail)
	limit := max(judgeLeakFloor, judgeLeakFactor*ref)
	if sol <= limit {
		t.Logf("after %s, the cache keeps %s (the reference %s)", judgeBurstCalls(tail), judgeBytes(sol), judgeBytes(ref))
		return
	}
	var why string
	switch tail {
	case "sets":
		why = "The entries are gone, but something still points to them and their values: a slice whose popped or removed slots were not set to nil (a heap's Pop must clear the slot it gives up: old[n-1] = nil), or a queue resliced past them (q = q[1:] keeps the array and everything in it)"
	default:
		method := map[string]string{"gets": "Get", "deletes": "Delete"}[tail]
		why = fmt.Sprintf("Every call must free what has expired by then, %s included: a cache whose calls are all %ss for a while must not keep what expired meanwhile. If the entries are freed, then something still points to them: a slice whose popped slots were not set to nil, or a queue resliced past them", method, method)
	}
	// In ratios, not bytes: the figures differ a little from run to run, and the report
	// should not.
	kit.Fail(t, kit.Record{Kind: kit.LeakDetected,
		Summary: fmt.Sprintf("expired entries are kept: after %s, the cache keeps %.0fx the memory the reference keeps (the values of the burst alone come to %s). %s",
			judgeBurstCalls(tail), float64(sol)/float64(max(ref, 1)), judgeBytes(judgeBurstSets*judgeBurstValue), why),
	})
}

// judgeBurst makes the burst and its tail on a new cache and returns how much more memory is
// in use, after a garbage collection, than before it started.
func judgeBurst(newCache func(Clock) judgeCache, tail string) int64 {
	before := kit.HeapInUse()
	clock := new(kit.FakeClock)
	c := newCache(clock)
	for i := range judgeBurstSets {
		// Each value is an allocation of its own, so that one the cache keeps shows.
		value := strings.Repeat(strconv.Itoa(i%10), judgeBurstValue)
		c.Set("burst-"+strconv.Itoa(i), value, time.Minute)
	}
	// Well past the expiry, so that a cache one nanosecond late at the boundary (the
	// correctness suite's concern) has nothing to keep either.
	clock.Advance(2 * time.Minute)
	for i := range judgeBurstTail {
		key := "other-" + strconv.Itoa(i)
		switch tail {
		case "sets":
			clock.Advance(time.Millisecond)
			c.Set(key, "v", time.Millisecond)
		case "gets":
			c.Get(key)
		case "deletes":
			c.Delete(key)
		}
	}
	retained := max(0, kit.HeapInUse()-before)
	runtime.KeepAlive(c)
	return retained
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
	before := kit.HeapInUse()
	start := time.Now()
	clock := new(kit.FakeClock)
	c := newCache(clock)
	for made < sets {
		clock.Advance(judgeLeakTick)
		c.Set("session-"+strconv.Itoa(made), "v", judgeLeakTTL)
		made++
		if made == sets/2 {
			retained[0] = max(0, kit.HeapInUse()-before)
		}
		if budget > 0 && made%1024 == 0 && time.Since(start) > budget {
			break
		}
	}
	retained[1] = max(0, kit.HeapInUse()-before)
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
