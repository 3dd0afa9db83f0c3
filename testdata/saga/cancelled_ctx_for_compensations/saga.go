// Wrong answer: the compensations get Run's own ctx. When the saga stops because ctx was
// cancelled, every compensation receives a cancelled context, and real cleanup (an HTTP call,
// a database write) would fail at once.
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
		err := ctx.Err()
		if err == nil {
			err = s.Action(ctx)
		}
		if err != nil {
			errs := []error{fmt.Errorf("step %s: %w", s.Name, err)}
			for j := i - 1; j >= 0; j-- {
				if c := steps[j].Compensate; c != nil {
					if cerr := c(ctx); cerr != nil {
						errs = append(errs, cerr)
					}
				}
			}
			return errors.Join(errs...)
		}
	}
	return nil
}
