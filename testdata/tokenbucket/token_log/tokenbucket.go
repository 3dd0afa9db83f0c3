// Too slow: correct, but it keeps a log of when each token taken will be back and filters the
// whole log on every call, so a call takes time proportional to the tokens out, up to the burst.
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
	interval time.Duration // time for one token to come back; 0 when the rate is 0 (never)
	seen     time.Time     // the latest time read
	out      []time.Time   // when each token taken comes back, in order
}

// New returns a full limiter.
func New(rate float64, burst int, clock Clock) *Limiter {
	l := &Limiter{clock: clock, burst: burst, seen: clock.Now()}
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
	if now := l.clock.Now(); now.After(l.seen) {
		l.seen = now
	}
	// Forget the tokens that are back.
	still := l.out[:0]
	for _, t := range l.out {
		if l.interval == 0 || t.After(l.seen) {
			still = append(still, t)
		}
	}
	l.out = still
	if l.burst-len(l.out) < n {
		return false
	}
	// Tokens come back one after another, each interval after the one before.
	next := l.seen
	if len(l.out) > 0 && l.out[len(l.out)-1].After(next) {
		next = l.out[len(l.out)-1]
	}
	for i := 0; i < n; i++ {
		next = next.Add(l.interval)
		l.out = append(l.out, next)
	}
	return true
}
