// Wrong answer: an off-by-one compensates the failing step too (steps[:i+1] instead of
// steps[:i]), undoing an action that never succeeded.
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

func Run(ctx context.Context, steps []Step) error {
	for i, s := range steps {
		if err := ctx.Err(); err != nil {
			return compensate(ctx, steps[:i], err)
		}
		if err := s.Action(ctx); err != nil {
			return compensate(ctx, steps[:i+1], fmt.Errorf("step %s: %w", s.Name, err))
		}
	}
	return nil
}

func compensate(ctx context.Context, done []Step, cause error) error {
	ctx = context.WithoutCancel(ctx)
	errs := []error{cause}
	for i := len(done) - 1; i >= 0; i-- {
		if done[i].Compensate == nil {
			continue
		}
		if err := done[i].Compensate(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
