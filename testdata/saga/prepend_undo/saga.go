// Too slow: correct, but each completed step is prepended to the undo list, newest first, so
// that the list can be walked forwards; prepending copies the whole list, so a saga of n steps
// takes time proportional to n².
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
	var undo []Step // newest first
	for _, s := range steps {
		err := ctx.Err()
		if err == nil {
			err = s.Action(ctx)
		}
		if err != nil {
			errs := []error{fmt.Errorf("step %s: %w", s.Name, err)}
			cleanup := context.WithoutCancel(ctx)
			for _, u := range undo {
				if u.Compensate == nil {
					continue
				}
				if cerr := u.Compensate(cleanup); cerr != nil {
					errs = append(errs, cerr)
				}
			}
			return errors.Join(errs...)
		}
		undo = append([]Step{s}, undo...)
	}
	return nil
}
