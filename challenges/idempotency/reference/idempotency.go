// Package idempotency is the reference solution of the idempotency-key executor challenge: a
// map from key to a call, guarded by one mutex that is never held while fn runs, and a channel
// per call that is closed when its result is ready.
package idempotency

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrPanicked is wrapped by the error Do returns for a key whose function panicked.
var ErrPanicked = errors.New("idempotency: function panicked")

// call is one key's operation: running until done is closed, then its result, never changed
// again.
type call struct {
	done  chan struct{}
	value string
	err   error
}

// Executor runs each key's function at most once and remembers its result. It is safe for
// concurrent use.
type Executor struct {
	mu    sync.Mutex
	calls map[string]*call
}

// New returns an Executor that has seen no key.
func New() *Executor {
	return &Executor{calls: make(map[string]*call)}
}

// Do returns the result of fn for key, running fn only if no call for key has run or is
// running. A caller that waits for another call's fn returns ctx.Err() if ctx is done first; a
// result already remembered is returned whatever ctx.
func (e *Executor) Do(ctx context.Context, key string, fn func() (string, error)) (string, error) {
	e.mu.Lock()
	c, seen := e.calls[key]
	if !seen {
		c = &call{done: make(chan struct{})}
		e.calls[key] = c
	}
	e.mu.Unlock()

	if !seen {
		c.run(fn) // outside the lock: other keys go on while fn runs
		return c.value, c.err
	}
	// Look before waiting: when both channels are ready, select picks one at random, and a
	// remembered result must win over a done context.
	select {
	case <-c.done:
		return c.value, c.err
	default:
	}
	select {
	case <-c.done:
		return c.value, c.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// run calls fn and publishes its result, a panic included, by closing done. Waiters read the
// result only after done is closed, so they need no lock.
func (c *call) run(fn func() (string, error)) {
	defer close(c.done)
	defer func() {
		if r := recover(); r != nil {
			c.value, c.err = "", fmt.Errorf("%w: %v", ErrPanicked, r)
		}
	}()
	c.value, c.err = fn()
}
