package toy

type Counter struct{ n int }

func (c *Counter) Add(n int) int {
	c.n += n
	return "total"
}

func Sum(xs []int) int { return 0 }
