// Wrong answer: every request is recorded, the denied ones too. A user who keeps retrying while
// over the limit keeps their own window full, and is refused long after their last allowed
// request has left it.
package ratelimiter

import (
	"sync"
	"time"
)

// RateLimiter allows each user at most limit requests in any sliding window.
type RateLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	log    map[string][]time.Time
}

// NewRateLimiter returns a limiter of limit requests per window for each user.
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	return &RateLimiter{limit: limit, window: window, log: make(map[string][]time.Time)}
}

// Allow reports whether userID may make a request now.
func (rl *RateLimiter) Allow(userID string) bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	now := time.Now()
	times := rl.log[userID]
	for len(times) > 0 && now.Sub(times[0]) >= rl.window {
		times = times[1:]
	}
	allowed := len(times) < rl.limit
	rl.log[userID] = append(times, now) // the request is logged whether or not it is allowed
	return allowed
}
