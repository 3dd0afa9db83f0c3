// Package topk stands in for a learner's solution of the top K frequent elements challenge so
// that this repository's `go test ./...` runs the hidden tests against the reference. The
// grader puts the learner's own files in place of this one.
package topk

import "github.com/prep-judge/prep/challenges/topk/reference"

// topKFrequent returns the reference's answer.
func topKFrequent(nums []int, k int) []int { return topk.TopKFrequent(nums, k) }
