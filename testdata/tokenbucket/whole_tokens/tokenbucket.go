// Wrong answer: it refills whole tokens only, and forgets the fraction at every call because it
// moves its timestamp to now even when the time since earned less than a token. Called often
// enough, the bucket never refills at all.
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
	burst  int
	tokens int
	last   time.Time
}

// New returns a full limiter.
func New(rate float64, burst int, clock Clock) *Limiter {
	return &Limiter{clock: clock, rate: rate, burst: burst, tokens: burst, last: clock.Now()}
}

// Allow takes one token.
func (l *Limiter) Allow() bool { return l.AllowN(1) }

// AllowN takes n tokens, or none.
func (l *Limiter) AllowN(n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	if now.After(l.last) {
		l.tokens += int(now.Sub(l.last).Seconds() * l.rate)
		if l.tokens > l.burst {
			l.tokens = l.burst
		}
		l.last = now
	}
	if l.tokens < n {
		return false
	}
	l.tokens -= n
	return true
}
