// Wrong answer: the stub as `prep start` writes it; Do returns an error and never runs fn.
// Package idempotency runs operations at most once per idempotency key, the way a payment API
// makes a retried request safe.
package idempotency

import (
	"context"
	"errors"
)

// ErrPanicked is wrapped by the error Do returns for a key whose function panicked. Do
// recovers the panic and remembers that error, like any other.
var ErrPanicked = errors.New("idempotency: function panicked")

// Executor runs each key's function at most once and remembers its result. It must be safe for
// concurrent use by many goroutines.
type Executor struct {
	// TODO: add the fields your executor needs.
}

// New returns an Executor that has seen no key.
func New() *Executor {
	// TODO: implement.
	return &Executor{}
}

// Do returns the result of running fn for key, running fn at most once per key:
//
//   - key never seen: Do runs fn and returns what it returned.
//   - fn for key is running (another caller started it): Do waits for it and returns the
//     same result, without running its own fn. If ctx is done first, Do stops waiting and
//     returns "", ctx.Err(); the running fn is not affected.
//   - fn for key has finished: Do returns the remembered result at once, whatever ctx, and
//     never runs fn. Errors are remembered too: a key that failed is not retried.
//
// If fn panics, Do recovers the panic and the key's result is "" and an error that wraps
// ErrPanicked, for this caller and every later one.
//
// Keys are independent: a running fn never delays a Do for another key.
func (e *Executor) Do(ctx context.Context, key string, fn func() (string, error)) (string, error) {
	// TODO: implement.
	return "", errors.New("not implemented")
}
