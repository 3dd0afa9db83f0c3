// Leak: a cleanup goroutine is started up front, waiting to be told how many steps to undo.
// When every step succeeds no one ever tells it, and it waits for ever: one goroutine leaked
// per successful saga.
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
	// Cleanup runs on its own goroutine with a context that is never cancelled, so that it
	// always finishes, whatever happens to the caller.
	undo := make(chan int)
	result := make(chan error)
	go func() {
		n := <-undo
		cleanup := context.WithoutCancel(ctx)
		var errs []error
		for i := n - 1; i >= 0; i-- {
			if c := steps[i].Compensate; c != nil {
				if err := c(cleanup); err != nil {
					errs = append(errs, err)
				}
			}
		}
		result <- errors.Join(errs...)
	}()

	for i, s := range steps {
		err := ctx.Err()
		if err == nil {
			err = s.Action(ctx)
		}
		if err != nil {
			undo <- i
			return errors.Join(fmt.Errorf("step %s: %w", s.Name, err), <-result)
		}
	}
	return nil
}
