// Wrong: a ring buffer whose Take advances head without wrapping it round to 0, so once
// capacity items have been taken, the next Take reads past the end of the buffer and panics.
package boundedqueue

import (
	"context"
	"sync"
)

// Queue is a bounded FIFO queue of ints, safe for concurrent use.
type Queue struct {
	mu       sync.Mutex
	notEmpty chan struct{} // receives a token when an item is put
	notFull  chan struct{} // receives a token when an item is taken
	buf      []int
	head     int // index of the oldest item
	count    int
}

// New returns an empty queue that holds at most capacity items.
func New(capacity int) *Queue {
	return &Queue{
		buf:      make([]int, capacity),
		notEmpty: make(chan struct{}, 1),
		notFull:  make(chan struct{}, 1),
	}
}

// Put adds v, waiting while the queue is full, or returns ctx.Err() if ctx is done first.
func (q *Queue) Put(ctx context.Context, v int) error {
	for {
		q.mu.Lock()
		if q.count < len(q.buf) {
			q.buf[(q.head+q.count)%len(q.buf)] = v
			q.count++
			q.mu.Unlock()
			signal(q.notEmpty)
			return nil
		}
		q.mu.Unlock()
		select {
		case <-q.notFull:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Take removes and returns the oldest item, waiting while the queue is empty, or returns
// 0, ctx.Err() if ctx is done first.
func (q *Queue) Take(ctx context.Context) (int, error) {
	for {
		q.mu.Lock()
		if q.count > 0 {
			v := q.buf[q.head]
			q.head++
			q.count--
			q.mu.Unlock()
			signal(q.notFull)
			return v, nil
		}
		q.mu.Unlock()
		select {
		case <-q.notEmpty:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// Len returns the number of items in the queue.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.count
}

// signal leaves a token for one waiter, unless one is already there.
func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
