// Too slow: correct and locked, but the calls are kept in a slice that every Do searches from
// the start, so a call for a remembered key takes time proportional to the number of keys.
package idempotency

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

var ErrPanicked = errors.New("idempotency: function panicked")

type call struct {
	key   string
	done  chan struct{}
	value string
	err   error
}

type Executor struct {
	mu    sync.Mutex
	calls []*call
}

func New() *Executor { return &Executor{} }

func (e *Executor) find(key string) *call {
	for _, c := range e.calls {
		if c.key == key {
			return c
		}
	}
	return nil
}

func (e *Executor) Do(ctx context.Context, key string, fn func() (string, error)) (string, error) {
	e.mu.Lock()
	c := e.find(key)
	if c == nil {
		c = &call{key: key, done: make(chan struct{})}
		e.calls = append(e.calls, c)
		e.mu.Unlock()
		c.run(fn)
		return c.value, c.err
	}
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

func (c *call) run(fn func() (string, error)) {
	defer close(c.done)
	defer func() {
		if r := recover(); r != nil {
			c.value, c.err = "", fmt.Errorf("%w: %v", ErrPanicked, r)
		}
	}()
	c.value, c.err = fn()
}
