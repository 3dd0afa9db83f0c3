// Race: the arithmetic is right but nothing is locked, so concurrent calls read and write the
// token count at once. Correctness passes; the race detector fails the race suite.
package tokenbucket

import "time"

// Clock tells the time.
type Clock interface{ Now() time.Time }

// Limiter is a token bucket rate limiter.
type Limiter struct {
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
