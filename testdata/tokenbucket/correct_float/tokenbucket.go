// Correct: the idiomatic solution, a float64 token count topped up from the time since the
// last update on every call, capped at the burst, behind one sync.Mutex. It must pass every
// suite.
package tokenbucket

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

// Limiter is a token bucket rate limiter, safe for concurrent use.
type Limiter struct {
	mu       sync.Mutex
	clock    Clock
	rate     float64
	capacity float64
	tokens   float64
	updated  time.Time
}

// New returns a full limiter of burst tokens that refills at rate tokens per second.
func New(rate float64, burst int, clock Clock) *Limiter {
	return &Limiter{
		clock:    clock,
		rate:     rate,
		capacity: float64(burst),
		tokens:   float64(burst),
		updated:  clock.Now(),
	}
}

// refill adds the tokens earned since the last update. The caller holds l.mu.
func (l *Limiter) refill() {
	now := l.clock.Now()
	if !now.After(l.updated) {
		return // the clock stood still or went back: nothing earned
	}
	l.tokens += l.rate * now.Sub(l.updated).Seconds()
	if l.tokens > l.capacity {
		l.tokens = l.capacity
	}
	l.updated = now
}

// Allow takes one token if there is one.
func (l *Limiter) Allow() bool {
	return l.AllowN(1)
}

// AllowN takes n tokens if there are n, and none otherwise.
func (l *Limiter) AllowN(n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refill()
	if l.tokens < float64(n) {
		return false
	}
	l.tokens -= float64(n)
	return true
}
