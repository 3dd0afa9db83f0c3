// Package workerpool is the reference solution of the worker pool challenge: a fixed number of
// worker goroutines take the next input's index from a shared counter, and the first error
// cancels a context derived from the caller's.
package workerpool

import (
	"context"
	"sync"
	"sync/atomic"
)

// Map calls fn once for each input, with at most workers calls in flight at any time, and
// returns the outputs in input order. If a call fails, Map starts no new calls, cancels the
// context passed to the calls in flight, waits for them, and returns the first error. If ctx
// is cancelled, Map returns ctx.Err() promptly in the same way. When Map returns, no goroutine
// it started is still running.
func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	// Cancelling this context stops the workers and reaches every call in flight. It is
	// derived from ctx, so the caller's cancellation does the same.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	outputs := make([]int, len(inputs))
	var (
		next     atomic.Int64 // the index of the next input to start
		wg       sync.WaitGroup
		failOnce sync.Once
		firstErr error
	)
	fail := func(err error) {
		failOnce.Do(func() {
			firstErr = err
			cancel()
		})
	}
	for range min(workers, len(inputs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(inputs) {
					return
				}
				// Checked before every call: once a call has failed or ctx is cancelled,
				// no new call starts.
				if err := ctx.Err(); err != nil {
					fail(err)
					return
				}
				out, err := fn(ctx, inputs[i])
				if err != nil {
					fail(err)
					return
				}
				outputs[i] = out // each index is written by one goroutine only
			}
		}()
	}
	wg.Wait()
	// wg.Wait orders every write above before these reads.
	if firstErr != nil {
		return nil, firstErr
	}
	return outputs, nil
}
