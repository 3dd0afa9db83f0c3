package kit

import (
	"sync/atomic"
	"time"
)

// FakeClockStart is where every FakeClock starts. A challenge's visible tests start their own
// fake clock at the same time, so that a test to paste behaves the same beside them.
var FakeClockStart = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)

// FakeClock is the clock hidden tests hand to an API that takes one (a Clock interface with a
// Now method): it moves only when a test moves it, and it is safe for concurrent use, so that
// a race test can move it while the solution reads it. The zero FakeClock reads
// FakeClockStart.
type FakeClock struct{ offset atomic.Int64 } // nanoseconds since FakeClockStart

// Now is the clock's time.
func (c *FakeClock) Now() time.Time { return FakeClockStart.Add(c.Since()) }

// Since is how far the clock has moved from FakeClockStart.
func (c *FakeClock) Since() time.Duration { return time.Duration(c.offset.Load()) }

// Advance moves the clock on by d.
func (c *FakeClock) Advance(d time.Duration) { c.offset.Add(int64(d)) }
