package workerpool

import (
	"context"
	"sync"
)

// Map starts a goroutine for every input at once; each waits for a slot of the semaphore
// before it calls fn, so that at most workers calls run at a time.
func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make([]int, len(inputs))
	sem := make(chan struct{}, workers)
	var (
		wg   sync.WaitGroup
		once sync.Once
		err  error
	)
	for i := range inputs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				once.Do(func() { err = ctx.Err() })
				return
			}
			if ctx.Err() != nil { // the slot and ctx.Done() may have been ready together
				once.Do(func() { err = ctx.Err() })
				return
			}
			v, e := fn(ctx, inputs[i])
			if e != nil {
				once.Do(func() {
					err = e
					cancel()
				})
				return
			}
			results[i] = v
		}(i)
	}
	wg.Wait()
	if err != nil {
		return nil, err
	}
	return results, nil
}
