// Wrong answer: ctx is passed to the actions but never checked between steps, so a saga
// whose caller has given up runs every remaining step anyway.
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
		if err := s.Action(ctx); err != nil {
			errs := []error{fmt.Errorf("step %s: %w", s.Name, err)}
			cleanup := context.WithoutCancel(ctx)
			for j := i - 1; j >= 0; j-- {
				if c := steps[j].Compensate; c != nil {
					if cerr := c(cleanup); cerr != nil {
						errs = append(errs, cerr)
					}
				}
			}
			return errors.Join(errs...)
		}
	}
	return nil
}
