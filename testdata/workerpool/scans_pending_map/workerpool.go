// Keeps the indices not started yet in a map used as a set, and starts the smallest next, so
// that the inputs start in order: finding it scans the whole map, O(n) for every input.
package workerpool

import (
	"context"
	"sync"
)

func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	pending := make(map[int]bool, len(inputs))
	for i := range inputs {
		pending[i] = true
	}
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		firstErr error
		out      = make([]int, len(inputs))
	)
	// take returns the smallest index not started yet, or false when none is left or Map
	// must stop.
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if len(pending) == 0 || firstErr != nil {
			return 0, false
		}
		if err := ctx.Err(); err != nil {
			firstErr = err
			return 0, false
		}
		next := -1
		for i := range pending {
			if next < 0 || i < next {
				next = i
			}
		}
		delete(pending, next)
		return next, true
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i, ok := take()
				if !ok {
					return
				}
				v, err := fn(ctx, inputs[i])
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
						cancel()
					}
					mu.Unlock()
					return
				}
				out[i] = v
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}
