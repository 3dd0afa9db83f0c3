// Correct: a map from user to the times of their allowed requests, oldest first. Each call
// first drops the times that have left the window, then allows the request and appends its
// time when fewer than limit remain. One sync.Mutex guards it all. It must pass every suite.
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

// Allow reports whether userID may make a request now, and records it if so.
func (rl *RateLimiter) Allow(userID string) bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()

	now := time.Now()
	times := rl.requests[userID]
	expired := 0
	for expired < len(times) && now.Sub(times[expired]) >= rl.window {
		expired++
	}
	times = times[expired:]
	if len(times) >= rl.limit {
		rl.requests[userID] = times
		return false
	}
	rl.requests[userID] = append(times, now)
	return true
}
