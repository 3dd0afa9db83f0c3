package boundedqueue

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
)

// These are examples to start from: run them with `go test`. They fail until the queue works.
// `prep submit` grades your solution with hidden tests that check much more, including
// cancellation, many goroutines at once, and speed.

// TestExample is the example from the problem statement: items come out in the order they
// went in, and Len counts them.
func TestExample(t *testing.T) {
	ctx := context.Background()
	q := New(2)
	if err := q.Put(ctx, 1); err != nil {
		t.Fatalf("q.Put(ctx, 1) = %v, want nil", err)
	}
	if err := q.Put(ctx, 2); err != nil {
		t.Fatalf("q.Put(ctx, 2) = %v, want nil", err)
	}
	if n := q.Len(); n != 2 {
		t.Fatalf("q.Len() = %d, want 2", n)
	}
	if v, err := q.Take(ctx); v != 1 || err != nil {
		t.Fatalf("q.Take(ctx) = %v, %v, want 1, nil: Take returns the oldest item", v, err)
	}
	if err := q.Put(ctx, 3); err != nil {
		t.Fatalf("q.Put(ctx, 3) = %v, want nil", err)
	}
	if v, err := q.Take(ctx); v != 2 || err != nil {
		t.Fatalf("q.Take(ctx) = %v, %v, want 2, nil", v, err)
	}
	if v, err := q.Take(ctx); v != 3 || err != nil {
		t.Fatalf("q.Take(ctx) = %v, %v, want 3, nil", v, err)
	}
	if n := q.Len(); n != 0 {
		t.Fatalf("q.Len() = %d, want 0", n)
	}
}

// TestPutWaitsUntilDeadline checks that a Put on a full queue waits, and gives up with
// ctx.Err() when its context's deadline passes, without adding its item.
func TestPutWaitsUntilDeadline(t *testing.T) {
	ctx := context.Background()
	q := New(1)
	if err := q.Put(ctx, 1); err != nil {
		t.Fatalf("q.Put(ctx, 1) = %v, want nil", err)
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := q.Put(short, 2); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("q.Put(short, 2) on a full queue = %v, want context.DeadlineExceeded", err)
	}
	if n := q.Len(); n != 1 {
		t.Fatalf("q.Len() = %d, want 1: a Put that failed must not add its item", n)
	}
}

// TestTakeWaitsForPut checks that a Take on an empty queue waits until another goroutine
// puts an item, and then returns it.
func TestTakeWaitsForPut(t *testing.T) {
	ctx := context.Background()
	q := New(1)
	type result struct {
		v   int
		err error
	}
	took := make(chan result, 1)
	go func() {
		v, err := q.Take(ctx)
		took <- result{v, err}
	}()
	select {
	case r := <-took:
		t.Fatalf("q.Take(ctx) on an empty queue returned %v, %v at once; want it to wait for a Put", r.v, r.err)
	case <-time.After(50 * time.Millisecond):
	}
	if err := q.Put(ctx, 7); err != nil {
		t.Fatalf("q.Put(ctx, 7) = %v, want nil", err)
	}
	select {
	case r := <-took:
		if r.v != 7 || r.err != nil {
			t.Fatalf("the waiting q.Take(ctx) = %v, %v, want 7, nil", r.v, r.err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the waiting q.Take(ctx) did not return within 2s of q.Put(ctx, 7)")
	}
}

// TestCancelWaitingTake checks that cancelling the context of a waiting Take makes it return
// ctx.Err() at once, and that it takes nothing: the next item put is still there.
func TestCancelWaitingTake(t *testing.T) {
	ctx := context.Background()
	q := New(1)
	ctx1, cancel1 := context.WithCancel(ctx)
	errs := make(chan error, 1)
	go func() {
		_, err := q.Take(ctx1)
		errs <- err
	}()
	time.Sleep(20 * time.Millisecond) // let Take start waiting
	cancel1()
	select {
	case err := <-errs:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("q.Take(ctx1) after cancel1() = %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("q.Take(ctx1) did not return within 2s of cancel1(): a waiting Take must stop when its context is done")
	}
	if err := q.Put(ctx, 5); err != nil {
		t.Fatalf("q.Put(ctx, 5) = %v, want nil", err)
	}
	if n := q.Len(); n != 1 {
		t.Fatalf("q.Len() = %d, want 1: the cancelled Take must not take the 5 put after it gave up", n)
	}
}

// TestNoGoroutineLeftBehind checks that calls that waited leave no goroutine running once they
// have returned, whether another call served them or their context was cancelled.
func TestNoGoroutineLeftBehind(t *testing.T) {
	ctx := context.Background()
	q := New(1)
	before := runtime.NumGoroutine()

	ctx1, cancel1 := context.WithCancel(ctx)
	defer cancel1()
	took := make(chan int, 1)
	go func() {
		v, _ := q.Take(ctx1)
		took <- v
	}()
	time.Sleep(20 * time.Millisecond) // let Take start waiting
	if err := q.Put(ctx, 1); err != nil {
		t.Fatalf("q.Put(ctx, 1) = %v, want nil", err)
	}
	select {
	case v := <-took:
		if v != 1 {
			t.Fatalf("the waiting q.Take(ctx1) returned %d, want 1", v)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the waiting q.Take(ctx1) did not return within 2s of q.Put(ctx, 1)")
	}

	ctx2, cancel2 := context.WithCancel(ctx)
	gaveUp := make(chan error, 1)
	go func() {
		_, err := q.Take(ctx2)
		gaveUp <- err
	}()
	time.Sleep(20 * time.Millisecond) // let Take start waiting
	cancel2()
	select {
	case <-gaveUp:
	case <-time.After(2 * time.Second):
		t.Fatal("q.Take(ctx2) did not return within 2s of cancel2()")
	}

	time.Sleep(100 * time.Millisecond) // goroutines that are done exit
	if n := runtime.NumGoroutine() - before; n > 0 {
		t.Fatalf("%d goroutines started by the calls are still running after they returned", n)
	}
}
