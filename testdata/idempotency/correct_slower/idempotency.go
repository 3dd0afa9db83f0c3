// Correct, a little slower than a tuned solution with the same complexity: a map of calls behind
// a mutex, never held while fn runs, and a channel per call closed when its result is set. It
// looks a key up once to see whether it is there and again to fetch it, unlocks with defer, and
// guards each call's result with a mutex of its own, which every caller takes to read it, where
// the closed channel alone would do. Every call on a remembered key pays for those, but it is
// still O(1). It must pass every suite.
package idempotency

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrPanicked is wrapped by the error Do returns for a key whose function panicked.
var ErrPanicked = errors.New("idempotency: function panicked")

type call struct {
	done chan struct{} // closed once the result is set

	mu    sync.Mutex // guards value and err
	value string
	err   error
}

func (c *call) result() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.value, c.err
}

func (c *call) set(value string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.value, c.err = value, err
}

// Executor runs each key's function at most once and remembers its result.
type Executor struct {
	mu    sync.Mutex
	calls map[string]*call
}

// New returns an Executor that has seen no key.
func New() *Executor {
	return &Executor{calls: map[string]*call{}}
}

// lookup returns the call of key, and whether it was already there; if it was not, it adds a
// new one, which the caller must run.
func (e *Executor) lookup(key string) (*call, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, seen := e.calls[key]
	if !seen {
		e.calls[key] = &call{done: make(chan struct{})}
	}
	return e.calls[key], seen
}

// Do runs fn once per key and returns its result to every caller of the key.
func (e *Executor) Do(ctx context.Context, key string, fn func() (string, error)) (string, error) {
	c, seen := e.lookup(key)
	if !seen {
		c.run(fn)
		return c.result()
	}
	// A result already there wins over a done ctx.
	select {
	case <-c.done:
		return c.result()
	default:
	}
	select {
	case <-c.done:
		return c.result()
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func (c *call) run(fn func() (string, error)) {
	defer close(c.done)
	defer func() {
		if r := recover(); r != nil {
			c.set("", fmt.Errorf("%w: %v", ErrPanicked, r))
		}
	}()
	value, err := fn()
	c.set(value, err)
}
