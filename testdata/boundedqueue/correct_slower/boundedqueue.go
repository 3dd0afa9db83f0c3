// Correct, a little slower than a tuned solution with the same complexity: a ring buffer behind
// a sync.RWMutex, so that Len can take the read lock, although Put and Take, which need the
// write lock and cost more with it than with a plain Mutex, are the calls that matter. It also
// wraps its indexes round with %, a division on every Put and Take where a compare would do,
// and unlocks with defer. A caller that must wait selects on ctx.Done() and on a channel that
// the next Take or Put closes. Every call is still O(1). It must pass every suite.
package boundedqueue

import (
	"context"
	"sync"
)

// Queue is a bounded FIFO queue of ints, safe for concurrent use.
type Queue struct {
	mu    sync.RWMutex
	items []int // a ring: count items from head, wrapping round
	head  int
	count int
	// changed is closed, and replaced, whenever an item is put or taken, to wake the callers
	// waiting for room or for an item. It is made only when somebody waits.
	changed chan struct{}
}

// New returns an empty queue that holds at most capacity items.
func New(capacity int) *Queue {
	if capacity < 1 {
		panic("boundedqueue: capacity must be at least 1")
	}
	return &Queue{items: make([]int, capacity)}
}

// Put adds v, waiting while the queue is full, or returns ctx.Err() if ctx is done first.
func (q *Queue) Put(ctx context.Context, v int) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.count == len(q.items) {
		if err := q.wait(ctx); err != nil {
			return err
		}
	}
	q.items[(q.head+q.count)%len(q.items)] = v
	q.count++
	q.notify()
	return nil
}

// Take removes and returns the oldest item, waiting while the queue is empty, or returns
// 0, ctx.Err() if ctx is done first.
func (q *Queue) Take(ctx context.Context) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.count == 0 {
		if err := q.wait(ctx); err != nil {
			return 0, err
		}
	}
	v := q.items[q.head]
	q.head = (q.head + 1) % len(q.items)
	q.count--
	q.notify()
	return v, nil
}

// Len returns the number of items in the queue.
func (q *Queue) Len() int {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return q.count
}

// wait, called with the lock held, releases it until the queue changes or ctx is done, and
// takes it again before returning ctx.Err() or nil.
func (q *Queue) wait(ctx context.Context) error {
	if q.changed == nil {
		q.changed = make(chan struct{})
	}
	ch := q.changed
	q.mu.Unlock()
	defer q.mu.Lock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// notify wakes every waiting caller. The caller holds the lock.
func (q *Queue) notify() {
	if q.changed != nil {
		close(q.changed)
		q.changed = nil
	}
}
