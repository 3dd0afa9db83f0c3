package toy

import (
	"sync"
	"time"
)

type Counter struct {
	mu sync.Mutex
	n  int
}

// The first Add on a counter leaves a goroutine blocked for good, started by the runtime's
// timer rather than by Add.
func (c *Counter) Add(n int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == 0 {
		time.AfterFunc(0, func() { select {} })
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
