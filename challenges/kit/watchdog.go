package kit

import (
	"sync/atomic"
	"time"
)

// A solution that deadlocks (locks its mutex twice, waits on a channel nobody sends on) would
// hold a test until the suite's time limit and say nothing. Hidden tests therefore run calls
// on a goroutine of their own and wait for them with a patience: a call that has not returned
// by then is reported as hung, with what it was doing (WhyStuck). A correct solution needs
// microseconds for anything the tests ask, so the margin is vast. Once one call has hung,
// every test of the process waits less (the short patience), so that each still gets to report
// within the suite's limit: one notion of "hung", shared by the whole test process.

// The patience for one call or scenario, and for a race run of many goroutines, before and
// after something has hung.
var (
	Patience          = 2 * time.Second
	ShortPatience     = 250 * time.Millisecond
	RacePatience      = 5 * time.Second
	ShortRacePatience = 2 * time.Second
)

var hung atomic.Bool

// MarkHung records that a call did not return within its patience.
func MarkHung() { hung.Store(true) }

// Hung reports whether a call of this test process has hung.
func Hung() bool { return hung.Load() }

// Wait is how long to wait for a call or a scenario: Patience, or ShortPatience once
// something has hung.
func Wait() time.Duration { return WaitOr(Patience, ShortPatience) }

// RaceWait is how long to wait for a race run of many goroutines: RacePatience, or
// ShortRacePatience once something has hung.
func RaceWait() time.Duration { return WaitOr(RacePatience, ShortRacePatience) }

// WaitOr is long, or short once something has hung: for a test that needs patiences of its
// own (a call that does real work, a run of many calls).
func WaitOr(long, short time.Duration) time.Duration {
	if hung.Load() {
		return short
	}
	return long
}

// Within runs f on a goroutine of its own and reports whether it returned within patience.
// When it did not, the call is marked hung and left running: nothing can stop a goroutine
// from outside, and the test reports it instead.
func Within(patience time.Duration, f func()) bool {
	if returnsWithin(patience, f) {
		return true
	}
	MarkHung()
	return false
}

// returnsWithin runs f on a goroutine of its own and reports whether it returned within
// patience, leaving it running when it did not.
func returnsWithin(patience time.Duration, f func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	timer := time.NewTimer(patience)
	defer timer.Stop()
	select {
	case <-done:
		return true
	case <-timer.C:
		return false
	}
}
