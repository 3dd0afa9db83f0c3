// Package saga is the reference solution of the saga challenge: the steps' actions in order,
// and on a failure or a cancelled context the compensations of the steps that succeeded, in
// reverse order, with a context that is never cancelled.
package saga

import (
	"context"
	"errors"
	"fmt"
)

// Step is one step of a saga: an action, and the compensation that undoes it.
type Step struct {
	Name       string
	Action     func(ctx context.Context) error
	Compensate func(ctx context.Context) error // may be nil: nothing to undo
}

// Run runs the steps' actions in order. If an action fails, or ctx is done before a step
// starts, it compensates every step whose action succeeded, last first, and returns an error
// that wraps the action's error (or ctx.Err()) and every compensation's error.
func Run(ctx context.Context, steps []Step) error {
	// The steps to undo should a later one fail: a stack, the last step that succeeded on top.
	undo := make([]Step, 0, len(steps))
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return compensate(ctx, undo, fmt.Errorf("saga: cancelled before step %q: %w", s.Name, err))
		}
		if err := s.Action(ctx); err != nil {
			return compensate(ctx, undo, fmt.Errorf("saga: step %q failed: %w", s.Name, err))
		}
		if s.Compensate != nil {
			undo = append(undo, s)
		}
	}
	return nil
}

// compensate undoes the steps on the stack, top first. A compensation that fails does not
// stop the others: each undoes something of its own.
func compensate(ctx context.Context, undo []Step, cause error) error {
	// Cleanup must finish even when the caller has given up, and keeps the caller's values
	// (a trace ID, say).
	ctx = context.WithoutCancel(ctx)
	errs := []error{cause}
	for i := len(undo) - 1; i >= 0; i-- {
		if err := undo[i].Compensate(ctx); err != nil {
			errs = append(errs, fmt.Errorf("saga: compensating step %q: %w", undo[i].Name, err))
		}
	}
	if len(errs) == 1 {
		return cause
	}
	return errors.Join(errs...)
}
