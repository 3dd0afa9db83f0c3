package kit

import (
	"sync"
	"testing"
	"time"
)

func TestFakeClock(t *testing.T) {
	var c FakeClock
	if !c.Now().Equal(FakeClockStart) || c.Since() != 0 {
		t.Fatalf("a new clock reads %v, %v since the start; want the start", c.Now(), c.Since())
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				c.Advance(time.Millisecond)
				_ = c.Now()
			}
		})
	}
	wg.Wait()
	if c.Since() != 4*time.Second || !c.Now().Equal(FakeClockStart.Add(4*time.Second)) {
		t.Errorf("after 4000 advances of 1ms from four goroutines the clock reads %v since the start, want 4s", c.Since())
	}
}
