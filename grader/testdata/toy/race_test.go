package toy

import (
	"sync"
	"testing"
)

func TestConcurrentAdd(t *testing.T) {
	var c Counter
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				c.Add(1)
			}
		}()
	}
	wg.Wait()
	if got := c.Add(0); got != 400 {
		t.Errorf("after 400 concurrent c.Add(1), the total is %d", got)
	}
}
