// Runs the inputs in batches of workers and waits for a whole batch before starting the next:
// one slow call keeps the other workers idle.
package workerpool

import (
	"context"
	"sync"
)

func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	out := make([]int, len(inputs))
	errs := make([]error, len(inputs))
	for start := 0; start < len(inputs); start += workers {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		end := min(start+workers, len(inputs))
		var wg sync.WaitGroup
		for i := start; i < end; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out[i], errs[i] = fn(ctx, inputs[i])
				if errs[i] != nil {
					cancel()
				}
			}()
		}
		wg.Wait()
		for _, err := range errs[start:end] {
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
