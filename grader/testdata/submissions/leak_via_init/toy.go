package toy

import "sync"

// The first Add on a counter asks a goroutine started in init to start another, which blocks
// for good. The goroutine Add leaves behind is started by a goroutine that existed before the
// call.
var requests = make(chan struct{})

func init() {
	go func() {
		for range requests {
			go func() { select {} }()
		}
	}()
}

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Add(n int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == 0 {
		requests <- struct{}{}
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
