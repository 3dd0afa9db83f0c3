// Package ttlcache stands in for a learner's solution of the TTL cache challenge so that this
// repository's `go test ./...` runs the hidden tests against the reference. The grader puts the
// learner's own files in place of this one.
package ttlcache

import reference "github.com/prep-judge/prep/challenges/ttlcache/reference"

// Clock is the reference's clock interface.
type Clock = reference.Clock

// Cache is the reference's cache.
type Cache = reference.Cache

// New returns the reference's cache.
func New(clock Clock) *Cache { return reference.New(clock) }
