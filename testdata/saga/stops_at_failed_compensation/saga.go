// Wrong answer: the first compensation that fails ends the cleanup, so the steps before it
// are never undone.
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
		if err == nil {
			continue
		}
		cleanup := context.WithoutCancel(ctx)
		for j := i - 1; j >= 0; j-- {
			if steps[j].Compensate == nil {
				continue
			}
			if cerr := steps[j].Compensate(cleanup); cerr != nil {
				return errors.Join(fmt.Errorf("step %s: %w", s.Name, err), cerr)
			}
		}
		return fmt.Errorf("step %s: %w", s.Name, err)
	}
	return nil
}
