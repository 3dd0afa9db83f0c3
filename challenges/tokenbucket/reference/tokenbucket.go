// Package tokenbucket is the reference solution of the token bucket challenge: a token count
// brought up to date lazily, from the time that passed since the latest call, behind one mutex.
package tokenbucket

import (
	"sync"
	"time"
)

// Clock tells the time. The tests pass a fake one that moves only when they move it.
type Clock interface{ Now() time.Time }

// Limiter is a token bucket. It is safe for concurrent use.
//
// It stores the tokens it held at the latest time it has seen, not a history: every call first
// adds what the time since then refilled, capped at the burst, and then takes from the result.
type Limiter struct {
	clock Clock
	rate  float64 // tokens per second
	burst float64

	mu     sync.Mutex
	tokens float64   // at last
	last   time.Time // the latest time read from the clock
}

// New returns a limiter that holds at most burst tokens, starts full, and refills rate tokens
// per second.
func New(rate float64, burst int, clock Clock) *Limiter {
	return &Limiter{
		clock:  clock,
		rate:   rate,
		burst:  float64(burst),
		tokens: float64(burst),
		last:   clock.Now(),
	}
}

// Allow takes one token if one is available and reports whether it did.
func (l *Limiter) Allow() bool { return l.AllowN(1) }

// AllowN takes n tokens if n are available, and none otherwise, and reports whether it took
// them.
func (l *Limiter) AllowN(n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	// Reading the clock under the lock keeps the times each call sees in the order the calls
	// are served.
	now := l.clock.Now()
	if now.After(l.last) {
		// A clock that goes back adds nothing, and l.last keeps the latest time, so the same
		// stretch of time is never counted twice.
		l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
		l.last = now
	}
	if l.tokens < float64(n) {
		return false
	}
	l.tokens -= float64(n)
	return true
}
