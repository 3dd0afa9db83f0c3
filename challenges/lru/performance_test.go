package lru

import (
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
	reference "github.com/prep-judge/prep/challenges/lru/reference"
)

// TestGrowth measures Get and Put on full caches of growing capacity against the reference. Both
// must stay O(1). The slowdown allowed in challenge.toml is generous: a container/list solution
// allocates and chases more pointers than the reference and must still pass easily, while a scan of
// the keys falls behind by the size of the cache.
//
// Each operation is timed on more than one access pattern, since a scan can be cheap on one:
// Gets in the order the keys were put find each key at the least recently used end, where a
// search from that end stops at once, so Gets are also timed on keys anywhere in the order,
// half of them missing; Puts of new keys never look a key up in the order, so Puts that
// update keys already there, anywhere in the order, are timed too.
func TestGrowth(t *testing.T) {
	judgeGate.Performance(t)
	sizes := []int{100, 1000, 10000, 100000}
	kit.Measure(t,
		// Every Get hits, in the order the keys were put: each one moves the least recently
		// used key to the front, the most work a Get can do.
		judgeSpec("Get", sizes, judgeGetInOrderWorkload),
		judgeSpec("Get of keys anywhere, half of them missing", sizes, judgeGetAnywhereWorkload),
		judgeSpec("Put of keys already there", sizes, judgeUpdateWorkload),
		// Every Put brings a new key to a full cache, so every Put evicts.
		judgeSpec("Put", sizes, judgePutWorkload),
	)
}

// judgeSpec times the workload that w makes, on the solution's cache and on the reference's,
// each of capacity n.
func judgeSpec(op string, sizes []int, w func(n int, put func(key, value int), get func(key int) int) kit.Workload) kit.PerfSpec {
	return kit.PerfSpec{
		Operation: op, Sizes: sizes,
		Solution: func(n int) kit.Workload {
			c := Constructor(n)
			return w(n, c.Put, c.Get)
		},
		Reference: func(n int) kit.Workload {
			c := reference.Constructor(n)
			return w(n, c.Put, c.Get)
		},
	}
}

// judgeGetInOrderWorkload fills a cache of capacity n with keys 0 to n-1, each its own value,
// and gets them in that order, over and over.
func judgeGetInOrderWorkload(n int, put func(key, value int), get func(key int) int) kit.Workload {
	return kit.Workload{
		Fill: func(i int) { put(i, i) },
		Op:   func(i int) int { return get(i % n) },
	}
}

// judgePutWorkload puts new keys into a full cache of capacity n, and checks afterwards what
// the last Puts left, since Put returns nothing: Get of each of the last keys put, and of one
// put long before.
func judgePutWorkload(n int, put func(key, value int), get func(key int) int) kit.Workload {
	last := -1
	return kit.Workload{
		Fill: func(i int) { put(i, i) },
		Op: func(i int) int {
			put(n+i, i)
			last = i
			return 0
		},
		Check: func() int {
			sum := get(0) // evicted long ago, by the time any Put was timed
			for i := last; i >= 0 && i > last-min(n, 32); i-- {
				sum = sum*31 + get(n+i)
			}
			return sum
		},
	}
}

// judgeGetAnywhereWorkload fills a cache of capacity n with keys 0 to n-1, each its own value,
// and gets keys from all over the order of use: every other call a key that is there, the
// others a key that never was.
func judgeGetAnywhereWorkload(n int, put func(key, value int), get func(key int) int) kit.Workload {
	return kit.Workload{
		Fill: func(i int) { put(i, i) },
		Op: func(i int) int {
			k := kit.Spread(i, n)
			if i%2 == 1 {
				k = -1 - k // keys are never negative in the fill
			}
			return get(k)
		},
	}
}

// judgeUpdateWorkload fills a cache of capacity n and puts new values for keys already there,
// from all over the order of use, and checks afterwards that the last values put are the ones
// Get returns.
func judgeUpdateWorkload(n int, put func(key, value int), get func(key int) int) kit.Workload {
	last := -1
	return kit.Workload{
		Fill: func(i int) { put(i, i) },
		Op: func(i int) int {
			put(kit.Spread(i, n), n+i)
			last = i
			return 0
		},
		Check: func() int {
			sum := 0
			for i := last; i >= 0 && i > last-min(n, 32); i-- {
				sum = sum*31 + get(kit.Spread(i, n))
			}
			return sum
		},
	}
}
