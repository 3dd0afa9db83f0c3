// Wrong answer: a caller that finds the key running waits on the done channel alone, ignoring
// its context, so a waiter whose context is cancelled or times out keeps waiting until fn ends.
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
	if ok {
		e.mu.Unlock()
		<-c.done
		return c.value, c.err
	}
	c = &call{done: make(chan struct{})}
	e.calls[key] = c
	e.mu.Unlock()
	c.run(fn)
	return c.value, c.err
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
