// Wrong answer: modelled on golang.org/x/time/rate, whose advance treats a clock that went back
// by moving last back to it. The refill itself is right, but the limiter then forgets the latest
// time it had seen, so when the clock comes forward again the same stretch of time is refilled
// twice.
package tokenbucket

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

// Limiter controls how frequently events are allowed to happen.
type Limiter struct {
	mu     sync.Mutex
	clock  Clock
	limit  float64
	burst  int
	tokens float64
	// last is the last time the limiter's tokens field was updated
	last time.Time
}

// New returns a new Limiter that allows events up to rate r and permits bursts of at most b
// tokens.
func New(rate float64, burst int, clock Clock) *Limiter {
	return &Limiter{clock: clock, limit: rate, burst: burst, tokens: float64(burst), last: clock.Now()}
}

// Allow reports whether an event may happen now.
func (lim *Limiter) Allow() bool {
	return lim.AllowN(1)
}

// AllowN reports whether n events may happen now.
func (lim *Limiter) AllowN(n int) bool {
	lim.mu.Lock()
	defer lim.mu.Unlock()

	t := lim.clock.Now()
	t, tokens := lim.advance(t)
	lim.last = t
	if float64(n) > tokens {
		lim.tokens = tokens
		return false
	}
	lim.tokens = tokens - float64(n)
	return true
}

// advance calculates and returns an updated state for lim resulting from the passage of time.
// lim is not changed. advance requires that lim.mu is held.
func (lim *Limiter) advance(t time.Time) (newT time.Time, newTokens float64) {
	last := lim.last
	if t.Before(last) {
		last = t
	}

	// Calculate the new number of tokens, due to time that passed.
	elapsed := t.Sub(last)
	delta := lim.tokensFromDuration(elapsed)
	tokens := lim.tokens + delta
	if burst := float64(lim.burst); tokens > burst {
		tokens = burst
	}
	return t, tokens
}

// tokensFromDuration is a unit conversion function from a time duration to the number of
// tokens which could be accumulated during that duration at a rate of limit tokens per second.
func (lim *Limiter) tokensFromDuration(d time.Duration) float64 {
	if lim.limit <= 0 {
		return 0
	}
	return d.Seconds() * float64(lim.limit)
}
