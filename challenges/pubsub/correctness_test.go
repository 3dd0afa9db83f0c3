package pubsub

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// judgeCalls builds the calls of a hand-written program: "sub 1 a" subscribes subscription 1 to
// topic a, "pub a m1" publishes m1 to a, "recv 1", "cancel 1" and "close".
func judgeCalls(lines ...string) []judgeOp {
	var ops []judgeOp
	for _, l := range lines {
		var kind string
		var id int
		var a, b string
		fmt.Sscan(l, &kind)
		switch kind {
		case "sub":
			fmt.Sscan(l, &kind, &id, &a)
			if a == `""` {
				a = ""
			}
			ops = append(ops, judgeSubscribe(id, a))
		case "pub":
			fmt.Sscan(l, &kind, &a, &b)
			if a == `""` {
				a = ""
			}
			if b == `""` {
				b = ""
			}
			ops = append(ops, judgePublish(a, b))
		case "recv":
			fmt.Sscan(l, &kind, &id)
			ops = append(ops, judgeRecv(id))
		case "cancel":
			fmt.Sscan(l, &kind, &id)
			ops = append(ops, judgeCancel(id))
		case "close":
			ops = append(ops, judgeClose())
		default:
			panic("hidden test is wrong: no call " + l)
		}
	}
	return ops
}

// TestExample is the example of the statement.
func TestExample(t *testing.T) {
	judgeVerify(t, judgeProgram{buffer: 2, ops: judgeCalls(
		"sub 1 news", "sub 2 news", "sub 3 sport",
		"pub news m1", "pub sport m2",
		"recv 1",
		"pub news m3", "pub news m4",
		"recv 2", "recv 2", "recv 2",
		"cancel 1",
		"pub news m5",
		"recv 1", "recv 1", "recv 1",
		"close",
		"recv 2", "recv 3", "recv 3",
		"pub news m6", "cancel 2",
	)}, false, "")
}

// TestEdgeCases pins one rule per subtest, with one goroutine, so that a failure names the
// rule that was broken.
func TestEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name   string
		buffer int
		calls  []string
	}{
		{"every_subscriber_gets_a_copy", 1, []string{
			"sub 1 a", "sub 2 a", "sub 3 a", "pub a m1", "recv 1", "recv 2", "recv 3", "recv 1"}},
		{"topics_are_independent", 1, []string{
			"sub 1 a", "sub 2 b", "pub a m1", "recv 2", "pub b m2", "recv 1", "recv 2", "recv 1"}},
		{"messages_arrive_in_publish_order", 4, []string{
			"sub 1 a", "pub a m1", "pub a m2", "pub a m3", "pub a m4", "recv 1", "recv 1", "recv 1", "recv 1", "recv 1"}},
		{"nobody_subscribed", 1, []string{
			"pub a m1", "sub 1 b", "pub a m2", "recv 1"}},
		{"subscribing_twice_to_a_topic", 1, []string{
			"sub 1 a", "sub 2 a", "pub a m1", "recv 1", "recv 2"}},
		{"full_buffer_misses_new_messages", 2, []string{
			"sub 1 a", "pub a m1", "pub a m2", "pub a m3", "recv 1", "pub a m4", "recv 1", "recv 1", "recv 1"}},
		{"slow_subscriber_misses_only_its_own", 1, []string{
			"sub 1 a", "sub 2 a", "pub a m1", "recv 1", "pub a m2", "recv 1", "recv 2", "recv 2"}},
		{"cancel_closes_the_channel", 1, []string{
			"sub 1 a", "cancel 1", "recv 1", "pub a m1", "recv 1"}},
		{"cancel_twice", 1, []string{
			"sub 1 a", "cancel 1", "cancel 1", "recv 1", "sub 2 a", "pub a m1", "recv 2"}},
		{"cancel_keeps_buffered_messages", 2, []string{
			"sub 1 a", "pub a m1", "pub a m2", "cancel 1", "pub a m3", "recv 1", "recv 1", "recv 1"}},
		{"cancel_one_of_two", 1, []string{
			"sub 1 a", "sub 2 a", "cancel 1", "pub a m1", "recv 2", "recv 1"}},
		{"subscribe_again_after_cancel", 1, []string{
			"sub 1 a", "cancel 1", "sub 2 a", "pub a m1", "recv 2", "recv 1"}},
		{"close_closes_every_channel", 1, []string{
			"sub 1 a", "sub 2 b", "pub a m1", "close", "recv 1", "recv 1", "recv 2", "pub a m2"}},
		{"cancel_and_close_after_close", 1, []string{
			"sub 1 a", "sub 2 a", "cancel 2", "close", "cancel 1", "close", "recv 1", "recv 2"}},
		{"subscribe_after_close", 1, []string{
			"close", "sub 1 a", "recv 1", "pub a m1", "cancel 1", "recv 1"}},
		{"publish_never_waits", 1, []string{
			"sub 1 a", "pub a m1", "pub a m2", "pub a m3", "recv 1", "recv 1"}},
		{"empty_topic_and_message", 1, []string{
			`sub 1 ""`, `pub "" ""`, "recv 1", "recv 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			judgeVerify(t, judgeProgram{buffer: tc.buffer, ops: judgeCalls(tc.calls...)}, false, "")
		})
	}
}

// TestRandomOperations compares the solution with the model on long random sequences of calls:
// subscriptions made and cancelled, messages published to a few topics, receives that do not
// wait, and now and then Close. The seeds are fixed, so a solution gets the same verdict, and
// the same shrunk sequence, on every run.
func TestRandomOperations(t *testing.T) {
	for i := range 300 {
		rng := rand.New(rand.NewPCG(0x9b_5b, uint64(i)))
		if !judgeVerify(t, judgeRandomProgram(rng), true, "") {
			return
		}
	}
}

func judgeRandomProgram(rng *rand.Rand) judgeProgram {
	p := judgeProgram{buffer: 1 + rng.IntN(3)}
	topics := []string{"a", "b", "c"}[:2+rng.IntN(2)]
	var ids []int
	next, msg := 0, 0
	subscribe := func() {
		next++
		ids = append(ids, next)
		p.ops = append(p.ops, judgeSubscribe(next, topics[rng.IntN(len(topics))]))
	}
	for range 2 + rng.IntN(2) {
		subscribe()
	}
	closeAt := -1
	if rng.IntN(4) == 0 {
		closeAt = 20 + rng.IntN(40)
	}
	for i := range 30 + rng.IntN(70) {
		if i == closeAt {
			p.ops = append(p.ops, judgeClose())
			continue
		}
		switch r := rng.IntN(100); {
		case r < 10 && len(ids) < 6:
			subscribe()
		case r < 45:
			msg++
			p.ops = append(p.ops, judgePublish(topics[rng.IntN(len(topics))], fmt.Sprintf("m%d", msg)))
		case r < 88:
			p.ops = append(p.ops, judgeRecv(ids[rng.IntN(len(ids))]))
		default:
			p.ops = append(p.ops, judgeCancel(ids[rng.IntN(len(ids))]))
		}
	}
	return p
}

// TestNoGoroutineLeftBehind checks that a broker leaves no goroutine running: none started for
// a subscription once it is cancelled, and none at all once the broker is closed.
func TestNoGoroutineLeftBehind(t *testing.T) {
	t.Run("after_cancel", func(t *testing.T) {
		judgeCheckLeaks(t, judgeProgram{buffer: 1, ops: judgeCalls(
			"sub 1 a", "pub a m1", "pub a m2", "recv 1", "sub 2 b", "cancel 1", "cancel 2",
		)}, false)
	})
	t.Run("after_close", func(t *testing.T) {
		judgeCheckLeaks(t, judgeProgram{buffer: 1, ops: judgeCalls(
			"sub 1 a", "sub 2 a", "sub 3 b", "pub a m1", "recv 1", "cancel 2", "close",
		)}, true)
	})
}
