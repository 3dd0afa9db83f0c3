// Wrong answer: a key whose fn failed is forgotten, as singleflight does, so a retry with the
// same key runs fn again. An idempotency key must remember failures too.
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
	if c, ok := e.calls[key]; ok {
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
	c := &call{done: make(chan struct{})}
	e.calls[key] = c
	e.mu.Unlock()

	func() {
		defer func() {
			if r := recover(); r != nil {
				c.err = fmt.Errorf("%w: %v", ErrPanicked, r)
			}
		}()
		c.value, c.err = fn()
	}()
	if c.err != nil {
		// Let the caller retry a failed operation.
		e.mu.Lock()
		delete(e.calls, key)
		e.mu.Unlock()
	}
	close(c.done)
	return c.value, c.err
}
