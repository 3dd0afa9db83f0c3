package saga

import (
	"context"
	"errors"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
	reference "github.com/prep-judge/prep/challenges/saga/reference"
)

// TestGrowth times one Run of n trivial steps whose last action fails, so that every other step is
// compensated: the most work a saga of n steps can take. It must grow in proportion to n (O(n)), as
// the reference does; a Run that searches or shifts its list of completed steps for every step or
// compensation grows like n². The slowdown allowed in challenge.toml is generous: a solution that
// keeps a stack of closures, or allocates for every step, must still pass easily.
func TestGrowth(t *testing.T) {
	if !judgeWorks(t, "performance is measured only on a Run that works: ") {
		return
	}
	ctx := context.Background()
	fail := errors.New("the last step fails")
	ok := func(context.Context) error { return nil }
	last := func(context.Context) error { return fail }
	kit.Measure(t, kit.PerfSpec{
		Operation: "Run of n steps, the last failing", Sizes: []int{5, 50, 500},
		Solution: func(n int) kit.Workload {
			steps := make([]Step, n)
			for i := range steps {
				steps[i] = Step{Name: "step", Action: ok, Compensate: ok}
			}
			steps[n-1].Action = last
			return kit.Workload{Op: func(int) int {
				if Run(ctx, steps) != nil {
					return 1
				}
				return 0
			}}
		},
		Reference: func(n int) kit.Workload {
			steps := make([]reference.Step, n)
			for i := range steps {
				steps[i] = reference.Step{Name: "step", Action: ok, Compensate: ok}
			}
			steps[n-1].Action = last
			return kit.Workload{Op: func(int) int {
				if reference.Run(ctx, steps) != nil {
					return 1
				}
				return 0
			}}
		},
	})
}
