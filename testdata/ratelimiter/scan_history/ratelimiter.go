// Too slow: the answers are right, but every allowed request is kept for ever, and each call
// counts the ones still inside the window by looking at all of them. Allow takes time in
// proportion to the number of requests the user has ever made (and memory grows as much).
package ratelimiter

import (
	"sync"
	"time"
)

// RateLimiter allows each user at most limit requests in any sliding window.
type RateLimiter struct {
	mu      sync.Mutex
	limit   int
	window  time.Duration
	history map[string][]time.Time
}

// NewRateLimiter returns a limiter of limit requests per window for each user.
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	return &RateLimiter{limit: limit, window: window, history: make(map[string][]time.Time)}
}

// Allow reports whether userID may make a request now, and records it if so.
func (rl *RateLimiter) Allow(userID string) bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	now := time.Now()
	inWindow := 0
	for _, t := range rl.history[userID] {
		if now.Sub(t) < rl.window {
			inWindow++
		}
	}
	if inWindow >= rl.limit {
		return false
	}
	rl.history[userID] = append(rl.history[userID], now)
	return true
}
