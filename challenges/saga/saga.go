// Package saga stands in for a learner's solution of the saga challenge so that this
// repository's `go test ./...` runs the hidden tests against the reference. The grader puts
// the learner's own files in place of this one.
package saga

import (
	"context"

	reference "github.com/prep-judge/prep/challenges/saga/reference"
)

// Step is the reference's step.
type Step = reference.Step

// Run is the reference's Run.
func Run(ctx context.Context, steps []Step) error { return reference.Run(ctx, steps) }
