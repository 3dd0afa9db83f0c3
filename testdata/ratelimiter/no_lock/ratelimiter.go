// Race: the sliding-window logic is right, but nothing is locked, so concurrent calls read and
// write the map and the users' slices at the same time. Correctness passes; the race detector
// fails the race suite.
package ratelimiter

import "time"

// RateLimiter allows each user at most limit requests in any sliding window.
type RateLimiter struct {
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
	now := time.Now()
	times := rl.requests[userID]
	for len(times) > 0 && now.Sub(times[0]) >= rl.window {
		times = times[1:]
	}
	if len(times) >= rl.limit {
		rl.requests[userID] = times
		return false
	}
	rl.requests[userID] = append(times, now)
	return true
}
