// Correct: a stack of undo closures, pushed as each action succeeds and popped in reverse on
// failure, with errors.Join and context.WithoutCancel. It must pass every suite.
package saga

import (
	"context"
	"errors"
	"fmt"
)

// Step is one step of a saga.
type Step struct {
	Name       string
	Action     func(ctx context.Context) error
	Compensate func(ctx context.Context) error
}

// Run runs the steps and undoes the completed ones if one fails or ctx ends.
func Run(ctx context.Context, steps []Step) (err error) {
	var undo []func(context.Context) error
	defer func() {
		if err == nil {
			return
		}
		cleanup := context.WithoutCancel(ctx)
		errs := []error{err}
		for i := len(undo) - 1; i >= 0; i-- {
			if uerr := undo[i](cleanup); uerr != nil {
				errs = append(errs, uerr)
			}
		}
		err = errors.Join(errs...)
	}()
	for _, s := range steps {
		if ctx.Err() != nil {
			return fmt.Errorf("saga stopped before %s: %w", s.Name, ctx.Err())
		}
		if err := s.Action(ctx); err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
		if s.Compensate != nil {
			undo = append(undo, s.Compensate)
		}
	}
	return nil
}
