// Wrong answer for a huge n: the generic cell rate algorithm (GCRA), as correct_gcra, but
// without refusing an n above the burst first. The cost of n tokens, n times the interval of
// one, overflows an int64 of nanoseconds when n is huge, and AllowN(1 << 40) is granted.
// Every other call is right.
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
