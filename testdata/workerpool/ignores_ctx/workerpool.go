// Makes its own cancellable context from context.Background() instead of from ctx, so
// cancelling ctx reaches neither Map nor the calls of fn.
package workerpool

import (
	"context"
	"sync"
)

func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	// Cancelled on the first error, so that the other calls stop early.
	runCtx, cancel := context.WithCancel(context.Background())
	defer cancel()

	out := make([]int, len(inputs))
	jobs := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if runCtx.Err() != nil {
					continue // a call failed: start no more
				}
				v, err := fn(runCtx, inputs[i])
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
						cancel()
					}
					mu.Unlock()
					continue
				}
				out[i] = v
			}
		}()
	}
feed:
	for i := range inputs {
		select {
		case jobs <- i:
		case <-runCtx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}
