// Wrong answer: the stub as `prep start` writes it; Run returns an error and runs nothing.
// Package saga runs a sequence of steps that each change something in another system, and
// undoes the steps that succeeded when a later one fails: the saga pattern, a distributed
// transaction without locks.
package saga

import (
	"context"
	"errors"
)

// Step is one step of a saga: an action, and the compensation that undoes it.
type Step struct {
	Name       string
	Action     func(ctx context.Context) error
	Compensate func(ctx context.Context) error // may be nil: nothing to undo
}

// Run runs the steps' actions in order, each with ctx, and returns nil when all succeed.
//
// Before each step starts, Run checks ctx: if it is done, no more steps run. If an action
// returns an error, or ctx is done before a step, Run calls Compensate of every step whose
// action succeeded, one at a time, last first (steps with a nil Compensate are skipped; the
// failing step is not compensated, since its action did not succeed). A compensation that
// fails does not stop the others. The compensations get a context that is never cancelled
// but keeps ctx's values: context.WithoutCancel(ctx).
//
// Run then returns an error that wraps the failing action's error (or ctx.Err()) and the
// error of every compensation that failed, so that errors.Is finds each of them.
func Run(ctx context.Context, steps []Step) error {
	// TODO: implement.
	return errors.New("not implemented")
}
