// Package boundedqueue stands in for a learner's solution of the bounded queue challenge so that
// this repository's `go test ./...` runs the hidden tests against the reference. The grader
// puts the learner's own files in place of this one.
package boundedqueue

import "github.com/prep-judge/prep/challenges/boundedqueue/reference"

// Queue is the reference's queue.
type Queue = boundedqueue.Queue

// New returns the reference's queue.
func New(capacity int) *Queue { return boundedqueue.New(capacity) }
