package toy

import "sync"

// Counter keeps every addition and sums them on each call: O(n).
type Counter struct {
	mu   sync.Mutex
	adds []int
}

func (c *Counter) Add(n int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.adds = append(c.adds, n)
	t := 0
	for _, a := range c.adds {
		t += a
	}
	return t
}

func Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
