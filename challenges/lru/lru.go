// Package lru stands in for a learner's solution of the LRU cache challenge so that this
// repository's `go test ./...` runs the hidden tests against the reference. The grader puts the
// learner's own files in place of this one.
package lru

import "github.com/prep-judge/prep/challenges/lru/reference"

// LRUCache is the reference's cache.
type LRUCache = lru.LRUCache

// Constructor returns the reference's cache.
func Constructor(capacity int) LRUCache { return lru.Constructor(capacity) }
