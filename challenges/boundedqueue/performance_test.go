package boundedqueue

import (
	"context"
	"testing"

	"github.com/prep-judge/prep/challenges/boundedqueue/reference"
	"github.com/prep-judge/prep/challenges/kit"
)

// TestGrowth measures a Take and a Put on full queues of capacity 100 up to 100 000, beside the
// reference. They must stay O(1): shifting every item on each Take falls behind by the size of
// the queue, 200 times slower at the largest size than at the smallest. (Len is not measured:
// every design keeps a count or has len(), and each size measured is one more fill of 100 000
// items that a stall of the machine can cut short.)
//
// The slowdown allowed in challenge.toml is very generous because the reference's Take and Put cost
// about 25ns together and allocate nothing, so allocation dominates any other design. Measured on
// the grading machine, correct solutions that make and close a channel on every Put and Take to
// wake their waiters cost 7 to 16 times the reference, those that register context.AfterFunc on
// every call 17 to 31 times, and more than twice that on a busy machine, where the garbage
// collector competes for the CPU. A buffered channel, a sync.Cond, or a slice resliced with items =
// items[1:] costs one to three times the reference.
func TestGrowth(t *testing.T) {
	judgeGate.Performance(t)
	ctx := context.Background()
	sizes := []int{100, 1000, 10000, 100000}
	// The queue stays full: each call takes the oldest item and puts it back at the end, so a
	// Take that shifts the remaining items moves all n-1 of them.
	workload := func(q judgeQueue) kit.Workload {
		return kit.Workload{
			Fill: func(i int) { _ = q.Put(ctx, i) },
			Op: func(int) int {
				v, _ := q.Take(ctx)
				_ = q.Put(ctx, v)
				return v
			},
		}
	}
	kit.Measure(t, kit.PerfSpec{
		Operation: "Take and Put", Sizes: sizes,
		Solution:  func(n int) kit.Workload { return workload(New(n)) },
		Reference: func(n int) kit.Workload { return workload(boundedqueue.New(n)) },
	})
}

// judgeQueue is the API the performance suite times, the solution's and the reference's alike.
type judgeQueue interface {
	Put(ctx context.Context, v int) error
	Take(ctx context.Context) (int, error)
}

// judgeGate holds the race and performance suites back until judgeWorks passes.
var judgeGate = kit.Gate{Solution: "a queue", Works: judgeWorks}

// judgeWorks checks, with one goroutine and a few calls, what the performance suite takes for
// granted: that an item put can be taken back, however many have been before. Without it a stub that does nothing would earn
// the suite's points, being fast. It is no stricter than that, so that a mistake in the finer
// rules costs points in the correctness suite alone.
func judgeWorks(t *testing.T, context string) bool {
	t.Helper()
	return kit.Check(t, judgeProgram{capacity: 2, ops: []judgeOp{
		judgePut("ctx", 1), judgeTake("ctx"), judgePut("ctx", 2), judgeLen(), judgeTake("ctx"), judgeLen(),
		judgePut("ctx", 3), judgeTake("ctx"), judgePut("ctx", 4), judgeTake("ctx"),
	}}.scenario().HandWritten(context))
}
