package idempotency

import (
	"context"
	"errors"
	"testing"
	"time"
)

// These are examples to start from: run them with `go test` (and `go test -race`). They fail
// until Do works. `prep submit` grades your solution with hidden tests that check much more,
// including many goroutines at once and speed.

// TestExample is the example from the problem statement.
func TestExample(t *testing.T) {
	ctx := context.Background()
	e := New()
	runs := 0
	charge := func(amount string) func() (string, error) {
		return func() (string, error) { runs++; return "charged " + amount, nil }
	}

	if v, err := e.Do(ctx, "order-1", charge("$10")); v != "charged $10" || err != nil {
		t.Fatalf(`first Do("order-1") = %q, %v; want "charged $10", nil`, v, err)
	}
	// A retry with the same key returns the remembered result and charges nothing.
	if v, err := e.Do(ctx, "order-1", charge("$20")); v != "charged $10" || err != nil {
		t.Fatalf(`second Do("order-1") = %q, %v; want "charged $10", nil`, v, err)
	}
	if runs != 1 {
		t.Fatalf("fn ran %d times for one key, want 1", runs)
	}

	// A failure is remembered too: the key is not retried.
	declined := errors.New("card declined")
	if _, err := e.Do(ctx, "order-2", func() (string, error) { return "", declined }); !errors.Is(err, declined) {
		t.Fatalf(`Do("order-2") error = %v, want %v`, err, declined)
	}
	if _, err := e.Do(ctx, "order-2", charge("$30")); !errors.Is(err, declined) {
		t.Fatalf(`retried Do("order-2") error = %v, want the remembered %v`, err, declined)
	}
	if runs != 1 {
		t.Fatalf("fn ran %d times, want 1: a failed key must not run fn again", runs)
	}
}

// TestPanic checks that a panic in fn becomes a remembered error that wraps ErrPanicked.
func TestPanic(t *testing.T) {
	ctx := context.Background()
	e := New()
	if _, err := e.Do(ctx, "k", func() (string, error) { panic("boom") }); !errors.Is(err, ErrPanicked) {
		t.Fatalf("Do with a panicking fn: error = %v, want one that wraps ErrPanicked", err)
	}
	if _, err := e.Do(ctx, "k", func() (string, error) { return "ok", nil }); !errors.Is(err, ErrPanicked) {
		t.Fatalf("Do after the panic: error = %v, want the remembered ErrPanicked", err)
	}
}

// TestWaiter checks that a second caller waits for the running fn and gets its result, and
// that a waiter whose context is cancelled gives up with ctx.Err().
func TestWaiter(t *testing.T) {
	ctx := context.Background()
	e := New()
	started, release := make(chan struct{}), make(chan struct{})
	first := make(chan string, 1)
	go func() {
		v, _ := e.Do(ctx, "k", func() (string, error) {
			close(started)
			<-release
			return "slow result", nil
		})
		first <- v
	}()
	select {
	case <-started: // the first call's fn is running
	case v := <-first:
		t.Fatalf("the first Do returned %q without running fn", v)
	case <-time.After(2 * time.Second):
		t.Fatal("the first Do did not run fn")
	}

	// A waiter whose context is cancelled returns ctx.Err() while fn still runs.
	cctx, cancel := context.WithCancel(ctx)
	gaveUp := make(chan error, 1)
	go func() {
		_, err := e.Do(cctx, "k", func() (string, error) { return "second run", nil })
		gaveUp <- err
	}()
	cancel()
	select {
	case err := <-gaveUp:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled waiter: error = %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a waiter whose context was cancelled did not return")
	}

	// A patient waiter gets the first call's result once fn finishes.
	second := make(chan string, 1)
	go func() {
		v, _ := e.Do(ctx, "k", func() (string, error) { return "second run", nil })
		second <- v
	}()
	time.Sleep(10 * time.Millisecond) // give it time to start waiting (a test, not a guarantee)
	close(release)
	for _, ch := range []chan string{first, second} {
		select {
		case v := <-ch:
			if v != "slow result" {
				t.Fatalf("Do returned %q, want %q from the one fn that ran", v, "slow result")
			}
		case <-time.After(2 * time.Second):
			t.Fatal("Do did not return after fn finished")
		}
	}
}
