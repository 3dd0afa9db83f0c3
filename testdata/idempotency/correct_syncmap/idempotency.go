// Correct: a sync.Map of entries. The caller that stores a key's entry runs fn on a goroutine of
// its own, and every caller, that one included, waits for the entry's done channel or its
// context, whichever comes first. It must pass every suite.
package idempotency

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrPanicked is wrapped by the error Do returns for a key whose function panicked.
var ErrPanicked = errors.New("idempotency: function panicked")

type entry struct {
	done  chan struct{} // closed once value and err are set
	value string
	err   error
}

// Executor runs each key's function at most once and remembers its result.
type Executor struct {
	entries sync.Map // key -> *entry
}

// New returns an empty Executor.
func New() *Executor { return &Executor{} }

// Do runs fn once per key and returns its result to every caller of the key.
func (e *Executor) Do(ctx context.Context, key string, fn func() (string, error)) (string, error) {
	v, ok := e.entries.Load(key)
	if !ok {
		fresh := &entry{done: make(chan struct{})}
		var loaded bool
		v, loaded = e.entries.LoadOrStore(key, fresh)
		if !loaded {
			go fresh.run(fn)
		}
	}
	en := v.(*entry)
	select {
	case <-en.done: // already finished: the result wins over a done ctx
		return en.value, en.err
	default:
	}
	select {
	case <-en.done:
		return en.value, en.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func (en *entry) run(fn func() (string, error)) {
	defer close(en.done)
	defer func() {
		if r := recover(); r != nil {
			en.value, en.err = "", fmt.Errorf("%w: %v", ErrPanicked, r)
		}
	}()
	en.value, en.err = fn()
}
