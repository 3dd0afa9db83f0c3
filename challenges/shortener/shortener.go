// Package shortener stands in for a learner's solution of the URL shortener challenge so that
// this repository's `go test ./...` runs the hidden tests against the reference. The grader
// puts the learner's own files in place of this one.
package shortener

import "github.com/prep-judge/prep/challenges/shortener/reference"

// ErrInvalid is the reference's error for a string that is not base62.
var ErrInvalid = shortener.ErrInvalid

// ErrOverflow is the reference's error for a value above math.MaxUint64.
var ErrOverflow = shortener.ErrOverflow

// Store is the reference's store.
type Store = shortener.Store

// Encode is the reference's Encode.
func Encode(n uint64) string { return shortener.Encode(n) }

// Decode is the reference's Decode.
func Decode(s string) (uint64, error) { return shortener.Decode(s) }

// NewStore returns the reference's store.
func NewStore() *Store { return shortener.NewStore() }
