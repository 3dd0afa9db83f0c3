// Runtime error: a panic in fn is not recovered. It goes through Do to the caller, and since
// done is closed only after fn returns normally, the key stays "running" for ever: every later
// call of it waits for good.
package idempotency

import (
	"context"
	"errors"
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
		c.value, c.err = fn()
		close(c.done)
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
