// Too slow when the window is short: the answers are right, but to free the times that have
// left the window it sweeps every user's log, lazily, from Allow, whenever a window has passed
// since the last sweep. With a window of a minute that is a sweep a minute, and the calls are
// fast; with a window shorter than the time between calls, every call sweeps every user, and
// Allow takes time in proportion to the number of users. The sweep keeps the users, with their
// emptied logs, so the map does not shrink either.
package ratelimiter

import (
	"sync"
	"time"
)

// RateLimiter allows each user at most limit requests in any sliding window.
type RateLimiter struct {
	mu        sync.Mutex
	limit     int
	window    time.Duration
	requests  map[string][]time.Time
	lastSweep time.Time
}

// NewRateLimiter returns a limiter of limit requests per window for each user.
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	return &RateLimiter{limit: limit, window: window, requests: make(map[string][]time.Time), lastSweep: time.Now()}
}

// Allow reports whether userID may make a request now, and records it if so.
func (rl *RateLimiter) Allow(userID string) bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	now := time.Now()
	if now.Sub(rl.lastSweep) >= rl.window {
		for id, times := range rl.requests {
			rl.requests[id] = rl.prune(times, now)
		}
		rl.lastSweep = now
	}
	times := rl.prune(rl.requests[userID], now)
	if len(times) >= rl.limit {
		rl.requests[userID] = times
		return false
	}
	rl.requests[userID] = append(times, now)
	return true
}

// prune drops the times that have left the window, oldest first.
func (rl *RateLimiter) prune(times []time.Time, now time.Time) []time.Time {
	for len(times) > 0 && now.Sub(times[0]) >= rl.window {
		times = times[1:]
	}
	return times
}
