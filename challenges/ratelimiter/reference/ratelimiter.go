// Package ratelimiter is the reference solution of the rate limiter challenge: a sliding-window
// log per user, kept in a ring buffer of at most limit timestamps, behind one mutex.
package ratelimiter

import (
	"sync"
	"time"
)

// RateLimiter allows each user at most limit requests in any window of the given length. It
// is safe for concurrent use.
type RateLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	users  map[string]*userLog
}

// userLog holds the times of a user's allowed requests that may still be in the window,
// oldest first, in a ring buffer: times[head] is the oldest and there are n of them. The
// buffer grows by doubling up to limit, so a user who sends a few requests costs a few slots,
// and none ever costs more than limit.
type userLog struct {
	times []time.Time
	head  int
	n     int
}

// NewRateLimiter returns a limiter that allows each user limit requests in any window of the
// given length.
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	return &RateLimiter{limit: limit, window: window, users: make(map[string]*userLog)}
}

// Allow reports whether userID may make a request now, and records it when it may. A request
// is allowed when fewer than limit requests of the same user were allowed in the window before
// it; a denied request is not recorded.
func (rl *RateLimiter) Allow(userID string) bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	// The time is read under the lock, so that each user's log is in order even when many
	// goroutines call at once: pruning from the oldest end relies on it.
	now := time.Now()
	log := rl.users[userID]
	if log == nil {
		log = &userLog{}
		rl.users[userID] = log
	}
	// Forget the requests that have left the window: they are the oldest ones.
	for log.n > 0 && now.Sub(log.times[log.head]) >= rl.window {
		log.head = (log.head + 1) % len(log.times)
		log.n--
	}
	if log.n >= rl.limit {
		return false
	}
	if log.n == len(log.times) {
		log.grow(rl.limit)
	}
	log.times[(log.head+log.n)%len(log.times)] = now
	log.n++
	return true
}

// grow makes room for one more time, doubling the buffer but never beyond limit slots, and
// moves the times to the start of the new buffer in order.
func (l *userLog) grow(limit int) {
	size := 2 * len(l.times)
	if size == 0 {
		size = 1
	}
	if size > limit {
		size = limit
	}
	times := make([]time.Time, size)
	for i := 0; i < l.n; i++ {
		times[i] = l.times[(l.head+i)%len(l.times)]
	}
	l.times, l.head = times, 0
}
