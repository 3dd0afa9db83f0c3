//line correctness_test.go:1
package toy

import (
	"os"
	"sync"
)

var _ = os.Args

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
