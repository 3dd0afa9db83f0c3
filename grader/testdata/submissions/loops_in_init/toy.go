package toy

import "sync"

// spin loops for good in the package's initialisation, before the testing package has armed
// its own timeout.
var spin = func() int {
	for n := 0; ; n++ {
		if n < 0 {
			return n
		}
	}
}()

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Add(n int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
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
