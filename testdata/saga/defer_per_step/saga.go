// Correct: each step that succeeds defers its own compensation, so the deferred calls run
// last first when Run returns, which is the order a saga undoes in. The compensations check
// whether Run failed through the named result, and add their errors to it with errors.Join.
// Defers registered in a loop cost an allocation each, but Run is still O(n).
package saga

import (
	"context"
	"errors"
	"fmt"
)

// Step is one step of a saga: an action, and the compensation that undoes it.
type Step struct {
	Name       string
	Action     func(ctx context.Context) error
	Compensate func(ctx context.Context) error
}

// Run runs the steps; if one fails, the deferred compensations undo the ones before it.
func Run(ctx context.Context, steps []Step) (err error) {
	var compErrs []error
	defer func() {
		if err != nil && len(compErrs) > 0 {
			err = errors.Join(append([]error{err}, compErrs...)...)
		}
	}()
	cleanup := context.WithoutCancel(ctx)
	for _, s := range steps {
		if cerr := ctx.Err(); cerr != nil {
			return fmt.Errorf("saga cancelled before %s: %w", s.Name, cerr)
		}
		if aerr := s.Action(ctx); aerr != nil {
			return fmt.Errorf("step %s failed: %w", s.Name, aerr)
		}
		if s.Compensate == nil {
			continue
		}
		defer func() {
			if err == nil {
				return
			}
			if cerr := s.Compensate(cleanup); cerr != nil {
				compErrs = append(compErrs, fmt.Errorf("compensate %s: %w", s.Name, cerr))
			}
		}()
	}
	return nil
}
