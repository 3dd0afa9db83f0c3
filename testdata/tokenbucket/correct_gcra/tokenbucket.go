// Correct: the generic cell rate algorithm (GCRA). Instead of a token count it keeps the time at
// which the bucket will be full again, in integer nanoseconds; a rate of zero is a plain
// counter. A different design from the reference's, and it must pass every suite.
package tokenbucket

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

// Limiter is a token bucket rate limiter, safe for concurrent use.
type Limiter struct {
	mu    sync.Mutex
	clock Clock
	burst int

	// With a positive rate: each token takes interval to come back, and the bucket is full
	// from fullAt on. At time t it holds burst - (fullAt-t)/interval tokens.
	interval time.Duration
	fullAt   time.Time
	seen     time.Time // the latest time read, so that a clock going back changes nothing

	left int // with a rate of zero: the tokens left, never refilled
}

// New returns a full limiter of burst tokens that refills at rate tokens per second.
func New(rate float64, burst int, clock Clock) *Limiter {
	now := clock.Now()
	l := &Limiter{clock: clock, burst: burst, fullAt: now, seen: now, left: burst}
	if rate > 0 {
		l.interval = time.Duration(float64(time.Second) / rate)
	}
	return l
}

// Allow takes one token if there is one.
func (l *Limiter) Allow() bool { return l.AllowN(1) }

// AllowN takes n tokens if there are n, and none otherwise.
func (l *Limiter) AllowN(n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.interval == 0 {
		if n > l.left {
			return false
		}
		l.left -= n
		return true
	}
	now := l.clock.Now()
	if now.Before(l.seen) {
		now = l.seen
	}
	l.seen = now
	if n > l.burst {
		// Never possible, and n * interval below could overflow.
		return false
	}
	start := l.fullAt
	if start.Before(now) {
		start = now
	}
	next := start.Add(time.Duration(n) * l.interval)
	// Taking n tokens leaves burst-n, which is negative debt of at most burst intervals.
	if next.Sub(now) > time.Duration(l.burst)*l.interval {
		return false
	}
	l.fullAt = next
	return true
}
