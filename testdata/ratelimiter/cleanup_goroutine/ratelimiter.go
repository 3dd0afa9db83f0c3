// Wrong answer, under concurrency: a lock per user, so that users do not wait for each other,
// and a cleanup goroutine that deletes idle users every window, so that the map does not grow
// for ever. Allow looks the user up under the map's lock, lets go of it, and only then locks
// the user. When the cleanup runs in between, it finds the user idle and deletes it; the call
// goes on with the deleted user and is allowed, while the next call for the same user makes a
// new one and is allowed too: twice the limit at once. With a window of an hour the cleanup
// never runs while a test does, so only short windows show it.
package ratelimiter

import (
	"sync"
	"time"
)

type userWindow struct {
	mu       sync.Mutex
	requests []time.Time
	lastSeen time.Time
}

// RateLimiter allows each user limit requests in any sliding window.
type RateLimiter struct {
	mu     sync.Mutex
	users  map[string]*userWindow
	limit  int
	window time.Duration
}

// NewRateLimiter returns a limiter of limit requests per window for each user, and starts the
// goroutine that forgets idle users.
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	rl := &RateLimiter{users: make(map[string]*userWindow), limit: limit, window: window}
	// A sweep every window would run a million times a second for a window of a microsecond,
	// holding the lock all the time: below a millisecond there is no cleanup.
	if window >= time.Millisecond {
		go rl.cleanup()
	}
	return rl
}

func (rl *RateLimiter) getUser(userID string) *userWindow {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	u, ok := rl.users[userID]
	if !ok {
		u = &userWindow{}
		rl.users[userID] = u
	}
	return u
}

// Allow reports whether userID may make a request now, and records it if so.
func (rl *RateLimiter) Allow(userID string) bool {
	u := rl.getUser(userID)
	u.mu.Lock()
	defer u.mu.Unlock()

	now := time.Now()
	u.lastSeen = now
	cutoff := now.Add(-rl.window)
	i := 0
	for i < len(u.requests) && !u.requests[i].After(cutoff) {
		i++
	}
	u.requests = u.requests[i:]
	if len(u.requests) >= rl.limit {
		return false
	}
	u.requests = append(u.requests, now)
	return true
}

// cleanup deletes, every window, the users that made no request in the last window.
func (rl *RateLimiter) cleanup() {
	ticker := time.NewTicker(rl.window)
	defer ticker.Stop()
	for range ticker.C {
		rl.mu.Lock()
		for id, u := range rl.users {
			u.mu.Lock()
			if time.Since(u.lastSeen) > rl.window {
				delete(rl.users, id)
			}
			u.mu.Unlock()
		}
		rl.mu.Unlock()
	}
}
