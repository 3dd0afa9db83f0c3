// Wrong answer: every caller of a known key waits in one select on the result and on ctx. When
// the result is remembered and ctx is already done, both cases are ready and Go picks one at
// random, so about half of those calls return ctx.Err() instead of the remembered result.
package idempotency

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

var ErrPanicked = errors.New("idempotency: function panicked")

type call struct {
	done  chan struct{}
	value string
	err   error
}

type Executor struct {
	mu    sync.Mutex
	calls map[string]*call
}

func New() *Executor {
	return &Executor{calls: make(map[string]*call)}
}

func (e *Executor) Do(ctx context.Context, key string, fn func() (string, error)) (string, error) {
	e.mu.Lock()
	c, ok := e.calls[key]
	if !ok {
		c = &call{done: make(chan struct{})}
		e.calls[key] = c
		e.mu.Unlock()
		c.run(fn)
		return c.value, c.err
	}
	e.mu.Unlock()
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
