package tokenbucket

import (
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
	reference "github.com/prep-judge/prep/challenges/tokenbucket/reference"
)

// TestGrowth measures Allow and AllowN, granted and refused, against the reference on limiters
// with long histories and large bursts. Both must take the same time whatever has happened before and however many tokens
// are asked for. The slowdown allowed in challenge.toml is generous: a solution with a different
// lock, or one that counts in integers, stays well within it, while one that keeps a log of past
// calls or refills one token at a time falls behind by the size of the log or the burst.
func TestGrowth(t *testing.T) {
	if !judgeWorks(t, "performance is measured only on a limiter that works: ") {
		return
	}
	sizes := []int{100, 1000, 10000, 100000}
	kit.Measure(t,
		kit.PerfSpec{
			Operation: "Allow", Sizes: sizes,
			// A limiter of burst n, emptied by one AllowN(n): each measured call moves the
			// clock by the time one token takes and takes it, so that the bucket stays almost
			// empty, with n tokens' worth of recent history.
			Solution: func(n int) kit.Workload {
				clock := new(kit.FakeClock)
				l := New(1000, n, clock)
				return judgeAllowWorkload(n, clock, l.Allow, l.AllowN)
			},
			Reference: func(n int) kit.Workload {
				clock := new(kit.FakeClock)
				l := reference.New(1000, n, clock)
				return judgeAllowWorkload(n, clock, l.Allow, l.AllowN)
			},
		},
		kit.PerfSpec{
			Operation: "AllowN", Sizes: sizes,
			// A limiter of burst n: each measured call waits long enough to fill it from empty
			// and takes all n tokens at once.
			Solution: func(n int) kit.Workload {
				clock := new(kit.FakeClock)
				l := New(1000, n, clock)
				return judgeAllowNWorkload(n, clock, l.AllowN)
			},
			Reference: func(n int) kit.Workload {
				clock := new(kit.FakeClock)
				l := reference.New(1000, n, clock)
				return judgeAllowNWorkload(n, clock, l.AllowN)
			},
		},
		kit.PerfSpec{
			Operation: "AllowN, mostly refused", Sizes: sizes,
			// A limiter of burst n, emptied: each measured call moves the clock by the time one
			// token takes and asks for all n, so that the bucket refills a token at a time and
			// only every n-th call is granted. A refusal must cost no more than a grant: one
			// that takes tokens one at a time and puts them back, or that walks a log of the
			// tokens lent, pays for every token the bucket holds or has lent.
			Solution: func(n int) kit.Workload {
				clock := new(kit.FakeClock)
				l := New(1000, n, clock)
				return judgeRefusedWorkload(n, clock, l.AllowN)
			},
			Reference: func(n int) kit.Workload {
				clock := new(kit.FakeClock)
				l := reference.New(1000, n, clock)
				return judgeRefusedWorkload(n, clock, l.AllowN)
			},
		},
	)
}

func judgeRefusedWorkload(n int, clock *kit.FakeClock, allowN func(int) bool) kit.Workload {
	return kit.Workload{
		Fill: func(i int) {
			if i == 0 {
				allowN(n)
			}
		},
		Op: func(int) int {
			clock.Advance(time.Millisecond) // one token at 1000 per second
			if allowN(n) {
				return 1
			}
			return 0
		},
	}
}

func judgeAllowWorkload(n int, clock *kit.FakeClock, allow func() bool, allowN func(int) bool) kit.Workload {
	return kit.Workload{
		Fill: func(i int) {
			if i == 0 {
				allowN(n)
			}
		},
		Op: func(int) int {
			clock.Advance(time.Millisecond) // one token at 1000 per second
			if allow() {
				return 1
			}
			return 0
		},
	}
}

func judgeAllowNWorkload(n int, clock *kit.FakeClock, allowN func(int) bool) kit.Workload {
	return kit.Workload{
		Op: func(int) int {
			clock.Advance(time.Hour)
			if allowN(n) {
				return 1
			}
			return 0
		},
	}
}
