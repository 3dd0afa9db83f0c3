package saga

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
	reference "github.com/prep-judge/prep/challenges/saga/reference"
)

// TestGrowth times one Run of n trivial steps whose last action fails, so that every other step is
// compensated: the most work a saga of n steps can take. It must grow in proportion to n (O(n)), as
// the reference does; a Run that searches or shifts its list of completed steps for every step or
// compensation grows like n². The slowdown allowed in challenge.toml is generous: a solution that
// keeps a stack of closures, or allocates for every step, must still pass easily.
//
// The second operation makes every compensation fail as well, so that Run must keep n errors: an
// error rebuilt for each one, with fmt.Errorf("%w; %w", err, next) copying the message so far, or
// a slice of errors prepended to, costs n² there, and nothing when the compensations succeed.
func TestGrowth(t *testing.T) {
	judgeGate.Performance(t)
	spec := func(op string, undoFails bool, sizes []int) kit.PerfSpec {
		return kit.PerfSpec{
			Operation: op, Sizes: sizes,
			Solution: func(n int) kit.Workload {
				s := judgeNewTimedSaga(n, undoFails)
				steps := make([]Step, n)
				for i := range steps {
					steps[i] = Step{Name: s.names[i], Action: s.actions[i], Compensate: s.undos[i]}
				}
				return s.workload(func() error { return Run(context.Background(), steps) })
			},
			Reference: func(n int) kit.Workload {
				s := judgeNewTimedSaga(n, undoFails)
				steps := make([]reference.Step, n)
				for i := range steps {
					steps[i] = reference.Step{Name: s.names[i], Action: s.actions[i], Compensate: s.undos[i]}
				}
				return s.workload(func() error { return reference.Run(context.Background(), steps) })
			},
		}
	}
	kit.Measure(t,
		spec("Run of n steps, the last failing", false, []int{5, 50, 500}),
		spec("Run of n steps, the last failing, every compensation failing", true, []int{10, 100, 1000}))
}

// judgeTimedSaga is a saga of n steps whose last action fails, and counts the compensations
// made during the Run being timed, so that a Run that skips them cannot be fast by doing less.
// It is no stricter than judgeWorks, which the suite starts with: the order of the
// compensations, a compensation too many, the errors Run wraps, and going on after a failed
// compensation cost points in the correctness suite alone, so when the compensations fail only
// Run's error is checked.
type judgeTimedSaga struct {
	names    []string
	actions  []func(context.Context) error
	undos    []func(context.Context) error
	mustUndo int // the compensations a Run must make for its result to count as right
	undone   int // the compensations made in the Run being timed
}

func judgeNewTimedSaga(n int, undoFails bool) *judgeTimedSaga {
	s := &judgeTimedSaga{}
	if !undoFails {
		s.mustUndo = n - 1
	}
	ok := func(context.Context) error { return nil }
	for i := range n {
		s.names = append(s.names, fmt.Sprintf("step%d", i+1))
		s.actions = append(s.actions, ok)
		var undoErr error
		if undoFails {
			// A message as long as real ones, so that copying it for every compensation shows.
			undoErr = fmt.Errorf("refund %d of order 4711 declined by the payment provider: the merchant account has insufficient funds", i+1)
		}
		s.undos = append(s.undos, func(context.Context) error {
			s.undone++
			return undoErr
		})
	}
	fail := errors.New("the last step fails")
	s.actions[n-1] = func(context.Context) error { return fail }
	return s
}

// workload times run, a Run of the saga. Each call's result says whether Run returned an error
// and made the compensations it must.
func (s *judgeTimedSaga) workload(run func() error) kit.Workload {
	return kit.Workload{Op: func(int) int {
		s.undone = 0
		r := 0
		if run() != nil {
			r = 1
		}
		if s.undone >= s.mustUndo {
			r |= 2
		}
		return r
	}}
}
