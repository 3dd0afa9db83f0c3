// Race: a "fast path" reads the map without the lock for keys already seen, then takes the lock
// only to add a key. Each call alone is right, but a read without the lock while another
// goroutine adds a key is a data race on the map.
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
	// Fast path: no lock for keys we have already seen.
	if c, ok := e.calls[key]; ok {
		return c.wait(ctx)
	}
	e.mu.Lock()
	if c, ok := e.calls[key]; ok {
		e.mu.Unlock()
		return c.wait(ctx)
	}
	c := &call{done: make(chan struct{})}
	e.calls[key] = c
	e.mu.Unlock()
	c.run(fn)
	return c.value, c.err
}

func (c *call) wait(ctx context.Context) (string, error) {
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
