// Package boundedqueue is the reference solution of the bounded queue challenge: a ring buffer
// behind a mutex. A caller that must wait (a Put on a full queue, a Take on an empty one)
// waits on a channel that the next Take or Put closes, in a select beside ctx.Done(), so that
// it stops waiting as soon as its context is done.
package boundedqueue

import (
	"context"
	"sync"
)

// Queue is a first-in, first-out queue of at most a fixed number of items, safe for
// concurrent use.
type Queue struct {
	mu sync.Mutex
	// buf is a ring buffer: the items, oldest first, are buf[head], buf[head+1], ... n of
	// them, wrapping round at the end of buf.
	buf     []int
	head, n int
	// notEmpty and notFull are made by a caller that has to wait, and closed (then set to nil)
	// by the next Put or Take, which wakes every caller waiting on them. Nobody waits in the
	// common case, so nothing is allocated then.
	notEmpty chan struct{}
	notFull  chan struct{}
}

// New returns an empty queue that holds at most capacity items. It panics if capacity < 1.
func New(capacity int) *Queue {
	if capacity < 1 {
		panic("boundedqueue: capacity must be at least 1")
	}
	return &Queue{buf: make([]int, capacity)}
}

// Put adds v at the back of the queue, waiting while the queue is full. If ctx is done before
// there is room, Put returns ctx.Err() and v is not added.
func (q *Queue) Put(ctx context.Context, v int) error {
	q.mu.Lock()
	for q.n == len(q.buf) {
		if err := q.wait(ctx, &q.notFull); err != nil {
			return err
		}
	}
	i := q.head + q.n
	if i >= len(q.buf) {
		i -= len(q.buf)
	}
	q.buf[i] = v
	q.n++
	wake(&q.notEmpty)
	q.mu.Unlock()
	return nil
}

// Take removes and returns the item at the front of the queue, the oldest, waiting while the
// queue is empty. If ctx is done before there is an item, Take returns 0 and ctx.Err().
func (q *Queue) Take(ctx context.Context) (int, error) {
	q.mu.Lock()
	for q.n == 0 {
		if err := q.wait(ctx, &q.notEmpty); err != nil {
			return 0, err
		}
	}
	v := q.buf[q.head]
	q.head++
	if q.head == len(q.buf) {
		q.head = 0
	}
	q.n--
	wake(&q.notFull)
	q.mu.Unlock()
	return v, nil
}

// Len returns the number of items in the queue.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.n
}

// wait releases the lock, which the caller holds, until *signal is closed or ctx is done. It
// returns with the lock held and nil, for the caller to check its condition again, or without
// the lock and ctx.Err().
func (q *Queue) wait(ctx context.Context, signal *chan struct{}) error {
	if *signal == nil {
		*signal = make(chan struct{})
	}
	ch := *signal
	q.mu.Unlock()
	select {
	case <-ch:
		q.mu.Lock()
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// wake wakes every caller waiting on *signal. The caller holds the lock.
func wake(signal *chan struct{}) {
	if *signal != nil {
		close(*signal)
		*signal = nil
	}
}
