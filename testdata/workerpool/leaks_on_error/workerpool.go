// A goroutine feeds the indices to the workers over an unbuffered channel. When the workers
// stop early (a call failed, or ctx was cancelled), nobody receives any more, and the feeder
// blocks for ever on its next send: Map waits for the workers, not for it.
package workerpool

import (
	"context"
	"sync"
)

func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	fail := func(err error) {
		once.Do(func() {
			firstErr = err
			cancel()
		})
	}

	jobs := make(chan int)
	go func() {
		for i := range inputs {
			jobs <- i
		}
		close(jobs)
	}()

	out := make([]int, len(inputs))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := ctx.Err(); err != nil {
					fail(err)
					return
				}
				v, err := fn(ctx, inputs[i])
				if err != nil {
					fail(err)
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
