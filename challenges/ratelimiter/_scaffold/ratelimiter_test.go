package ratelimiter

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// These are examples to start from: run them with `go test` (and `go test -race`). They fail
// until Allow works. `prep submit` grades your solution with hidden tests that check much more,
// including concurrent use, memory and speed.

// TestExample is the example from the problem statement, with a window of an hour so that
// nothing can leave the window while the test runs, however slow the machine.
func TestExample(t *testing.T) {
	rl := NewRateLimiter(3, time.Hour)
	for i := 1; i <= 3; i++ {
		if !rl.Allow("alice") {
			t.Fatalf("request %d of alice was denied: the first 3 must be allowed", i)
		}
	}
	if rl.Allow("alice") {
		t.Fatal(`request 4 of alice was allowed: the limit is 3 requests per hour`)
	}
	if !rl.Allow("bob") {
		t.Fatal("bob's first request was denied: each user has a limit of their own")
	}
	if rl.Allow("alice") {
		t.Fatal("request 5 of alice was allowed: bob's request must not change alice's count")
	}
}

// TestWindowSlides checks that requests leave the window once it has passed: after sleeping
// twice the window, the user may make limit requests again.
func TestWindowSlides(t *testing.T) {
	const window = 50 * time.Millisecond
	rl := NewRateLimiter(2, window)
	for i := 1; i <= 2; i++ {
		if !rl.Allow("alice") {
			t.Fatalf("request %d of alice was denied: the first 2 must be allowed", i)
		}
	}
	time.Sleep(2 * window) // the first requests are now older than the window
	for i := 1; i <= 2; i++ {
		if !rl.Allow("alice") {
			t.Fatalf("after sleeping %v, request %d of alice was denied: the earlier requests have left the %v window", 2*window, i, window)
		}
	}
}

// TestConcurrentRequests has many goroutines make requests for the same user at once: exactly
// limit of them may be allowed. Run it with `go test -race` too.
func TestConcurrentRequests(t *testing.T) {
	const limit, goroutines, calls = 5, 10, 10
	rl := NewRateLimiter(limit, time.Hour)
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				if rl.Allow("alice") {
					allowed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if got := allowed.Load(); got != limit {
		t.Fatalf("%d goroutines made %d requests for alice at once and %d were allowed, want exactly %d",
			goroutines, goroutines*calls, got, limit)
	}
}
