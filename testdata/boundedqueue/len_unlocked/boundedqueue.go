// Race: Put and Take lock the mutex, but Len reads the slice's length without it, "since it
// only reads one int". It races with every Put and Take that changes the slice.
package boundedqueue

import (
	"context"
	"sync"
)

// Queue is a bounded FIFO queue of ints, safe for concurrent use.
type Queue struct {
	mu       sync.Mutex
	items    []int
	capacity int
	// wakeup is made by a caller that has to wait, and closed by the next Put or Take.
	wakeup chan struct{}
}

// New returns an empty queue that holds at most capacity items.
func New(capacity int) *Queue {
	return &Queue{capacity: capacity}
}

// Put adds v, waiting while the queue is full, or returns ctx.Err() if ctx is done first.
func (q *Queue) Put(ctx context.Context, v int) error {
	q.mu.Lock()
	for len(q.items) == q.capacity {
		if q.wakeup == nil {
			q.wakeup = make(chan struct{})
		}
		w := q.wakeup
		q.mu.Unlock()
		select {
		case <-w:
		case <-ctx.Done():
			return ctx.Err()
		}
		q.mu.Lock()
	}
	q.items = append(q.items, v)
	q.notify()
	q.mu.Unlock()
	return nil
}

// Take removes and returns the oldest item, waiting while the queue is empty, or returns
// 0, ctx.Err() if ctx is done first.
func (q *Queue) Take(ctx context.Context) (int, error) {
	q.mu.Lock()
	for len(q.items) == 0 {
		if q.wakeup == nil {
			q.wakeup = make(chan struct{})
		}
		w := q.wakeup
		q.mu.Unlock()
		select {
		case <-w:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		q.mu.Lock()
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.notify()
	q.mu.Unlock()
	return v, nil
}

// Len returns the number of items in the queue.
func (q *Queue) Len() int {
	return len(q.items) // reading an int is atomic anyway
}

func (q *Queue) notify() {
	if q.wakeup != nil {
		close(q.wakeup)
		q.wakeup = nil
	}
}
