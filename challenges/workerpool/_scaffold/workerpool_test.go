package workerpool

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

// These are examples to start from: run them with `go test` (and `go test -race`). They fail
// until Map works. `prep submit` grades your solution with hidden tests that check much more:
// every rule of the statement, with the timing of every call under the tests' control.

// mapWithin calls Map and fails the test if it does not return within a second, rather than
// letting a stuck Map hang `go test`.
func mapWithin(t *testing.T, ctx context.Context, workers int, inputs []int, fn func(context.Context, int) (int, error)) ([]int, error) {
	t.Helper()
	type result struct {
		out []int
		err error
	}
	done := make(chan result, 1)
	go func() {
		out, err := Map(ctx, workers, inputs, fn)
		done <- result{out, err}
	}()
	select {
	case r := <-done:
		return r.out, r.err
	case <-time.After(time.Second):
		t.Fatalf("Map(ctx, %d, %v, fn) did not return within a second", workers, inputs)
		return nil, nil
	}
}

// TestExample is the example from the problem statement.
func TestExample(t *testing.T) {
	square := func(ctx context.Context, in int) (int, error) { return in * in, nil }
	out, err := mapWithin(t, context.Background(), 2, []int{1, 2, 3, 4, 5}, square)
	if want := []int{1, 4, 9, 16, 25}; err != nil || !slices.Equal(out, want) {
		t.Fatalf("Map(ctx, 2, [1 2 3 4 5], square) = %v, %v; want %v, <nil>", out, err, want)
	}
}

// TestOutputOrder makes the calls finish in reverse order: each waits until the call of the
// next input has returned. The outputs must still follow the inputs.
func TestOutputOrder(t *testing.T) {
	inputs := []int{1, 2, 3}
	returned := map[int]chan struct{}{1: make(chan struct{}), 2: make(chan struct{}), 3: make(chan struct{})}
	fn := func(ctx context.Context, in int) (int, error) {
		defer close(returned[in])
		if next, ok := returned[in+1]; ok {
			<-next
		}
		return in * 10, nil
	}
	out, err := mapWithin(t, context.Background(), 3, inputs, fn)
	if want := []int{10, 20, 30}; err != nil || !slices.Equal(out, want) {
		t.Fatalf("Map(ctx, 3, %v, fn) = %v, %v; want %v, <nil>", inputs, out, err, want)
	}
}

// TestWorkers counts the calls in flight. Each call waits until three are in flight (for a
// moment at most), so that a Map that runs fewer at a time shows it, and one that starts too
// many at once is seen doing it.
func TestWorkers(t *testing.T) {
	var (
		mu             sync.Mutex
		inFlight, most int
		full           = make(chan struct{})
		fullOnce       sync.Once
		gaveUp         bool
	)
	fn := func(ctx context.Context, in int) (int, error) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		if inFlight == 3 {
			fullOnce.Do(func() { close(full) })
		}
		wait := !gaveUp
		mu.Unlock()
		if wait {
			select {
			case <-full:
			case <-time.After(200 * time.Millisecond):
				mu.Lock()
				gaveUp = true
				mu.Unlock()
			}
		}
		time.Sleep(time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		return in, nil
	}
	if _, err := mapWithin(t, context.Background(), 3, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, fn); err != nil {
		t.Fatalf("Map returned error %v, want nil", err)
	}
	if most > 3 {
		t.Fatalf("%d calls of fn were in flight at once, want at most 3", most)
	}
	if most < 3 {
		t.Fatalf("no more than %d of the calls of fn were in flight at once: with 3 workers and 10 inputs, want 3", most)
	}
}

// TestFirstError checks that Map returns the error of a failing call, and starts no call after
// it.
func TestFirstError(t *testing.T) {
	errBoom := errors.New("boom")
	var (
		mu     sync.Mutex
		called []int
	)
	fn := func(ctx context.Context, in int) (int, error) {
		mu.Lock()
		called = append(called, in)
		mu.Unlock()
		if in == 2 {
			return 0, errBoom
		}
		return in, nil
	}
	// One worker: the calls are made one after the other, in any order, until one fails.
	_, err := mapWithin(t, context.Background(), 1, []int{1, 2, 3, 4}, fn)
	if !errors.Is(err, errBoom) {
		t.Fatalf("Map returned error %v, want %v", err, errBoom)
	}
	if len(called) == 0 || called[len(called)-1] != 2 {
		t.Fatalf("fn was called for %v: no call may start after fn(ctx, 2) has failed", called)
	}
}

// TestCancel cancels ctx while every call waits for its own ctx to be done: Map must pass the
// cancellation on, and return ctx.Err().
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{}, 2)
	fn := func(ctx context.Context, in int) (int, error) {
		started <- struct{}{}
		<-ctx.Done()
		return 0, ctx.Err()
	}
	go func() {
		<-started
		select {
		case <-started: // both calls are in flight
		case <-time.After(100 * time.Millisecond):
		}
		cancel()
	}()
	_, err := mapWithin(t, ctx, 2, []int{1, 2}, fn)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Map returned error %v, want %v", err, context.Canceled)
	}
}
