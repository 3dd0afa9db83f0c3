// Leaks: a sync.Cond cannot wait on a context, so before each wait this queue starts a
// goroutine that blocks on <-ctx.Done() and then wakes the waiters. When the call is served
// instead (a Put arrives for a waiting Take), nothing stops that goroutine: with a context that
// is never cancelled, it waits for ever. context.AfterFunc, with its stop function, is the fix.
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

// wakeOnDone wakes the waiters on c once ctx is done.
func (q *Queue) wakeOnDone(ctx context.Context, c *sync.Cond) {
	go func() {
		<-ctx.Done()
		q.mu.Lock()
		c.Broadcast()
		q.mu.Unlock()
	}()
}

// Put adds v, waiting while the queue is full, or returns ctx.Err() if ctx is done first.
func (q *Queue) Put(ctx context.Context, v int) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == q.capacity {
		q.wakeOnDone(ctx, q.notFull)
	}
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
	if len(q.items) == 0 {
		q.wakeOnDone(ctx, q.notEmpty)
	}
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
