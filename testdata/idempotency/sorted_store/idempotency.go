// Too slow: correct, but the calls are kept in a slice sorted by key and found by binary search.
// A lookup is O(log n), but a new key is inserted in its place, moving every call after it: keys
// that arrive in order are appended cheaply, while a key that sorts before the others moves
// them all.
package idempotency

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// ErrPanicked is wrapped by the error Do returns for a key whose function panicked.
var ErrPanicked = errors.New("idempotency: function panicked")

type call struct {
	key   string
	done  chan struct{}
	value string
	err   error
}

// Executor runs each key's function at most once.
type Executor struct {
	mu    sync.Mutex
	calls []*call // sorted by key
}

// New returns an empty Executor.
func New() *Executor {
	return &Executor{}
}

// Do returns the result of fn for key, running it at most once per key.
func (e *Executor) Do(ctx context.Context, key string, fn func() (string, error)) (string, error) {
	e.mu.Lock()
	i, found := slices.BinarySearchFunc(e.calls, key, func(c *call, k string) int {
		return strings.Compare(c.key, k)
	})
	if found {
		c := e.calls[i]
		e.mu.Unlock()
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
	c := &call{key: key, done: make(chan struct{})}
	e.calls = slices.Insert(e.calls, i, c)
	e.mu.Unlock()

	c.run(fn)
	return c.value, c.err
}

// run calls fn, turning a panic into ErrPanicked, and then wakes the waiters.
func (c *call) run(fn func() (string, error)) {
	defer close(c.done)
	defer func() {
		if r := recover(); r != nil {
			c.value, c.err = "", fmt.Errorf("%w: %v", ErrPanicked, r)
		}
	}()
	c.value, c.err = fn()
}
