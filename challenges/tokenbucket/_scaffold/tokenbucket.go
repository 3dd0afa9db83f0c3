package tokenbucket

import "time"

// Clock tells the time. The tests pass a fake clock that moves only when they move it;
// production code would pass one whose Now calls time.Now.
type Clock interface{ Now() time.Time }

// Limiter is a token bucket rate limiter. It must be safe for concurrent use by many
// goroutines.
type Limiter struct {
	// TODO: add the fields your limiter needs.
}

// New returns a limiter that holds at most burst tokens (burst >= 1), starts full, and refills
// at rate tokens per second (rate >= 0), continuously: after a quarter of a second at rate 2 it
// has gained half a token. It reads the time only from clock.
func New(rate float64, burst int, clock Clock) *Limiter {
	// TODO: implement.
	return &Limiter{}
}

// Allow takes one token if one is available and reports whether it did. It must run in O(1).
func (l *Limiter) Allow() bool {
	// TODO: implement.
	return false
}

// AllowN takes n tokens (n >= 1) if n are available and reports whether it did. It is all or
// nothing: when fewer than n are available it takes none. It must run in O(1).
func (l *Limiter) AllowN(n int) bool {
	// TODO: implement.
	return false
}
