package toy

import "sync"

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

var kept [][]byte

// Sum keeps memory it never needs, without end.
func Sum(xs []int) int {
	for {
		b := make([]byte, 1<<20)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		kept = append(kept, b)
	}
}
