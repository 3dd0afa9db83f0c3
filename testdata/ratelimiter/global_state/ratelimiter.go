// Wrong answer: the requests live in a package-level map, so every limiter shares them. A user
// who made requests through one limiter is counted by every other limiter too.
package ratelimiter

import (
	"sync"
	"time"
)

var (
	mu       sync.Mutex
	requests = map[string][]time.Time{}
)

// RateLimiter allows each user at most limit requests in any sliding window.
type RateLimiter struct {
	limit  int
	window time.Duration
}

// NewRateLimiter returns a limiter of limit requests per window for each user.
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	return &RateLimiter{limit: limit, window: window}
}

// Allow reports whether userID may make a request now, and records it if so.
func (rl *RateLimiter) Allow(userID string) bool {
	mu.Lock()
	defer mu.Unlock()
	now := time.Now()
	times := requests[userID]
	for len(times) > 0 && now.Sub(times[0]) >= rl.window {
		times = times[1:]
	}
	if len(times) >= rl.limit {
		requests[userID] = times
		return false
	}
	requests[userID] = append(times, now)
	return true
}
