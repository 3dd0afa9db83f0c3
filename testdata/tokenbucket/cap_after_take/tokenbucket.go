// Wrong answer: it caps the bucket at the burst after taking tokens instead of before, so after
// a long wait a call sees more than the burst: AllowN can take more than burst tokens, and the
// bucket is left full after a call that should have emptied it a little.
package tokenbucket

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

// Limiter is a token bucket rate limiter.
type Limiter struct {
	mu     sync.Mutex
	clock  Clock
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

// New returns a full limiter.
func New(rate float64, burst int, clock Clock) *Limiter {
	return &Limiter{clock: clock, rate: rate, burst: float64(burst), tokens: float64(burst), last: clock.Now()}
}

// Allow takes one token.
func (l *Limiter) Allow() bool { return l.AllowN(1) }

// AllowN takes n tokens, or none.
func (l *Limiter) AllowN(n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := l.clock.Now(); now.After(l.last) {
		l.tokens += now.Sub(l.last).Seconds() * l.rate
		l.last = now
	}
	ok := l.tokens >= float64(n)
	if ok {
		l.tokens -= float64(n)
	}
	if l.tokens > l.burst {
		l.tokens = l.burst
	}
	return ok
}
