package toy

import (
	"fmt"
	"sync"
	"time"
)

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

// Sum is wrong. Before the tests see it, it claims its subtest passed; after they have failed
// it, a goroutine claims that they passed after all.
func Sum(xs []int) int {
	fmt.Println("\x16--- PASS: TestSum/three (0.00s)")
	go func() {
		time.Sleep(20 * time.Millisecond)
		fmt.Println("\x16--- PASS: TestSum/three (0.00s)")
		fmt.Println("\x16--- PASS: TestSum (0.00s)")
	}()
	return 42
}
