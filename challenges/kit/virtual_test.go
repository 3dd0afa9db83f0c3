package kit

import (
	"sync"
	"testing"
	"time"
)

// keepHung restores the process's record of hung calls after a test that hangs one on
// purpose.
func keepHung(t *testing.T) {
	was := hung.Load()
	t.Cleanup(func() { hung.Store(was) })
}

func TestVirtualSleepsTakeNoTime(t *testing.T) {
	keepHung(t)
	started := time.Now()
	var slept time.Duration
	if !Virtual(t, 5*time.Second, func() {
		before := time.Now()
		time.Sleep(time.Hour)
		slept = time.Since(before)
	}) {
		t.Fatal("a sleep in virtual time did not return")
	}
	if slept != time.Hour {
		t.Errorf("the bubble's clock moved %v over a sleep of an hour, want exactly an hour", slept)
	}
	if real := time.Since(started); real > 4*time.Second {
		t.Errorf("an hour's sleep took %v of real time", real)
	}
}

// A call blocked for good on a channel is reported at once, not after the patience.
func TestVirtualBlockedForGood(t *testing.T) {
	keepHung(t)
	hung.Store(false)
	started := time.Now()
	if Virtual(t, 10*time.Second, func() { <-make(chan int) }) {
		t.Fatal("a receive nobody sends to returned")
	}
	if !Hung() {
		t.Error("a call blocked for good was not marked hung")
	}
	if real := time.Since(started); real > 5*time.Second {
		t.Errorf("it took %v to report, where synctest sees at once that nothing can wake it", real)
	}
}

// A call waiting on a mutex its own goroutine holds does not move the bubble's clock: the
// watchdog, on the real clock, gives up on it.
func TestVirtualSelfDeadlock(t *testing.T) {
	keepHung(t)
	hung.Store(false)
	var mu sync.Mutex
	if Virtual(t, 100*time.Millisecond, func() {
		mu.Lock()
		mu.Lock()
	}) {
		t.Fatal("a second Lock of a held mutex returned")
	}
	if !Hung() {
		t.Error("the call was not marked hung")
	}
}

// Time goes on from one bubble to the next, and a goroutine left on a ticker does not keep
// Virtual from returning.
func TestVirtualTimeGoesOn(t *testing.T) {
	keepHung(t)
	var first, second time.Time
	Virtual(t, 5*time.Second, func() {
		go func() {
			for range time.NewTicker(time.Second).C {
			}
		}()
		time.Sleep(time.Minute)
		first = time.Now()
	})
	if !Virtual(t, 5*time.Second, func() { second = time.Now() }) {
		t.Fatal("the second bubble did not return")
	}
	if !second.After(first) && !second.Equal(first) {
		t.Errorf("the second bubble started at %v, before the first ended at %v", second, first)
	}
}
