// Correct: the idiomatic Go answer, a buffered channel of the queue's capacity, with each wait
// in a select beside ctx.Done(). It must pass every suite.
package boundedqueue

import "context"

// Queue is a bounded FIFO queue of ints, safe for concurrent use.
type Queue struct {
	items chan int
}

// New returns an empty queue that holds at most capacity items.
func New(capacity int) *Queue {
	return &Queue{items: make(chan int, capacity)}
}

// Put adds v, waiting while the queue is full, or returns ctx.Err() if ctx is done first.
func (q *Queue) Put(ctx context.Context, v int) error {
	select {
	case q.items <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Take removes and returns the oldest item, waiting while the queue is empty, or returns
// 0, ctx.Err() if ctx is done first.
func (q *Queue) Take(ctx context.Context) (int, error) {
	select {
	case v := <-q.items:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Len returns the number of items in the queue.
func (q *Queue) Len() int {
	return len(q.items)
}
