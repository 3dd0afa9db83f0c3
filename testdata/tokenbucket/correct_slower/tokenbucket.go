// Correct but a little slower: the usual token bucket, a float64 count topped up from the time
// since the last call and capped at the burst, but guarded by a channel of capacity one used
// as the lock (send to take it, receive to give it back) rather than a sync.Mutex. A channel
// operation costs more than a mutex's fast path, so every call is a little slower than the
// reference's, while still O(1) like it.
package tokenbucket

import "time"

// Clock tells the time.
type Clock interface{ Now() time.Time }

// Limiter is a token bucket rate limiter, safe for concurrent use.
type Limiter struct {
	lock     chan struct{} // holds a value while a call is inside
	clock    Clock
	rate     float64
	capacity float64
	tokens   float64
	updated  time.Time
}

// New returns a full limiter of burst tokens that refills at rate tokens per second.
func New(rate float64, burst int, clock Clock) *Limiter {
	return &Limiter{
		lock:     make(chan struct{}, 1),
		clock:    clock,
		rate:     rate,
		capacity: float64(burst),
		tokens:   float64(burst),
		updated:  clock.Now(),
	}
}

// Allow takes one token if there is one.
func (l *Limiter) Allow() bool {
	return l.AllowN(1)
}

// AllowN takes n tokens if there are n, and none otherwise.
func (l *Limiter) AllowN(n int) bool {
	l.lock <- struct{}{}
	defer func() { <-l.lock }()
	now := l.clock.Now()
	if now.After(l.updated) {
		l.tokens += l.rate * now.Sub(l.updated).Seconds()
		if l.tokens > l.capacity {
			l.tokens = l.capacity
		}
		l.updated = now
	}
	if l.tokens < float64(n) {
		return false
	}
	l.tokens -= float64(n)
	return true
}
