package pubsub

import (
	"strconv"
	"sync"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
	"github.com/prep-judge/prep/challenges/pubsub/reference"
)

// TestGrowth measures, beside the reference:
//
//   - Publish to a topic of 10 subscribers, and to a topic nobody subscribes to, while 100 up
//     to 10 000 other topics have a subscriber each, and after as many subscriptions to the
//     first topic came and went. It must cost O(subscribers of that topic), not O(all
//     subscribers), not O(topics) and not O(subscriptions ever made), so it must not grow:
//     scanning every subscription for those of the topic, a list of topics for the topic, or
//     the topic's subscriptions past and present (cancel marking one ended rather than removing
//     it) pays for the n others. The topic's subscriptions are made last, so that a list of
//     topics searched from the front does not find it first. The subscribers never receive, so
//     their buffers are full and Publish drops the message for each of them: what is measured
//     is finding them, not copying.
//   - Subscribe and cancel on a topic of 1000 up to 100 000 subscribers: each call cancels one
//     of them, any one, and subscribes anew in its place. Each must be O(1), amortised, so that
//     a chat room of 100 000 members can still let one join and one leave. Removing a
//     subscription by scanning a slice of the topic's subscriptions is O(n), from whichever end
//     the scan starts: a scan from the back finds the newest at once, so the one cancelled is
//     anywhere. These sizes start at 1000: a Subscribe costs a few allocations, as much as
//     scanning some 500 subscriptions, so below that an O(n) cancel hardly shows its growth.
//
// The slowdown allowed in challenge.toml is generous: Publish under a sync.RWMutex, subscriptions
// kept in a slice with an index to swap-remove them, or a sync.Once per subscription cost little
// more than the reference, and a broker whose state belongs to one goroutine, served through
// channels, five to fifteen times as much.
func TestGrowth(t *testing.T) {
	judgeGate.Performance(t)
	type broker interface {
		Subscribe(string) (<-chan string, func())
		Publish(string, string) int
	}
	// publish: a subscription to each of n topics, n subscriptions to "hot" made and
	// cancelled, then 10 to "hot"; Publish("hot") and Publish("nobody") in turn.
	publish := func(b broker, n int) kit.Workload {
		return kit.Workload{
			Fill: func(i int) {
				b.Subscribe(judgeTopic(i))
				_, cancel := b.Subscribe("hot")
				cancel()
				if i == n-1 {
					for range 10 {
						b.Subscribe("hot")
					}
				}
			},
			Op: func(i int) int {
				if i%2 == 1 {
					return b.Publish("nobody", "m")
				}
				return b.Publish("hot", "m")
			},
		}
	}
	// churn: n subscriptions to "hot"; then each call cancels one of them, chosen by the call's
	// number, and subscribes once more in its place. The others stay put, so the call touches
	// nothing but two subscriptions, and its cost stays flat for a broker that finds one in
	// O(1) (a map, or an index kept in the subscription); one that scans the topic's
	// subscriptions for it pays for all n.
	churn := func(b broker, n int) kit.Workload {
		cancels := make([]func(), n)
		return kit.Workload{
			Fill: func(i int) { _, cancels[i] = b.Subscribe("hot") },
			Op: func(i int) int {
				j := kit.Spread(i, n)
				cancels[j]()
				_, cancels[j] = b.Subscribe("hot")
				return 0
			},
			// As many subscriptions are open as the fill made: a publish reaches n.
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

// judgeTopics holds topic names made once, so that making one costs the measured calls
// nothing.
var (
	judgeTopicsOnce sync.Once
	judgeTopics     []string
)

func judgeTopic(i int) string {
	judgeTopicsOnce.Do(func() {
		judgeTopics = make([]string, 10000)
		for i := range judgeTopics {
			judgeTopics[i] = "topic-" + strconv.Itoa(i)
		}
	})
	return judgeTopics[i%len(judgeTopics)]
}

// judgeGate holds the race and performance suites back until judgeWorks passes.
var judgeGate = kit.Gate{Solution: "a broker", Works: judgeWorks}

// judgeWorks checks, with a few calls, what the performance suite takes for granted: that a
// message published reaches a subscriber, and that Publish does not wait when a buffer is full
// (whatever count it returns).
// Without it a stub that does nothing would earn the suite's points, being fast. It is no
// stricter than that, so that a mistake in the finer rules costs points in the correctness
// suite alone.
func judgeWorks(t *testing.T, context string) bool {
	t.Helper()
	return kit.Check(t, judgeProgram{buffer: 1, anyCount: true, ops: judgeCalls(
		"sub 1 a", "pub a m1", "pub a m2", "recv 1", "cancel 1",
	)}.scenario().HandWritten(context))
}
