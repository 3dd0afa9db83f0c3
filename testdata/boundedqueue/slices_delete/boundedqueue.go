// Too slow: Take removes the oldest item with slices.Delete(q.items, 0, 1), which shifts every
// other item down one place: O(n) per Take on a queue of n items.
package boundedqueue

import (
	"context"
	"slices"
	"sync"
)

// Queue is a bounded FIFO queue of ints, safe for concurrent use.
type Queue struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	items    []int
	capacity int
}

// New returns an empty queue that holds at most capacity items.
func New(capacity int) *Queue {
	q := &Queue{capacity: capacity, items: make([]int, 0, capacity)}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

// Put adds v, waiting while the queue is full, or returns ctx.Err() if ctx is done first.
func (q *Queue) Put(ctx context.Context, v int) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == q.capacity {
		// Wake this call when ctx is done: a Cond cannot wait on a channel.
		stop := context.AfterFunc(ctx, func() {
			q.mu.Lock()
			q.notFull.Broadcast()
			q.mu.Unlock()
		})
		defer stop()
	}
	for len(q.items) == q.capacity {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		q.notFull.Wait()
	}
	q.items = append(q.items, v)
	q.notEmpty.Broadcast()
	return nil
}

// Take removes and returns the oldest item, waiting while the queue is empty, or returns
// 0, ctx.Err() if ctx is done first.
func (q *Queue) Take(ctx context.Context) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		// Wake this call when ctx is done: a Cond cannot wait on a channel.
		stop := context.AfterFunc(ctx, func() {
			q.mu.Lock()
			q.notEmpty.Broadcast()
			q.mu.Unlock()
		})
		defer stop()
	}
	for len(q.items) == 0 {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		q.notEmpty.Wait()
	}
	v := q.items[0]
	q.items = slices.Delete(q.items, 0, 1)
	q.notFull.Broadcast()
	return v, nil
}

// Len returns the number of items in the queue.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}
