// Wrong answer: it adds rate * (now - last) without checking the sign, so when the clock goes
// back the "refill" is negative and takes tokens away, instead of counting as no time passing.
package tokenbucket

import (
	"math"
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
	now := l.clock.Now()
	l.tokens = math.Min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	l.last = now
	if l.tokens < float64(n) {
		return false
	}
	l.tokens -= float64(n)
	return true
}
