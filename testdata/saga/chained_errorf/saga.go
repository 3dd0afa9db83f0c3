// Too slow: correct, with the rollback in a deferred function that sees the named result, but
// each failed compensation is added to the error with fmt.Errorf("%w; ...: %w", err, cerr),
// which formats the whole message so far again. When the compensations succeed it costs
// nothing; when n of them fail, the message is copied n times as it grows, so Run takes time
// proportional to n².
package saga

import (
	"context"
	"fmt"
)

// Step is one step of a saga: an action, and the compensation that undoes it.
type Step struct {
	Name       string
	Action     func(ctx context.Context) error
	Compensate func(ctx context.Context) error
}

// Run executes the steps in order and rolls back the completed ones on failure.
func Run(ctx context.Context, steps []Step) (err error) {
	var completed []Step

	defer func() {
		if err == nil {
			return
		}
		// Roll back in reverse order, even if the caller cancelled ctx.
		rollbackCtx := context.WithoutCancel(ctx)
		for i := len(completed) - 1; i >= 0; i-- {
			step := completed[i]
			if step.Compensate == nil {
				continue
			}
			if cerr := step.Compensate(rollbackCtx); cerr != nil {
				err = fmt.Errorf("%w; compensate %s: %w", err, step.Name, cerr)
			}
		}
	}()

	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("saga aborted before %s: %w", step.Name, err)
		}
		if err := step.Action(ctx); err != nil {
			return fmt.Errorf("step %s: %w", step.Name, err)
		}
		completed = append(completed, step)
	}
	return nil
}
