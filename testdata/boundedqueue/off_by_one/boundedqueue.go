// Wrong: Put waits only while the queue holds MORE than capacity items (> where >= is meant),
// so a full queue takes one item more than its capacity.
package boundedqueue

import (
	"context"
	"sync"
)

// Queue is a bounded FIFO queue of ints, safe for concurrent use.
type Queue struct {
	mu       sync.Mutex
	changed  chan struct{} // made by a caller that waits, closed by the next change
	items    []int
	capacity int
}

// New returns an empty queue that holds at most capacity items.
func New(capacity int) *Queue {
	return &Queue{capacity: capacity}
}

// Put adds v, waiting while the queue is full, or returns ctx.Err() if ctx is done first.
func (q *Queue) Put(ctx context.Context, v int) error {
	q.mu.Lock()
	for len(q.items) > q.capacity {
		changed := q.waitChan()
		q.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
		q.mu.Lock()
	}
	q.items = append(q.items, v)
	q.broadcast()
	q.mu.Unlock()
	return nil
}

// Take removes and returns the oldest item, waiting while the queue is empty, or returns
// 0, ctx.Err() if ctx is done first.
func (q *Queue) Take(ctx context.Context) (int, error) {
	q.mu.Lock()
	for len(q.items) == 0 {
		changed := q.waitChan()
		q.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		q.mu.Lock()
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.broadcast()
	q.mu.Unlock()
	return v, nil
}

// Len returns the number of items in the queue.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// waitChan returns the channel the next change closes. The caller holds q.mu.
func (q *Queue) waitChan() chan struct{} {
	if q.changed == nil {
		q.changed = make(chan struct{})
	}
	return q.changed
}

// broadcast wakes every waiting caller. The caller holds q.mu.
func (q *Queue) broadcast() {
	if q.changed != nil {
		close(q.changed)
		q.changed = nil
	}
}
