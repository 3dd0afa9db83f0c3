// A small errgroup of its own, written after golang.org/x/sync/errgroup (which is not
// available here): Go takes a slot of a semaphore channel and runs the function on a new
// goroutine, the first error is kept and cancels the group's context, and Wait waits for every
// goroutine, then cancels the context too, as errgroup.WithContext's Wait does.
package workerpool

import (
	"context"
	"sync"
)

type group struct {
	cancel func()
	sem    chan struct{}
	wg     sync.WaitGroup

	errOnce sync.Once
	err     error
}

func withContext(ctx context.Context, limit int) (*group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &group{cancel: cancel, sem: make(chan struct{}, limit)}, ctx
}

func (g *group) Go(f func() error) {
	g.sem <- struct{}{}
	g.wg.Add(1)
	go func() {
		defer func() {
			<-g.sem
			g.wg.Done()
		}()
		if err := f(); err != nil {
			g.errOnce.Do(func() {
				g.err = err
				g.cancel()
			})
		}
	}()
}

func (g *group) Wait() error {
	g.wg.Wait()
	g.cancel()
	return g.err
}

func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	g, gctx := withContext(ctx, workers)
	out := make([]int, len(inputs))
	for i, in := range inputs {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			// Checked again here: the slot may have come free just as the group was cancelled.
			if err := gctx.Err(); err != nil {
				return err
			}
			v, err := fn(gctx, in)
			if err != nil {
				return err
			}
			out[i] = v
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	// Wait cancelled gctx: whether the caller cancelled ctx is ctx's to say.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
