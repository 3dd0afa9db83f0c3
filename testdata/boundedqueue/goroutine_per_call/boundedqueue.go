// Wrong (and leaking): when Put or Take has to wait, it makes the blocking channel operation
// cancellable by running it on a goroutine of its own and selecting on its result and
// ctx.Done(). When ctx wins, that goroutine is left behind, still blocked: a cancelled Take's
// goroutine later swallows an item that nobody receives, and a cancelled Put's goroutine later
// adds its item after all.
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
	case q.items <- v: // fast path: there is room
		return nil
	default:
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	done := make(chan struct{})
	go func() {
		q.items <- v
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Take removes and returns the oldest item, waiting while the queue is empty, or returns
// 0, ctx.Err() if ctx is done first.
func (q *Queue) Take(ctx context.Context) (int, error) {
	select {
	case v := <-q.items: // fast path: there is an item
		return v, nil
	default:
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	result := make(chan int, 1)
	go func() {
		result <- <-q.items
	}()
	select {
	case v := <-result:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Len returns the number of items in the queue.
func (q *Queue) Len() int {
	return len(q.items)
}
