// Race: the completed steps are kept in a package-level slice, reset at the start of each Run.
// One saga at a time is right, but two Runs at once share the slice: a data race, and each
// can compensate the other's steps.
package saga

import (
	"context"
	"errors"
	"fmt"
)

type Step struct {
	Name       string
	Action     func(ctx context.Context) error
	Compensate func(ctx context.Context) error
}

// completed holds the steps of the running saga whose actions succeeded.
var completed []Step

func Run(ctx context.Context, steps []Step) error {
	completed = completed[:0]
	for _, s := range steps {
		err := ctx.Err()
		if err == nil {
			err = s.Action(ctx)
		}
		if err != nil {
			return rollback(ctx, fmt.Errorf("step %s: %w", s.Name, err))
		}
		completed = append(completed, s)
	}
	return nil
}

func rollback(ctx context.Context, cause error) error {
	ctx = context.WithoutCancel(ctx)
	errs := []error{cause}
	for i := len(completed) - 1; i >= 0; i-- {
		if c := completed[i].Compensate; c != nil {
			if err := c(ctx); err != nil {
				errs = append(errs, err)
			}
		}
	}
	completed = completed[:0]
	return errors.Join(errs...)
}
