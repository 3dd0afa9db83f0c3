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
func TestGrowth(t *testing.T) {
	if !judgeWorks(t, "performance is measured only on a cache that works: ") {
		return
	}
	sizes := []int{100, 1000, 10000, 100000}
	kit.Measure(t,
		kit.PerfSpec{
			Operation: "Get", Sizes: sizes,
			// Every Get hits, in the order the keys were put: each one moves the least
			// recently used key to the front, the most work a Get can do.
			Solution: func(n int) kit.Workload {
				c := Constructor(n)
				return kit.Workload{
					Fill: func(i int) { c.Put(i, i) },
					Op:   func(i int) int { return c.Get(i % n) },
				}
			},
			Reference: func(n int) kit.Workload {
				c := reference.Constructor(n)
				return kit.Workload{
					Fill: func(i int) { c.Put(i, i) },
					Op:   func(i int) int { return c.Get(i % n) },
				}
			},
		},
		kit.PerfSpec{
			Operation: "Put", Sizes: sizes,
			// Every Put brings a new key to a full cache, so every Put evicts. Put returns
			// nothing, so what the Puts did is checked afterwards: the last keys put are there.
			Solution: func(n int) kit.Workload {
				c := Constructor(n)
				return judgePutWorkload(n, c.Put, c.Get)
			},
			Reference: func(n int) kit.Workload {
				c := reference.Constructor(n)
				return judgePutWorkload(n, c.Put, c.Get)
			},
		},
	)
}

// judgePutWorkload puts new keys into a full cache of capacity n, and checks afterwards what
// the last Puts left: Get of each of the last keys put, and of one put long before.
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
