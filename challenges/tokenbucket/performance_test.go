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
	judgeGate.Performance(t)
	sizes := []int{100, 1000, 10000, 100000}
	kit.Measure(t,
		// A limiter of burst n, emptied by one AllowN(n): each measured call moves the clock by
		// the time one token takes and takes it, so that the bucket stays almost empty, with n
		// tokens' worth of recent history.
		judgeSpec("Allow", sizes, judgeDrained(func(l judgeBucket, _ int) bool { return l.Allow() })),
		// A limiter of burst n: each measured call waits long enough to fill it from empty and
		// takes all n tokens at once.
		judgeSpec("AllowN", sizes, judgeAllowNWorkload),
		// A limiter of burst n, emptied: each measured call moves the clock by the time one
		// token takes and asks for all n, so that the bucket refills a token at a time and only
		// every n-th call is granted. A refusal must cost no more than a grant: one that takes
		// tokens one at a time and puts them back, or that walks a log of the tokens lent, pays
		// for every token the bucket holds or has lent.
		judgeSpec("AllowN, mostly refused", sizes, judgeDrained(judgeBucket.AllowN)),
	)
}

// judgeBucket is the API the workloads time, the solution's and the reference's alike.
type judgeBucket interface {
	Allow() bool
	AllowN(n int) bool
}

// judgeSpec times workload on a limiter of burst n, refilling 1000 tokens a second on its own
// fake clock: the solution's, and the reference's to compare.
func judgeSpec(op string, sizes []int, workload func(n int, clock *kit.FakeClock, l judgeBucket) kit.Workload) kit.PerfSpec {
	return kit.PerfSpec{
		Operation: op, Sizes: sizes,
		Solution: func(n int) kit.Workload {
			clock := new(kit.FakeClock)
			return workload(n, clock, New(1000, n, clock))
		},
		Reference: func(n int) kit.Workload {
			clock := new(kit.FakeClock)
			return workload(n, clock, reference.New(1000, n, clock))
		},
	}
}

// judgeDrained returns a workload on a limiter of burst n, emptied by one AllowN(n): each
// measured call moves the clock by the time one token takes, then makes call.
func judgeDrained(call func(l judgeBucket, n int) bool) func(n int, clock *kit.FakeClock, l judgeBucket) kit.Workload {
	return func(n int, clock *kit.FakeClock, l judgeBucket) kit.Workload {
		return kit.Workload{
			Fill: func(i int) {
				if i == 0 {
					l.AllowN(n)
				}
			},
			Op: func(int) int {
				clock.Advance(time.Millisecond) // one token at 1000 per second
				if call(l, n) {
					return 1
				}
				return 0
			},
		}
	}
}

func judgeAllowNWorkload(n int, clock *kit.FakeClock, l judgeBucket) kit.Workload {
	return kit.Workload{
		Op: func(int) int {
			clock.Advance(time.Hour)
			if l.AllowN(n) {
				return 1
			}
			return 0
		},
	}
}
