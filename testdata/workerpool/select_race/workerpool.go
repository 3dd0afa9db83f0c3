// Waits for a free worker or ctx.Done() in one select, and starts a call when it gets a
// worker: when both are ready, select picks at random, so after ctx is cancelled or a call
// has failed it sometimes starts one more call.
package workerpool

import (
	"context"
	"sync"
)

func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	out := make([]int, len(inputs))
	sem := make(chan struct{}, workers)
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
loop:
	for i, in := range inputs {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			break loop
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			v, err := fn(ctx, in)
			if err != nil {
				once.Do(func() {
					firstErr = err
					cancel()
				})
				return
			}
			out[i] = v
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
