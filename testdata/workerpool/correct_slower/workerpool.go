// Correct, a little slower: fan-out and fan-in over channels. Map sends each index to the
// workers over a jobs channel, and the workers send every output back over a results channel
// to a collector goroutine, which writes it in place, where a tuned solution has the workers
// take the next index from a shared counter and write their own outputs. Each input thus costs
// two channel hand-offs between goroutines. Same O(1) per input as a tuned solution, just a
// larger constant: it must pass every suite.
package workerpool

import (
	"context"
	"sync"
)

type result struct {
	index, value int
}

// Map calls fn for every input with at most workers calls in flight, and returns the outputs
// in input order, or the first error.
func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan int)
	results := make(chan result)
	outputs := make([]int, len(inputs))

	// The collector is the only goroutine that writes outputs; Map reads them once it has
	// closed collected.
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		for r := range results {
			outputs[r.index] = r.value
		}
	}()

	// The first error is kept, and ctx cancelled, by the worker that met it, before it takes
	// another job: the collector would do it too late to stop that worker's next call.
	var (
		failOnce sync.Once
		firstErr error
	)
	fail := func(err error) {
		failOnce.Do(func() {
			firstErr = err
			cancel()
		})
	}

	var wg sync.WaitGroup
	for range min(workers, len(inputs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				// No new call once a call has failed or ctx is done.
				if err := ctx.Err(); err != nil {
					fail(err)
					continue // drain jobs, so that Map is never stuck sending
				}
				v, err := fn(ctx, inputs[i])
				if err != nil {
					fail(err)
					continue
				}
				results <- result{index: i, value: v}
			}
		}()
	}

	for i := range inputs {
		if ctx.Err() != nil {
			break
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	close(results)
	<-collected

	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return outputs, nil
}
