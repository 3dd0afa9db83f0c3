package toy

import (
	"runtime"
	"sync"
)

type Counter struct {
	mu sync.Mutex
	n  int
}

// Add ends any goroutine that calls it after the first, so that a concurrency test's workers
// end early, its deferred bookkeeping runs, and nothing it checks afterwards is reached.
func (c *Counter) Add(n int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n > 0 && n > 0 {
		runtime.Goexit()
	}
	c.n += n
	return c.n
}

func Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
