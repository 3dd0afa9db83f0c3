// Package hashring stands in for a learner's solution of the consistent hashing challenge so
// that this repository's `go test ./...` runs the hidden tests against the reference. The
// grader puts the learner's own files in place of this one.
package hashring

import "github.com/prep-judge/prep/challenges/hashring/reference"

// Ring is the reference's ring.
type Ring = hashring.Ring

// New returns the reference's ring.
func New(replicas int, hash func(data []byte) uint32) *Ring { return hashring.New(replicas, hash) }
