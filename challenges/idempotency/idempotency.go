// Package idempotency stands in for a learner's solution of the idempotency-key executor
// challenge so that this repository's `go test ./...` runs the hidden tests against the
// reference. The grader puts the learner's own files in place of this one.
package idempotency

import reference "github.com/prep-judge/prep/challenges/idempotency/reference"

// ErrPanicked is the reference's.
var ErrPanicked = reference.ErrPanicked

// Executor is the reference's executor.
type Executor = reference.Executor

// New returns the reference's executor.
func New() *Executor { return reference.New() }
