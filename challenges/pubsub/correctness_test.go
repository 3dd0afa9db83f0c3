package pubsub

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// judgeCalls builds the calls of a hand-written program: "sub 1 a" subscribes subscription 1 to
// topic a, "pub a m1" publishes m1 to a, "recv 1", "cancel 1", "close" and "wait" (a pause). A
// topic or message may be written as a Go string literal without spaces: `""`, `"a\x00"`.
func judgeCalls(lines ...string) []judgeOp {
	unquote := func(s string) string {
		if strings.HasPrefix(s, `"`) {
			u, err := strconv.Unquote(s)
			if err != nil {
				panic("hidden test is wrong: " + s + " is not a string literal")
			}
			return u
		}
		return s
	}
	var ops []judgeOp
	for _, l := range lines {
		var kind string
		var id int
		var a, b string
		fmt.Sscan(l, &kind)
		switch kind {
		case "sub":
			fmt.Sscan(l, &kind, &id, &a)
			ops = append(ops, judgeSubscribe(id, unquote(a)))
		case "pub":
			fmt.Sscan(l, &kind, &a, &b)
			ops = append(ops, judgePublish(unquote(a), unquote(b)))
		case "recv":
			fmt.Sscan(l, &kind, &id)
			ops = append(ops, judgeRecv(id))
		case "cancel":
			fmt.Sscan(l, &kind, &id)
			ops = append(ops, judgeCancel(id))
		case "close":
			ops = append(ops, judgeClose())
		case "wait":
			ops = append(ops, judgeWait())
		default:
			panic("hidden test is wrong: no call " + l)
		}
	}
	return ops
}

// TestExample is the example of the statement.
func TestExample(t *testing.T) {
	kit.Check(t, judgeProgram{buffer: 2, ops: judgeCalls(
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
	)}.scenario().HandWritten(""))
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
		// Topics are compared whole and exactly: not by prefix, not ignoring case or spaces.
		{"topics_that_look_alike", 1, []string{
			"sub 1 a", "sub 2 ab", "sub 3 A", `sub 4 "a:1"`, `sub 5 "a\t"`, `sub 6 "a\x00"`, `sub 7 ""`,
			"pub a m1", "recv 1", "recv 2", "recv 3", "recv 4", "recv 5", "recv 6", "recv 7",
			`pub "a\x00" m2`, "recv 6", "recv 1", `pub "" m3`, "recv 7", "recv 1", "pub ab m4", "recv 2", "recv 1"}},
		// A message missed stays missed, and a channel stays as the calls left it, however long
		// nobody calls anything: a message sent later by a goroutine, or a channel closed
		// later, shows after the pause.
		{"nothing_arrives_later", 1, []string{
			"sub 1 a", "sub 2 a", "pub a m1", "pub a m2", "pub a m3", "recv 1", "wait", "recv 1",
			"cancel 2", "recv 2", "wait", "recv 2", "recv 1", "pub a m4", "wait", "recv 1", "recv 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kit.Check(t, judgeProgram{buffer: tc.buffer, ops: judgeCalls(tc.calls...)}.scenario().HandWritten(""))
		})
	}
}

// TestRandomOperations compares the solution with the model on long random sequences of calls:
// subscriptions made and cancelled, messages published to a few topics, receives that do not
// wait, and now and then Close. The seeds are fixed, so a solution gets the same verdict, and
// the same shrunk sequence, on every run.
func TestRandomOperations(t *testing.T) {
	kit.CheckEach(t, 300, func(i int) judgeScenario {
		return judgeRandomProgram(rand.New(rand.NewPCG(0x9b_5b, uint64(i)))).scenario()
	})
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

// TestAtScale checks the rules at sizes the other tests never reach, where a fixed-size array,
// a small counter or a buffer capped below what New was given gives way: the largest buffer
// allowed, a topic of 2000 subscribers among 2000 other topics, and 70 000 subscriptions made
// and cancelled one after another, more than a 16-bit counter can number.
func TestAtScale(t *testing.T) {
	t.Run("a_buffer_of_1000", func(t *testing.T) {
		judgeAtScale(t, judgeScaleBuffer, judgeScaleBufferRepro)
	})
	t.Run("2000_subscribers_among_2000_topics", func(t *testing.T) {
		judgeAtScale(t, judgeScaleWide, judgeScaleWideRepro)
	})
	t.Run("70000_subscriptions_one_after_another", func(t *testing.T) {
		judgeAtScale(t, judgeScaleChurn, judgeScaleChurnRepro)
	})
}

// judgeScale makes the calls of a check at scale: each call through Do, which names it for
// the report should it panic or hang, and each wrong result through Wrong.
type judgeScale struct{ *kit.Long }

// publish calls b.Publish(topic, msg) and checks that it returned want; before says what the
// calls before it did, for the report.
func (s *judgeScale) publish(b *Broker, topic, msg string, want int, before, why string) {
	var n int
	code := fmt.Sprintf("b.Publish(%q, %q)", topic, msg)
	s.Do(code, func() { n = b.Publish(topic, msg) })
	if n != want {
		s.Wrong(fmt.Sprintf("%s, %s returned %d, want %d: %s", before, code, n, want, why),
			fmt.Sprintf("%s = %d", code, want), fmt.Sprintf("%s = %d", code, n))
	}
}

// recv receives from the channel of subscription name without waiting, and checks that it
// got want.
func (s *judgeScale) recv(ch <-chan string, name, want, before, why string) {
	var got string
	code := fmt.Sprintf("recv(%s)", name)
	s.Do(code, func() { got = judgeReceive(ch) })
	if got != want {
		s.Wrong(fmt.Sprintf("%s, %s returned %q, want %q: %s", before, code, got, want, why),
			fmt.Sprintf("%s = %q", code, want), fmt.Sprintf("%s = %q", code, got))
	}
}

// judgeAtScale runs check under the kit's watchdog for long checks (kit.RunLong), which gives
// up on a call that has not returned within kit.Wait(): each call needs microseconds, however
// many came before it. It reports a failure with repro as the test to paste.
func judgeAtScale(t *testing.T, check func(s *judgeScale), repro string) {
	t.Helper()
	r := kit.RunLong(New, "New", func(l *kit.Long) { check(&judgeScale{l}) }, func(code string, wait time.Duration) string {
		why := kit.WhyStuck()
		if strings.Contains(why, "[chan send]") {
			why += "\nPublish must never wait for a subscriber: one whose buffer is full misses the message. Send in a select with a default case"
		}
		return fmt.Sprintf("%s did not return within %s: %s", code, wait, why)
	})
	if r != nil {
		r.Repro = repro
		kit.Fail(t, *r)
	}
}

// judgeScaleBuffer fills the largest buffer allowed, then drains it.
func judgeScaleBuffer(s *judgeScale) {
	const size = 1000
	var b *Broker
	s.Do(fmt.Sprintf("New(%d)", size), func() { b = New(size) })
	var ch <-chan string
	var cancel func()
	s.Do(`s1, cancel1 := b.Subscribe("a")`, func() { ch, cancel = b.Subscribe("a") })
	for i := 1; i <= size; i++ {
		s.publish(b, "a", fmt.Sprint("m", i), 1, fmt.Sprintf("with New(%d) and s1 subscribed to \"a\", after %d Publishes to \"a\"", size, i-1),
			fmt.Sprintf("s1's buffer holds %d messages, so it has room", size))
	}
	s.publish(b, "a", fmt.Sprint("m", size+1), 0, fmt.Sprintf("with New(%d) and s1 subscribed to \"a\", after %d Publishes to \"a\"", size, size),
		fmt.Sprintf("s1's buffer holds %d messages and is full, so s1 misses it", size))
	for i := 1; i <= size; i++ {
		s.recv(ch, "s1", fmt.Sprint("m", i), fmt.Sprintf("after %d Publishes to \"a\" and %d receives from s1", size+1, i-1),
			fmt.Sprintf("s1 got the first %d messages, which come out in the order they were published", size))
	}
	s.recv(ch, "s1", judgeEmpty, fmt.Sprintf("after %d Publishes to \"a\" and %d receives from s1", size+1, size),
		fmt.Sprintf("s1's buffer was full when \"m%d\" was published, so it missed it", size+1))
	s.Do("cancel1()", cancel)
	s.recv(ch, "s1", judgeClosed, "after cancel1()", "cancel closes the channel")
}

var judgeScaleBufferRepro = "func TestRepro(t *testing.T) {\n" + judgeRecvHelper + `	b := New(1000)
	s1, cancel1 := b.Subscribe("a")
	for i := 1; i <= 1001; i++ { // import "fmt"
		want := 1
		if i == 1001 {
			want = 0 // the buffer is full
		}
		if n := b.Publish("a", fmt.Sprint("m", i)); n != want {
			t.Fatalf("Publish number %d = %d, want %d", i, n, want)
		}
	}
	for i := 1; i <= 1000; i++ {
		if got := recv(s1); got != fmt.Sprint("m", i) {
			t.Fatalf("receive number %d = %q, want %q", i, got, fmt.Sprint("m", i))
		}
	}
	if got := recv(s1); got != "(empty)" {
		t.Fatalf("receive number 1001 = %q, want \"(empty)\"", got)
	}
	cancel1()
	if got := recv(s1); got != "(closed)" {
		t.Fatalf("after cancel1(), recv(s1) = %q, want \"(closed)\"", got)
	}
}
`

// judgeScaleWide subscribes 2000 times to one topic and once to each of 2000 others, and
// cancels every other subscription of the first.
func judgeScaleWide(s *judgeScale) {
	const n = 2000
	var b *Broker
	s.Do("New(1)", func() { b = New(1) })
	chans := make([]<-chan string, n)
	cancels := make([]func(), n)
	others := make([]<-chan string, n)
	for i := range n {
		s.Do(`b.Subscribe("a")`, func() { chans[i], cancels[i] = b.Subscribe("a") })
		topic := fmt.Sprint("t", i)
		s.Do(fmt.Sprintf("b.Subscribe(%q)", topic), func() { others[i], _ = b.Subscribe(topic) })
	}
	made := fmt.Sprintf("after %d subscriptions to \"a\" and one to each of \"t0\" to \"t%d\"", n, n-1)
	s.publish(b, "a", "m1", n, made, fmt.Sprintf("all %d subscriptions to \"a\" have room", n))
	s.publish(b, "t7", "m2", 1, made, "one subscription is to \"t7\"")
	for i := 0; i < n; i += 2 {
		s.Do(fmt.Sprintf("cancel%d()", i+1), cancels[i])
	}
	half := fmt.Sprintf("%s, and cancel1(), cancel3() ... cancel%d()", made, n-1)
	for i := range n {
		name := fmt.Sprintf("s%d", i+1)
		s.recv(chans[i], name, "m1", half, fmt.Sprintf("\"m1\" was published to \"a\" while %s had room", name))
		if i%2 == 0 {
			s.recv(chans[i], name, judgeClosed, half, fmt.Sprintf("%s's subscription was cancelled and its channel holds nothing more", name))
		} else {
			s.recv(chans[i], name, judgeEmpty, half, fmt.Sprintf("%s is still subscribed and has received everything published to it", name))
		}
	}
	for i, ch := range others {
		want := judgeEmpty
		if i == 7 {
			want = "m2"
		}
		s.recv(ch, fmt.Sprintf("the subscription to \"t%d\"", i), want, half, "only \"m2\" was published to any of these topics, to \"t7\"")
	}
	s.publish(b, "a", "m3", n/2, half, fmt.Sprintf("%d subscriptions to \"a\" are left, all with room", n/2))
	s.Do("b.Close()", b.Close)
	s.publish(b, "a", "m4", 0, "after b.Close()", "a closed broker reaches nobody")
	for i := 1; i < n; i += 2 {
		name := fmt.Sprintf("s%d", i+1)
		s.recv(chans[i], name, "m3", "after b.Close()", "\"m3\" was delivered before Close, and a closed channel keeps its buffer")
		s.recv(chans[i], name, judgeClosed, "after b.Close()", "Close closes every channel")
	}
}

var judgeScaleWideRepro = "func TestRepro(t *testing.T) {\n" + judgeRecvHelper + `	b := New(1)
	var subs []<-chan string
	var cancels []func()
	for i := 0; i < 2000; i++ { // import "fmt"
		s, cancel := b.Subscribe("a")
		subs, cancels = append(subs, s), append(cancels, cancel)
		b.Subscribe(fmt.Sprint("t", i))
	}
	if n := b.Publish("a", "m1"); n != 2000 {
		t.Fatalf("b.Publish(\"a\", \"m1\") = %d, want 2000", n)
	}
	if n := b.Publish("t7", "m2"); n != 1 {
		t.Fatalf("b.Publish(\"t7\", \"m2\") = %d, want 1", n)
	}
	for i := 0; i < 2000; i += 2 {
		cancels[i]()
	}
	for i, s := range subs {
		if got := recv(s); got != "m1" {
			t.Fatalf("recv(s%d) = %q, want \"m1\"", i+1, got)
		}
	}
	if n := b.Publish("a", "m3"); n != 1000 {
		t.Fatalf("b.Publish(\"a\", \"m3\") = %d, want 1000", n)
	}
}
`

// judgeScaleChurn makes 70 000 subscriptions to one topic, one after another, cancelling the
// oldest so that 100 stay open, and publishes now and then.
func judgeScaleChurn(s *judgeScale) {
	const (
		total = 70_000
		open  = 100
		every = 997 // publishes once per this many subscriptions, so as to land anywhere
	)
	var b *Broker
	s.Do("New(1)", func() { b = New(1) })
	type sub struct {
		n      int
		ch     <-chan string
		cancel func()
	}
	var live []sub
	for k := 1; k <= total; k++ {
		var ch <-chan string
		var cancel func()
		s.Do(fmt.Sprintf("s%d, cancel%d := b.Subscribe(\"a\")", k, k), func() { ch, cancel = b.Subscribe("a") })
		live = append(live, sub{k, ch, cancel})
		if len(live) > open {
			old := live[0]
			live = live[1:]
			s.Do(fmt.Sprintf("cancel%d()", old.n), old.cancel)
			s.recv(old.ch, fmt.Sprintf("s%d", old.n), judgeClosed, fmt.Sprintf("after cancel%d()", old.n), "cancel closes the channel")
		}
		if k%every != 0 && k != total {
			continue
		}
		before := fmt.Sprintf("after %d subscriptions to \"a\", one after another, each cancelled once %d newer ones were made (s%d to s%d are open)",
			k, open, live[0].n, k)
		msg := fmt.Sprint("m", k)
		s.publish(b, "a", msg, len(live), before, fmt.Sprintf("the %d open subscriptions all have room", len(live)))
		for _, l := range live {
			s.recv(l.ch, fmt.Sprintf("s%d", l.n), msg, before+fmt.Sprintf(", and b.Publish(\"a\", %q)", msg),
				fmt.Sprintf("s%d is open, and the message was published while it had room", l.n))
		}
	}
}

var judgeScaleChurnRepro = "func TestRepro(t *testing.T) {\n" + judgeRecvHelper + `	b := New(1)
	var subs []<-chan string
	var cancels []func()
	for k := 1; k <= 70000; k++ {
		s, cancel := b.Subscribe("a")
		subs, cancels = append(subs, s), append(cancels, cancel)
		if len(subs) > 100 {
			cancels[0]()
			subs, cancels = subs[1:], cancels[1:]
		}
		if k%997 == 0 {
			if n := b.Publish("a", "m"); n != len(subs) {
				t.Fatalf("after %d subscriptions, b.Publish(\"a\", \"m\") = %d, want %d", k, n, len(subs))
			}
			for _, s := range subs {
				if got := recv(s); got != "m" {
					t.Fatalf("after %d subscriptions, an open one received %q, want \"m\"", k, got)
				}
			}
		}
	}
}
`
