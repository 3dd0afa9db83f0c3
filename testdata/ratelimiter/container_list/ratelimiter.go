// Correct: the sliding-window log as it is usually published, a queue of timestamps per user in
// a container/list. Each call pops the timestamps that have left the window from the front,
// then pushes now at the back when fewer than limit remain. One mutex guards the map and every
// queue. A list element per request allocates more than a slice, but every operation is O(1):
// it must pass every suite.
package ratelimiter

import (
	"container/list"
	"sync"
	"time"
)

// RateLimiter allows each user at most limit requests in any sliding window.
type RateLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	logs   map[string]*list.List // user -> timestamps of allowed requests, oldest at the front
}

// NewRateLimiter returns a limiter of limit requests per window for each user.
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	return &RateLimiter{limit: limit, window: window, logs: make(map[string]*list.List)}
}

// Allow reports whether userID may make a request now, and records it if so.
func (rl *RateLimiter) Allow(userID string) bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()

	now := time.Now()
	q, ok := rl.logs[userID]
	if !ok {
		q = list.New()
		rl.logs[userID] = q
	}
	for q.Len() > 0 {
		front := q.Front()
		if now.Sub(front.Value.(time.Time)) < rl.window {
			break
		}
		q.Remove(front)
	}
	if q.Len() >= rl.limit {
		return false
	}
	q.PushBack(now)
	return true
}
