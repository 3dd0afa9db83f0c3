// Wrong answer: the stub as `prep start` writes it; Allow denies every request.
package ratelimiter

import "time"

// RateLimiter allows each user at most limit requests in any sliding window of the given
// length. It must be safe for concurrent use by many goroutines.
type RateLimiter struct {
	// TODO: add the fields your limiter needs.
}

// NewRateLimiter returns a limiter that allows each user limit requests (limit >= 1) in any
// window of the given length (window > 0).
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	// TODO: implement.
	return &RateLimiter{}
}

// Allow reports whether userID may make a request now. A request is allowed when fewer than
// limit requests of the same user were allowed in the window before it, and only an allowed
// request is recorded. Each user's memory must stay bounded by limit.
func (rl *RateLimiter) Allow(userID string) bool {
	// TODO: implement.
	return false
}
