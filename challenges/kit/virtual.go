package kit

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// Virtual runs f in a bubble of testing/synctest, where time.Now, time.Sleep, timers and
// tickers use a clock of their own that moves only when every goroutine of the bubble is
// blocked, and then straight to the next moment a timer is due: f's sleeps take no real time,
// each call is made at the very moment planned for it, however busy the machine, and a
// solution's own goroutines (a cleanup on a ticker) run at the moments they would on the real
// clock. It reports whether f returned within patience of real time; when it did not, the
// call is marked hung, as Within does. A suite whose API reads the clock is judged this way,
// exactly and at once, where the real clock would need margins and waits:
//
//	var got bool
//	if !kit.Virtual(t, kit.Wait(), func() {
//		rl := NewRateLimiter(2, time.Second)
//		rl.Allow("a")
//		time.Sleep(time.Second) // takes no time
//		got = rl.Allow("a")
//	}) {
//		... report the call in progress as hung, with kit.WhyStuck() ...
//	}
//
// The watchdog is the kit's, on the real clock: a call that waits for a mutex its goroutine
// already holds, or spins, is not blocked in the way that moves the bubble's clock, and the
// bubble would wait for it for ever. A call blocked for good on a channel or a sync.Cond
// (blocked with every other goroutine of the bubble, and no timer due) is one synctest reports
// at once, with a panic, recovered here: f is then as hung as one the watchdog gives up on,
// with no wait. f ends by sending on a channel made outside the bubble, so that goroutines the
// solution leaves behind, on a ticker, cannot keep Virtual from returning: synctest.Test waits
// for every goroutine of its bubble, and panics, after f has returned, when those left are
// blocked. The bubble's clock has stopped by then, so they never run again.
//
// Each bubble's clock starts where the latest one's stopped, so that a solution whose state
// outlives its values (package variables) sees time go on from one call of Virtual to the
// next, as it would on the real clock, rather than start again. Values made in one bubble
// (channels, timers) cannot be used from another: make them inside f.
func Virtual(t *testing.T, patience time.Duration, f func()) bool {
	returned := false
	finished := Within(patience, func() {
		done := make(chan bool, 1)
		over := make(chan struct{}) // closed once synctest.Test has returned
		go func() {
			defer close(over)
			defer func() {
				if r := recover(); r != nil {
					if !strings.HasPrefix(fmt.Sprint(r), "deadlock: ") {
						panic(r)
					}
					select {
					case done <- false: // blocked for good before f returned
					default: // f had returned
					}
				}
			}()
			synctest.Test(t, func(*testing.T) {
				start := time.Now() // the same moment in every bubble
				time.Sleep(time.Duration(virtualEnd.Load()))
				f()
				virtualEnd.Store(int64(time.Since(start)))
				done <- true
			})
		}()
		returned = <-done
		// synctest.Test runs f as a test of its own, a child of t, and ends it after f has
		// returned: when the race detector saw a race in the bubble, that end fails the child
		// and so t. It must come while t still runs, or the testing package panics ("Fail in
		// goroutine after TestX has completed") in whichever test runs next, and the process
		// dies. synctest.Test returns at once when the goroutines left are blocked (see
		// above); virtualSettle bounds the wait for any still running.
		if returned {
			settle := time.NewTimer(virtualSettle)
			defer settle.Stop()
			select {
			case <-over:
			case <-settle.C:
			}
		}
	})
	if finished && !returned {
		MarkHung()
		return false
	}
	return finished
}

// virtualSettle is how long Virtual waits, after f has returned, for synctest.Test to return.
const virtualSettle = time.Second

// virtualEnd is how far the latest bubble's clock had gone, from the moment every bubble's
// clock starts at, when its f returned.
var virtualEnd atomic.Int64
