package saga

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// These are examples to start from: run them with `go test`. They fail until Run works.
// `prep submit` grades your solution with hidden tests that check much more, including many
// sagas at once, cancellation and speed.

// recorder makes steps that log their calls, in order.
type recorder struct{ calls []string }

func (r *recorder) step(name string, actionErr, undoErr error) Step {
	return Step{
		Name: name,
		Action: func(ctx context.Context) error {
			r.calls = append(r.calls, "action "+name)
			return actionErr
		},
		Compensate: func(ctx context.Context) error {
			r.calls = append(r.calls, "compensate "+name)
			return undoErr
		},
	}
}

// TestAllSucceed checks that a saga whose actions all succeed compensates nothing.
func TestAllSucceed(t *testing.T) {
	var r recorder
	err := Run(context.Background(), []Step{r.step("reserve", nil, nil), r.step("charge", nil, nil), r.step("ship", nil, nil)})
	if err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if want := []string{"action reserve", "action charge", "action ship"}; !slices.Equal(r.calls, want) {
		t.Fatalf("calls = %q, want %q", r.calls, want)
	}
}

// TestExample is the example from the problem statement: the third step fails, so the first
// two are compensated, last first, and the fourth never runs.
func TestExample(t *testing.T) {
	var r recorder
	declined := errors.New("card declined")
	err := Run(context.Background(), []Step{
		r.step("reserve", nil, nil),
		r.step("invoice", nil, nil),
		r.step("charge", declined, nil),
		r.step("ship", nil, nil),
	})
	if !errors.Is(err, declined) {
		t.Fatalf("Run = %v, want an error that wraps %v", err, declined)
	}
	want := []string{"action reserve", "action invoice", "action charge", "compensate invoice", "compensate reserve"}
	if !slices.Equal(r.calls, want) {
		t.Fatalf("calls = %q, want %q", r.calls, want)
	}
}

// TestCompensationFails checks that a failing compensation does not stop the others, and
// that its error is returned too.
func TestCompensationFails(t *testing.T) {
	var r recorder
	declined, stuck := errors.New("card declined"), errors.New("refund stuck")
	err := Run(context.Background(), []Step{
		r.step("reserve", nil, nil),
		r.step("hold", nil, stuck),
		r.step("charge", declined, nil),
	})
	if !errors.Is(err, declined) || !errors.Is(err, stuck) {
		t.Fatalf("Run = %v, want an error that wraps both %v and %v", err, declined, stuck)
	}
	want := []string{"action reserve", "action hold", "action charge", "compensate hold", "compensate reserve"}
	if !slices.Equal(r.calls, want) {
		t.Fatalf("calls = %q, want %q", r.calls, want)
	}
}

// TestCancelledBetweenSteps checks that a cancelled context stops the saga before the next
// step, and that compensations get a context that is not cancelled.
func TestCancelledBetweenSteps(t *testing.T) {
	var r recorder
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reserve := r.step("reserve", nil, nil)
	reserve.Compensate = func(ctx context.Context) error {
		r.calls = append(r.calls, "compensate reserve")
		if ctx.Err() != nil {
			t.Errorf("compensate reserve got a cancelled context: %v", ctx.Err())
		}
		return nil
	}
	charge := r.step("charge", nil, nil)
	charge.Action = func(ctx context.Context) error {
		r.calls = append(r.calls, "action charge")
		cancel() // the caller gives up while charge runs; charge itself succeeds
		return nil
	}
	err := Run(ctx, []Step{reserve, charge, r.step("ship", nil, nil)})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want an error that wraps context.Canceled", err)
	}
	want := []string{"action reserve", "action charge", "compensate charge", "compensate reserve"}
	if !slices.Equal(r.calls, want) {
		t.Fatalf("calls = %q, want %q", r.calls, want)
	}
}
