// Hangs, now and then: a FIFO list of waiters, each with a channel of its own, as in a fair
// semaphore. Put wakes only the first waiting Take, by closing its channel (Take wakes every
// waiting Put, which is right if wasteful). When a waiting Take's context is done at the moment
// it is woken, its select may pick ctx.Done(): it returns ctx.Err() and the wake-up is lost, so
// the next Take sleeps on beside an item it could take.
package boundedqueue

import (
	"container/list"
	"context"
	"sync"
)

// Queue is a bounded FIFO queue of ints, safe for concurrent use.
type Queue struct {
	mu      sync.Mutex
	items   []int
	head    int
	count   int
	takers  list.List // of chan struct{}
	putters list.List // of chan struct{}
}

// New returns an empty queue that holds at most capacity items.
func New(capacity int) *Queue {
	return &Queue{items: make([]int, capacity)}
}

// wait parks the caller on a channel of its own at the back of waiters until it is woken or
// ctx is done. It is called with the lock held and returns with it held.
func (q *Queue) wait(ctx context.Context, waiters *list.List) error {
	ch := make(chan struct{})
	e := waiters.PushBack(ch)
	q.mu.Unlock()
	select {
	case <-ch:
		q.mu.Lock()
		return nil
	case <-ctx.Done():
		q.mu.Lock()
		select {
		case <-ch: // already woken and removed
		default:
			waiters.Remove(e)
		}
		return ctx.Err()
	}
}

// wakeOne wakes the first waiter of waiters, if any.
func wakeOne(waiters *list.List) {
	if e := waiters.Front(); e != nil {
		waiters.Remove(e)
		close(e.Value.(chan struct{}))
	}
}

// Put adds v, waiting while the queue is full, or returns ctx.Err() if ctx is done first.
func (q *Queue) Put(ctx context.Context, v int) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.count == len(q.items) {
		if err := q.wait(ctx, &q.putters); err != nil {
			return err
		}
	}
	q.items[(q.head+q.count)%len(q.items)] = v
	q.count++
	wakeOne(&q.takers)
	return nil
}

// Take removes and returns the oldest item, waiting while the queue is empty, or returns
// 0, ctx.Err() if ctx is done first.
func (q *Queue) Take(ctx context.Context) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.count == 0 {
		if err := q.wait(ctx, &q.takers); err != nil {
			return 0, err
		}
	}
	v := q.items[q.head]
	q.head = (q.head + 1) % len(q.items)
	q.count--
	for q.putters.Len() > 0 {
		wakeOne(&q.putters)
	}
	return v, nil
}

// Len returns the number of items in the queue.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.count
}
