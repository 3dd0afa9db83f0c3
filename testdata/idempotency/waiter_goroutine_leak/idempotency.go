// Leak: a waiter starts a goroutine that waits for the result and sends it on an unbuffered
// channel, so that the waiter can select on that channel and ctx. When the waiter gives up, no
// one ever receives: once fn finishes, that goroutine blocks on its send for ever.
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

type result struct {
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
	default:
	}
	res := make(chan result)
	go func() {
		<-c.done
		res <- result{c.value, c.err}
	}()
	select {
	case r := <-res:
		return r.value, r.err
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
