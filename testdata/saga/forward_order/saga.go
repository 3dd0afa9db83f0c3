// Wrong answer: the completed steps are compensated in the order they ran, first to last,
// instead of last first, so a step is undone while the steps that depend on it still stand.
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
	var done []Step
	for _, s := range steps {
		err := ctx.Err()
		if err == nil {
			if err = s.Action(ctx); err != nil {
				err = fmt.Errorf("step %s: %w", s.Name, err)
			}
		}
		if err != nil {
			errs := []error{err}
			cleanup := context.WithoutCancel(ctx)
			for _, d := range done {
				if d.Compensate == nil {
					continue
				}
				if cerr := d.Compensate(cleanup); cerr != nil {
					errs = append(errs, cerr)
				}
			}
			return errors.Join(errs...)
		}
		done = append(done, s)
	}
	return nil
}
