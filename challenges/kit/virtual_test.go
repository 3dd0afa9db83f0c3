package kit

import (
	"os"
	"os/exec"
	"strings"
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
	started := time.Now()
	if !Virtual(t, 5*time.Second, func() {
		go func() {
			for range time.NewTicker(time.Second).C {
			}
		}()
		time.Sleep(time.Minute)
		first = time.Now()
	}) {
		t.Fatal("a bubble whose goroutine was left on a ticker did not return")
	}
	if real := time.Since(started); real > 4*time.Second {
		t.Errorf("a goroutine left on a ticker kept Virtual %v", real)
	}
	if !Virtual(t, 5*time.Second, func() { second = time.Now() }) {
		t.Fatal("the second bubble did not return")
	}
	if !second.After(first) && !second.Equal(first) {
		t.Errorf("the second bubble started at %v, before the first ended at %v", second, first)
	}
}

// TestVirtualRaceChild is run by TestVirtualReportsARaceWithinItsTest under the race
// detector: a data race in the bubble fails the bubble's test, which synctest.Test passes on
// to t after f has returned.
func TestVirtualRaceChild(t *testing.T) {
	if os.Getenv("KIT_VIRTUAL_RACE_CHILD") == "" {
		t.Skip("run by TestVirtualReportsARaceWithinItsTest")
	}
	Virtual(t, 5*time.Second, func() {
		n := 0
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n++
			}()
		}
		wg.Wait()
	})
	// Return at once: the test must not be over before the bubble's failure reaches it.
}

// A failure synctest.Test reports after f returned (a data race) fails the test that called
// Virtual, and never a test that has ended, which would crash the test process.
func TestVirtualReportsARaceWithinItsTest(t *testing.T) {
	if !RaceEnabled {
		t.Skip("needs the race detector")
	}
	// The race detector reports a pair of racing stacks once per process: one run each.
	for range 10 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestVirtualRaceChild$", "-test.v")
		cmd.Env = append(os.Environ(), "KIT_VIRTUAL_RACE_CHILD=1", "GORACE=halt_on_error=0")
		out, _ := cmd.CombinedOutput()
		text := string(out)
		if strings.Contains(text, "has completed") || strings.Contains(text, "panic:") {
			t.Fatalf("a failure reached a test that had ended:\n%s", text)
		}
		if !strings.Contains(text, "--- FAIL: TestVirtualRaceChild") || !strings.Contains(text, "race detected") {
			t.Fatalf("the race did not fail the test that called Virtual:\n%s", text)
		}
	}
}
