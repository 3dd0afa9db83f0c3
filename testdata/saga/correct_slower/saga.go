// Correct, a little slower than a tuned solution with the same complexity: every action and
// every compensation is called through a helper that defers a recover, turning a panic into an
// error, although the rules say they never panic. Each step pays for a deferred closure, twice
// when it is compensated, but Run is still O(n). It must pass every suite.
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
func Run(ctx context.Context, steps []Step) error {
	done := make([]Step, 0, len(steps))
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return undo(ctx, done, fmt.Errorf("saga cancelled before %s: %w", s.Name, err))
		}
		if err := call(ctx, s.Action); err != nil {
			return undo(ctx, done, fmt.Errorf("saga step %s failed: %w", s.Name, err))
		}
		if s.Compensate != nil {
			done = append(done, s)
		}
	}
	return nil
}

// call calls f, and returns what it returns or, if it panics, an error saying so.
func call(ctx context.Context, f func(context.Context) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("saga: panic: %v", r)
		}
	}()
	return f(ctx)
}

// undo compensates the steps in done, last first, and returns cause joined with every error
// they returned.
func undo(ctx context.Context, done []Step, cause error) error {
	cleanup := context.WithoutCancel(ctx)
	errs := []error{cause}
	for i := len(done) - 1; i >= 0; i-- {
		if err := call(cleanup, done[i].Compensate); err != nil {
			errs = append(errs, fmt.Errorf("compensating %s: %w", done[i].Name, err))
		}
	}
	if len(errs) == 1 {
		return cause
	}
	return errors.Join(errs...)
}
