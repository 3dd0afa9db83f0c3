// Too slow (memory): the answers are right and each call takes O(1) amortised time, but expired
// requests are never dropped. An index moves past them to the oldest request still in the
// window, while the slice keeps every request the user was ever allowed: memory grows without
// bound with the number of requests.
package ratelimiter

import (
	"sync"
	"time"
)

type userLog struct {
	times []time.Time
	first int // times[first:] are in the window
}

// RateLimiter allows each user at most limit requests in any sliding window.
type RateLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	users  map[string]*userLog
}

// NewRateLimiter returns a limiter of limit requests per window for each user.
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	return &RateLimiter{limit: limit, window: window, users: make(map[string]*userLog)}
}

// Allow reports whether userID may make a request now, and records it if so.
func (rl *RateLimiter) Allow(userID string) bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	now := time.Now()
	l := rl.users[userID]
	if l == nil {
		l = &userLog{}
		rl.users[userID] = l
	}
	for l.first < len(l.times) && now.Sub(l.times[l.first]) >= rl.window {
		l.first++
	}
	if len(l.times)-l.first >= rl.limit {
		return false
	}
	l.times = append(l.times, now)
	return true
}
