package workerpool

import (
	"context"
	"sync"
)

// Map starts one goroutine per input, each once a slot of the semaphore is free, as
// errgroup.Group with SetLimit does. Its fn type names no parameters, and its results are
// named, as many published solutions write them: the API is the same.
func Map(ctx context.Context, workers int, inputs []int, fn func(context.Context, int) (int, error)) (results []int, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	out := make([]int, len(inputs))
	sem := make(chan struct{}, workers)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	setErr := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
	}

	for i, in := range inputs {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		// When a slot was free and ctx was done at once, select picked either: look again.
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			v, err := fn(ctx, in)
			if err != nil {
				setErr(err)
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
