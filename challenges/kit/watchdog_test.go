package kit

import (
	"testing"
	"time"
)

func TestWithinMarksAHang(t *testing.T) {
	was := hung.Load()
	defer hung.Store(was)
	hung.Store(false)
	if Wait() != Patience || RaceWait() != RacePatience || WaitOr(time.Hour, time.Minute) != time.Hour {
		t.Fatal("before a hang, the long patiences apply")
	}
	if !Within(time.Second, func() {}) || Hung() {
		t.Fatal("a call that returns at once is within its patience, and nothing hung")
	}
	release := make(chan struct{})
	defer close(release)
	if Within(10*time.Millisecond, func() { <-release }) {
		t.Fatal("a call that never returns was within its patience")
	}
	if !Hung() || Wait() != ShortPatience || RaceWait() != ShortRacePatience || WaitOr(time.Hour, time.Minute) != time.Minute {
		t.Error("after a hang, every patience of the process is the short one")
	}
}
