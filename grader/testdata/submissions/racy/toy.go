package toy

import "runtime"

type Counter struct{ n int }

// Add has no lock.
func (c *Counter) Add(n int) int {
	v := c.n
	runtime.Gosched()
	c.n = v + n
	return c.n
}

func Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
