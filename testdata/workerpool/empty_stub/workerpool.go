// The stub that `prep start` writes: it returns no outputs.
package workerpool

import "context"

// Map calls fn once for each input, with at most workers calls in flight at any time, and
// returns the outputs in input order. If a call fails, Map starts no new calls, cancels the
// context passed to the calls in flight, waits for them, and returns the first error. If ctx
// is cancelled, Map returns ctx.Err() promptly in the same way. When Map returns, no goroutine
// it started is still running.
//
// workers is at least 1.
func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	// TODO: implement.
	return nil, nil
}
