// Returns the first error as soon as it happens, without waiting for the calls still in
// flight: they finish after Map has returned.
package workerpool

import (
	"context"
	"sync"
	"sync/atomic"
)

func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	ctx, cancel := context.WithCancel(ctx)

	out := make([]int, len(inputs))
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		once sync.Once
	)
	errc := make(chan error, 1) // the first error
	fail := func(err error) {
		once.Do(func() {
			cancel()
			errc <- err
		})
	}
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
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()

	select {
	case err := <-errc:
		return nil, err // the other calls stop soon, since ctx is cancelled
	case <-done:
		cancel()
		select {
		case err := <-errc: // the last worker failed
			return nil, err
		default:
			return out, nil
		}
	}
}
