// Wrong answer: one mutex held for the whole of Do, fn included. One goroutine at a time sees
// the right results, but every key waits for whichever fn is running, a fn that calls Do
// deadlocks, and a waiter stuck on the mutex cannot give up when its context is cancelled.
package idempotency

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

var ErrPanicked = errors.New("idempotency: function panicked")

type result struct {
	value string
	err   error
}

type Executor struct {
	mu      sync.Mutex
	results map[string]result
}

func New() *Executor {
	return &Executor{results: make(map[string]result)}
}

func (e *Executor) Do(ctx context.Context, key string, fn func() (string, error)) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if r, ok := e.results[key]; ok {
		return r.value, r.err
	}
	r := call(fn)
	e.results[key] = r
	return r.value, r.err
}

func call(fn func() (string, error)) (r result) {
	defer func() {
		if p := recover(); p != nil {
			r = result{"", fmt.Errorf("%w: %v", ErrPanicked, p)}
		}
	}()
	v, err := fn()
	return result{v, err}
}
