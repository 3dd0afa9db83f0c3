// Correct, a little slower: on every call it filters the user's times into a new slice, keeping
// those still in the window, and stores that slice back in the map, where a tuned solution
// drops the expired times from the front of the slice it has. So every call allocates, and
// looks the user up in the map twice. Same O(1) per call as a tuned solution (the filter looks
// at no more than limit times), just a larger constant: it must pass every suite.
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
	requests map[string][]time.Time // a user's allowed requests in the window, oldest first
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
	var inWindow []time.Time
	for _, t := range rl.requests[userID] {
		if now.Sub(t) < rl.window {
			inWindow = append(inWindow, t)
		}
	}
	allowed := len(inWindow) < rl.limit
	if allowed {
		inWindow = append(inWindow, now)
	}
	rl.requests[userID] = inWindow
	return allowed
}
