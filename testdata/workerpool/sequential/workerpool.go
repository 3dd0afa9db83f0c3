// Calls fn for one input at a time: correct results, but workers is never used, and nothing
// runs concurrently.
package workerpool

import "context"

func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) {
	out := make([]int, len(inputs))
	for i, in := range inputs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		v, err := fn(ctx, in)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
