// Deadlock: Allow holds the mutex and calls prune, which locks it again. sync.Mutex is not
// reentrant, so the first call never returns.
package ratelimiter

import (
	"sync"
	"time"
)

// RateLimiter allows each user at most limit requests in any sliding window.
type RateLimiter struct {
	mu       sync.Mutex
	limit    int
	window   time.Duration
	requests map[string][]time.Time
}

// NewRateLimiter returns a limiter of limit requests per window for each user.
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	return &RateLimiter{limit: limit, window: window, requests: make(map[string][]time.Time)}
}

// prune drops the user's requests that have left the window.
func (rl *RateLimiter) prune(userID string, now time.Time) []time.Time {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	times := rl.requests[userID]
	for len(times) > 0 && now.Sub(times[0]) >= rl.window {
		times = times[1:]
	}
	rl.requests[userID] = times
	return times
}

// Allow reports whether userID may make a request now, and records it if so.
func (rl *RateLimiter) Allow(userID string) bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	now := time.Now()
	times := rl.prune(userID, now)
	if len(times) >= rl.limit {
		return false
	}
	rl.requests[userID] = append(times, now)
	return true
}
