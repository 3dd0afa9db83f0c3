// Deadlock: Allow locks the mutex and then calls AllowN, which locks it again. sync.Mutex is
// not reentrant, so the first Allow never returns.
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
func (l *Limiter) Allow() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.AllowN(1)
}

// AllowN takes n tokens, or none.
func (l *Limiter) AllowN(n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := l.clock.Now(); now.After(l.last) {
		l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
		l.last = now
	}
	if l.tokens < float64(n) {
		return false
	}
	l.tokens -= float64(n)
	return true
}
