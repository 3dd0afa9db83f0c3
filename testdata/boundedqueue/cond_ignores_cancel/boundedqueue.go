// Hangs: the classic sync.Cond queue. It checks ctx.Err() before each wait, but nothing wakes
// a waiting call when its context is done, so a Put waiting on a full queue (or a Take on an
// empty one) waits for ever once its context is cancelled, until another call happens to
// signal it.
package boundedqueue

import (
	"context"
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
	q := &Queue{capacity: capacity}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

// Put adds v, waiting while the queue is full, or returns ctx.Err() if ctx is done first.
func (q *Queue) Put(ctx context.Context, v int) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == q.capacity {
		if err := ctx.Err(); err != nil {
			return err
		}
		q.notFull.Wait()
	}
	q.items = append(q.items, v)
	q.notEmpty.Signal()
	return nil
}

// Take removes and returns the oldest item, waiting while the queue is empty, or returns
// 0, ctx.Err() if ctx is done first.
func (q *Queue) Take(ctx context.Context) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		q.notEmpty.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.notFull.Signal()
	return v, nil
}

// Len returns the number of items in the queue.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}
