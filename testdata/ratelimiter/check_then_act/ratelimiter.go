// Wrong answer under concurrency: every access is locked, so the race detector finds nothing,
// but the count is checked under one lock and the request recorded under another. Two
// goroutines can both see room for one more request before either records theirs, and both
// are allowed.
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

// inWindow drops the user's expired requests and returns how many are left.
func (rl *RateLimiter) inWindow(userID string, now time.Time) int {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	times := rl.requests[userID]
	for len(times) > 0 && now.Sub(times[0]) >= rl.window {
		times = times[1:]
	}
	rl.requests[userID] = times
	return len(times)
}

// record adds a request of the user.
func (rl *RateLimiter) record(userID string, now time.Time) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	rl.requests[userID] = append(rl.requests[userID], now)
}

// Allow reports whether userID may make a request now, and records it if so.
func (rl *RateLimiter) Allow(userID string) bool {
	now := time.Now()
	if rl.inWindow(userID, now) >= rl.limit {
		return false
	}
	rl.record(userID, now)
	return true
}
