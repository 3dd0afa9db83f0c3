// Collects the errors by appending to a shared slice with no lock: two calls that fail at
// the same time race on it.
package workerpool

import (
	"context"
	"sync"
	"sync/atomic"
)

func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	out := make([]int, len(inputs))
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		errs []error // the first one is returned
	)
	for range min(workers, len(inputs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(inputs) {
					return
				}
				if err := ctx.Err(); err != nil {
					errs = append(errs, err)
					return
				}
				v, err := fn(ctx, inputs[i])
				if err != nil {
					errs = append(errs, err)
					cancel()
					return
				}
				out[i] = v
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return out, nil
}
