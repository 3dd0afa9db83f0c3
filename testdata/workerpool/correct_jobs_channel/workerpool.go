package workerpool

import (
	"context"
	"sync"
)

// Map feeds the indices to a fixed set of workers over a channel. Each worker writes its own
// outputs[i], so the outputs need no lock; the first error is kept under a mutex.
func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan int)
	outputs := make([]int, len(inputs))
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
	}

	for range min(workers, len(inputs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := ctx.Err(); err != nil {
					fail(err)
					continue // drain the channel, so that the sender is never stuck
				}
				v, err := fn(ctx, inputs[i])
				if err != nil {
					fail(err)
					continue
				}
				outputs[i] = v
			}
		}()
	}

	for i := range inputs {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return outputs, nil
}
