// Wrong answer: a fixed window per user, not a sliding one. The count starts with the user's
// first request and starts again from zero once a whole window has passed since then, so right
// after a reset the user gets limit more requests although the last window still holds some:
// up to twice the limit within less than one window.
package ratelimiter

import (
	"sync"
	"time"
)

type fixedWindow struct {
	start time.Time
	count int
}

// RateLimiter allows each user limit requests per window.
type RateLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	users  map[string]*fixedWindow
}

// NewRateLimiter returns a limiter of limit requests per window for each user.
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	return &RateLimiter{limit: limit, window: window, users: map[string]*fixedWindow{}}
}

// Allow reports whether userID may make a request now.
func (rl *RateLimiter) Allow(userID string) bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	now := time.Now()
	w, ok := rl.users[userID]
	if !ok || now.Sub(w.start) >= rl.window {
		w = &fixedWindow{start: now}
		rl.users[userID] = w
	}
	if w.count >= rl.limit {
		return false
	}
	w.count++
	return true
}
