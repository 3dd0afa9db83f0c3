// Package pubsub stands in for a learner's solution of the publish/subscribe challenge so that
// this repository's `go test ./...` runs the hidden tests against the reference. The grader
// puts the learner's own files in place of this one.
package pubsub

import "github.com/prep-judge/prep/challenges/pubsub/reference"

// Broker is the reference's broker.
type Broker = pubsub.Broker

// New returns the reference's broker.
func New(buffer int) *Broker { return pubsub.New(buffer) }
