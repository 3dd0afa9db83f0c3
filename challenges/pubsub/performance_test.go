package pubsub

import (
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
	"github.com/prep-judge/prep/challenges/pubsub/reference"
)

// TestGrowth measures, beside the reference:
//
//   - Publish to a topic of 10 subscribers while 100 up to 10 000 others are subscribed to
//     another topic: it must cost O(subscribers of that topic), not O(all subscribers), so it
//     must not grow. The subscribers never receive, so their buffers are full and Publish drops
//     the message for each of them: what is measured is finding them, not copying.
//   - Subscribe and cancel on a topic of 1000 up to 100 000 subscribers: each must be O(1),
//     amortised, so that a chat room of 100 000 members can still let one join and one leave.
//     Removing a subscription by scanning a slice of the topic's subscriptions is O(n). These
//     sizes start at 1000: a Subscribe costs a few allocations, as much as scanning some 500
//     subscriptions, so below that an O(n) cancel hardly shows its growth.
//
// The slowdown allowed in challenge.toml is generous: Publish under a sync.RWMutex, subscriptions
// kept in a slice with an index to swap-remove them, or a sync.Once per subscription cost little
// more than the reference, and a broker whose state belongs to one goroutine, served through
// channels, five to fifteen times as much.
func TestGrowth(t *testing.T) {
	if !judgeWorks(t, "performance is measured only on a broker that works: ") {
		return
	}
	type broker interface {
		Subscribe(string) (<-chan string, func())
		Publish(string, string) int
	}
	// publish: 10 subscriptions to "hot" and n to "cold"; Publish("hot").
	publish := func(b broker, n int) kit.Workload {
		for range 10 {
			b.Subscribe("hot")
		}
		return kit.Workload{
			Fill: func(int) { b.Subscribe("cold") },
			Op:   func(int) int { return b.Publish("hot", "m") },
		}
	}
	// churn: n subscriptions to "hot"; then each call subscribes once more and cancels that
	// subscription. The n others stay put, so the call touches nothing but its own
	// subscription, and its cost stays flat for a broker that finds it in O(1) (a map, or an
	// index kept in the subscription); one that scans the topic's subscriptions for it pays
	// for all n.
	churn := func(b broker, n int) kit.Workload {
		return kit.Workload{
			Fill: func(int) { b.Subscribe("hot") },
			Op: func(int) int {
				_, cancel := b.Subscribe("hot")
				cancel()
				return 0
			},
			// Every subscription a timed call made was cancelled: a publish reaches the n
			// subscribers of the fill alone.
			Check: func() int { return b.Publish("hot", "m") },
		}
	}
	kit.Measure(t,
		kit.PerfSpec{
			Operation: "Publish", Sizes: []int{100, 1000, 10000},
			Solution:  func(n int) kit.Workload { return publish(New(1), n) },
			Reference: func(n int) kit.Workload { return publish(pubsub.New(1), n) },
		},
		kit.PerfSpec{
			Operation: "Subscribe and cancel", Sizes: []int{1000, 10000, 100000},
			Solution:  func(n int) kit.Workload { return churn(New(1), n) },
			Reference: func(n int) kit.Workload { return churn(pubsub.New(1), n) },
		},
	)
}

// judgeWorks checks, with a few calls, what the performance suite takes for granted: that a
// message published reaches a subscriber, and that Publish does not wait when a buffer is full
// (whatever count it returns).
// Without it a stub that does nothing would earn the suite's points, being fast. It is no
// stricter than that, so that a mistake in the finer rules costs points in the correctness
// suite alone.
func judgeWorks(t *testing.T, context string) bool {
	t.Helper()
	return judgeVerify(t, judgeProgram{buffer: 1, anyCount: true, ops: judgeCalls(
		"sub 1 a", "pub a m1", "pub a m2", "recv 1", "cancel 1",
	)}, false, context)
}
