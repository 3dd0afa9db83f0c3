// Too slow: correct, but it refills one whole token at a time in a loop, so a call after a long
// wait on a large bucket loops once per token refilled, up to the burst.
package tokenbucket

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

// Limiter is a token bucket rate limiter.
type Limiter struct {
	mu       sync.Mutex
	clock    Clock
	burst    int
	tokens   int
	interval time.Duration // time for one token; 0 when the rate is 0
	last     time.Time     // when the token after tokens started to refill
}

// New returns a full limiter.
func New(rate float64, burst int, clock Clock) *Limiter {
	l := &Limiter{clock: clock, burst: burst, tokens: burst, last: clock.Now()}
	if rate > 0 {
		l.interval = time.Duration(float64(time.Second) / rate)
	}
	return l
}

// Allow takes one token.
func (l *Limiter) Allow() bool { return l.AllowN(1) }

// AllowN takes n tokens, or none.
func (l *Limiter) AllowN(n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	if l.tokens == l.burst {
		// Full: nothing is refilling, so the refill starts from now.
		if now.After(l.last) {
			l.last = now
		}
	} else if l.interval > 0 {
		for l.tokens < l.burst && !now.Before(l.last.Add(l.interval)) {
			l.tokens++
			l.last = l.last.Add(l.interval)
		}
		if l.tokens == l.burst && now.After(l.last) {
			l.last = now
		}
	}
	if l.tokens < n {
		return false
	}
	l.tokens -= n
	return true
}
