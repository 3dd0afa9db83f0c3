package toy

import (
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
	ref "github.com/prep-judge/prep/challenges/toy/reference"
)

func TestGrowth(t *testing.T) {
	kit.Measure(t, kit.PerfSpec{
		Operation: "Add", Sizes: []int{100, 1000, 10000, 100000},
		Solution: func(n int) kit.Workload {
			var c Counter
			return kit.Workload{Fill: func(i int) { c.Add(1) }, Op: func(i int) int { return c.Add(1) }}
		},
		Reference: func(n int) kit.Workload {
			var c ref.Counter
			return kit.Workload{Fill: func(i int) { c.Add(1) }, Op: func(i int) int { return c.Add(1) }}
		},
	})
}
