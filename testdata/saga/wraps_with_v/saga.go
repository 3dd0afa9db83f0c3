// Wrong answer: the steps run and are undone as they should, but the errors are formatted
// with %v instead of wrapped with %w, so errors.Is cannot find the action's error, ctx.Err()
// or a compensation's error in what Run returns.
package saga

import (
	"context"
	"fmt"
	"strings"
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
			return compensate(ctx, steps[:i], fmt.Sprintf("step %s: %v", s.Name, err))
		}
	}
	return nil
}

func compensate(ctx context.Context, done []Step, cause string) error {
	ctx = context.WithoutCancel(ctx)
	msgs := []string{cause}
	for i := len(done) - 1; i >= 0; i-- {
		if done[i].Compensate == nil {
			continue
		}
		if err := done[i].Compensate(ctx); err != nil {
			msgs = append(msgs, fmt.Sprintf("undo %s: %v", done[i].Name, err))
		}
	}
	return fmt.Errorf("saga failed: %v", strings.Join(msgs, "; "))
}
