// Wrong answer: AllowN calls Allow n times and stops at the first refusal, but keeps the tokens
// it already took, so a refused AllowN still drains the bucket. It must be all or nothing.
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

// Allow takes one token if there is one.
func (l *Limiter) Allow() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := l.clock.Now(); now.After(l.last) {
		l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
		l.last = now
	}
	if l.tokens < 1 {
		return false
	}
	l.tokens--
	return true
}

// AllowN takes n tokens.
func (l *Limiter) AllowN(n int) bool {
	for i := 0; i < n; i++ {
		if !l.Allow() {
			return false
		}
	}
	return true
}
