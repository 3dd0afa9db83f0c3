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
			// Every Put brings a new key to a full cache, so every Put evicts.
			Solution: func(n int) kit.Workload {
				c := Constructor(n)
				return kit.Workload{
					Fill: func(i int) { c.Put(i, i) },
					Op:   func(i int) int { c.Put(n+i, i); return 0 },
				}
			},
			Reference: func(n int) kit.Workload {
				c := reference.Constructor(n)
				return kit.Workload{
					Fill: func(i int) { c.Put(i, i) },
					Op:   func(i int) int { c.Put(n+i, i); return 0 },
				}
			},
		},
	)
}
