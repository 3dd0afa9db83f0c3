package kit

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Crew runs the goroutines of a concurrent test and keeps count of which of them got to the
// end of their work. A goroutine ended by runtime.Goexit runs its deferred calls (a
// sync.WaitGroup's Done among them) but never returns, so a test that only waits for its
// goroutines would go on to its checks as if every call had been made and checked. A Crew
// counts a goroutine as finished only when its function returned.
//
//	var crew kit.Crew
//	for g := range workers {
//		crew.Go(spawn, func() { ... every call of goroutine g, each checked ... })
//	}
//	if !crew.Wait(5 * time.Second) { ... a call is stuck ... }
//	if p := crew.Unfinished(); p != "" { ... fail with p ... }
//
// The zero Crew is ready to use; a Crew must not be copied once used.
type Crew struct {
	wg       sync.WaitGroup
	started  atomic.Int64
	finished atomic.Int64
}

// Go runs f on a new goroutine, started by spawn: go func() { f() }() when spawn is nil.
// Tests under the race detector pass a spawn of their own, so that the goroutines of each test
// start from a frame of their own and their races are reported anew.
func (c *Crew) Go(spawn func(func()), f func()) {
	c.started.Add(1)
	c.wg.Add(1)
	run := func() {
		defer c.wg.Done()
		f()
		c.finished.Add(1)
	}
	if spawn == nil {
		go run()
		return
	}
	spawn(run)
}

// Wait waits for every goroutine of the crew to end, for at most patience, and reports whether
// they all did.
func (c *Crew) Wait(patience time.Duration) bool { return returnsWithin(patience, c.wg.Wait) }

// ended returns a channel that is closed once every goroutine of the crew has ended.
func (c *Crew) ended() <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		c.wg.Wait()
		close(ch)
	}()
	return ch
}

// Unfinished says, once the crew has ended, how many of its goroutines ended without
// returning from their function, or returns "" when every one returned.
func (c *Crew) Unfinished() string {
	n := c.started.Load() - c.finished.Load()
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%s of the test's %d ended without finishing its calls: code that ends the goroutine calling it (runtime.Goexit) stops a test from checking what it did",
		Plural(int(n), "goroutine"), c.started.Load())
}
