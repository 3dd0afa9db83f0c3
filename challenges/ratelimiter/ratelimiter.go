// Package ratelimiter stands in for a learner's solution of the rate limiter challenge so that
// this repository's `go test ./...` runs the hidden tests against the reference. The grader puts
// the learner's own files in place of this one.
package ratelimiter

import (
	"time"

	"github.com/prep-judge/prep/challenges/ratelimiter/reference"
)

// RateLimiter is the reference's limiter.
type RateLimiter = ratelimiter.RateLimiter

// NewRateLimiter returns the reference's limiter.
func NewRateLimiter(limit int, window time.Duration) *RateLimiter {
	return ratelimiter.NewRateLimiter(limit, window)
}
