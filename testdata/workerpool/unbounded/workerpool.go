// Starts a goroutine for every input at once and never looks at workers: all the calls are
// in flight together.
package workerpool

import (
	"context"
	"sync"
)

func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	out := make([]int, len(inputs))
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	for i, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := ctx.Err(); err != nil {
				once.Do(func() { firstErr = err })
				return
			}
			v, err := fn(ctx, in)
			if err != nil {
				once.Do(func() { firstErr = err; cancel() })
				return
			}
			out[i] = v
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}
