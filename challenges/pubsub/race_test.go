package pubsub

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// TestConcurrentPublish has publishers publish to two topics at once while every subscriber's
// goroutine receives, and checks what each subscriber got: only its topic's messages, each at
// most once, each publisher's in the order they were published, and in all exactly as many as
// the Publish calls said they delivered. The suite runs under the race detector, which reports
// any unsynchronised access; the checks add what it cannot see, such as a message delivered
// twice or counted but lost.
func TestConcurrentPublish(t *testing.T) {
	// The race detector reports a pair of racing stacks once per process, so each test starts
	// its goroutines from a function of its own, whose frame makes its stacks new.
	spawn := func(f func()) { go func() { f() }() }
	judgeStressEach(t, spawn, judgeStressConfig{steady: 4}, 1, 16, 256)
}

// TestConcurrentSubscribe has subscribers come and go while publishers publish: each
// subscription is cancelled twice, at once, from two goroutines, while messages are being sent
// to it. A Publish that sends on a channel a concurrent cancel has just closed panics; one that
// reads the subscriptions without the lock races. Every message delivered must still be
// received exactly once, before the channel is seen closed.
func TestConcurrentSubscribe(t *testing.T) {
	spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentPublish
	judgeStressEach(t, spawn, judgeStressConfig{steady: 1, churners: 4}, 1, 16)
}

// TestConcurrentClose closes the broker while publishers publish and subscribers come and go.
// Close must close every channel, including those of subscriptions made at the same moment;
// once it has returned, Publish must reach nobody and Subscribe must return closed channels; and
// when everything has returned, no goroutine the broker started may still be running.
func TestConcurrentClose(t *testing.T) {
	spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentPublish
	judgeStressEach(t, spawn, judgeStressConfig{steady: 2, churners: 2, closeEarly: true}, 1, 16)
}

// judgeStressEach rehearses, then runs cfg's workload with each buffer in turn, and reports the
// first problem.
func judgeStressEach(t *testing.T, spawn func(func()), cfg judgeStressConfig, buffers ...int) {
	t.Helper()
	if !judgeRehearse(t) {
		return
	}
	for _, cfg.buffer = range buffers {
		if p := judgeStress(cfg, spawn); p != nil {
			kit.Fail(t, *p)
			return
		}
	}
}

// judgeRehearse checks first, one call at a time, what the concurrent tests rely on, so that a
// plain mistake gets a plain report, the same on every run, rather than a report of whatever
// the concurrent run happened to meet first.
func judgeRehearse(t *testing.T) bool {
	t.Helper()
	sc := judgeProgram{buffer: 2, ops: judgeCalls(
		"sub 1 a", "sub 2 a", "sub 3 b",
		"pub a m1", "pub b m2", "pub a m3", "pub a m4",
		"recv 1", "recv 3", "recv 3",
		"cancel 1", "cancel 1", "pub a m5",
		"recv 1", "recv 1", "recv 1", "recv 2",
		"sub 4 b", "pub b m6", "close", "pub b m7", "close",
		"recv 4", "recv 4", "recv 2", "recv 2",
		"sub 5 a", "recv 5", "cancel 5", "cancel 2",
	)}.scenario()
	sc.Context = "with one goroutine, before the concurrent test: "
	return kit.Check(t, sc)
}

// The workload: judgePublishers goroutines publish judgeMsgsEach messages each, alternating
// between topics a and b. Message "p2:17:a" is publisher 2's 17th, to topic a, so that every
// message received names who published it, when, and where. The numbers are small, since the
// race detector slows code tenfold and the suite runs beside the correctness suite on a small
// machine.
const (
	judgePublishers = 4
	judgeMsgsEach   = 400
	judgeRounds     = 60 // subscriptions each churner makes and cancels
)

// judgeStressConfig says what runs beside the publishers.
type judgeStressConfig struct {
	buffer int
	// steady subscriptions to each topic live from before the first Publish until Close.
	steady int
	// churners each make judgeRounds short subscriptions to topic a, one after another.
	churners int
	// closeEarly closes the broker halfway through the publishing, rather than after it.
	closeEarly bool
}

// judgeReader is one subscription of a stress run and what its goroutine received.
type judgeReader struct {
	name     string
	topic    string
	ch       <-chan string
	cancel   func()
	received []string
	done     chan struct{} // closed once the channel is seen closed
}

// judgeStress runs the workload on a new broker and returns the first problem. spawn runs a
// function on a new goroutine.
//
// The race detector finds races from the order of synchronisation, not from timing, so it sees
// them on any number of processors. The run uses every processor the machine has, like every
// other test: no test changes a setting of the whole process that code under test could notice.
// A map without a lock may then crash the process ("concurrent map writes") before the detector
// names the race; the grader reports both as a race.
func judgeStress(cfg judgeStressConfig, spawn func(func())) *kit.Record {
	how := fmt.Sprintf("New(%d), %d publishers", cfg.buffer, judgePublishers)
	if cfg.churners > 0 {
		how += fmt.Sprintf(" and %d goroutines subscribing and cancelling", cfg.churners)
	}
	if cfg.closeEarly {
		how += ", and b.Close() while they run"
	}
	leaks := kit.StartLeakCheck()
	var b *Broker
	if msg := kit.Catch(func() { b = New(cfg.buffer) }); msg != "" {
		return &kit.Record{Kind: kit.RuntimeError,
			Summary: fmt.Sprintf("New(%d) panicked: %s%s", cfg.buffer, kit.PanicMessage(msg), kit.PanicSite(msg, New))}
	}

	var (
		mu         sync.Mutex
		readers    []*judgeReader
		delivered  atomic.Int64 // the sum of what Publish returned
		published  atomic.Int64 // Publish calls made
		publishing atomic.Int64 // publishers still publishing
		closed     atomic.Bool  // b.Close() has returned
		subscribed = make(chan struct{})
	)
	run := &kit.Run{How: how, Spawn: spawn, Solution: New}
	// subscribe makes a subscription and starts its reader, which receives until the channel
	// is closed.
	subscribe := func(w *kit.Worker, topic string) *judgeReader {
		r := &judgeReader{topic: topic, done: make(chan struct{})}
		var cancel func()
		if !w.Call(fmt.Sprintf("b.Subscribe(%q)", topic), func() { r.ch, cancel = b.Subscribe(topic) }) {
			return nil
		}
		mu.Lock()
		r.name = fmt.Sprintf("subscription %d", len(readers)+1)
		readers = append(readers, r)
		mu.Unlock()
		if r.ch == nil {
			run.Fail(kit.Record{Kind: kit.WrongAnswer, Summary: w.Where() + " returned a nil channel"})
			close(r.done)
			return nil
		}
		run.Go(r.name, func(*kit.Worker) {
			defer close(r.done)
			for m := range r.ch {
				r.received = append(r.received, m)
			}
		})
		if cancel == nil {
			cancel = func() { panic("Subscribe returned a nil cancel function") }
		}
		r.cancel = cancel
		return r
	}

	// The test subscribes, lets the publishers go, and closes the broker once they have
	// published everything, or, with closeEarly, about half of it.
	run.Go("the test", func(w *kit.Worker) {
		ok := func() bool {
			for _, topic := range []string{"a", "b"} {
				for range cfg.steady {
					if subscribe(w, topic) == nil {
						return false
					}
				}
			}
			return true
		}()
		close(subscribed)
		if !ok {
			return
		}
		half := int64(judgePublishers * judgeMsgsEach / 2)
		for deadline := time.Now().Add(kit.RaceWait()); publishing.Load() > 0 && !(cfg.closeEarly && published.Load() >= half); {
			if run.Failed() || time.Now().After(deadline) {
				return
			}
			time.Sleep(100 * time.Microsecond)
		}
		w.Call("b.Close()", b.Close)
		closed.Store(true)
	})
	publishing.Store(judgePublishers)
	for p := 1; p <= judgePublishers; p++ {
		run.Go(fmt.Sprintf("publisher %d", p), func(w *kit.Worker) {
			defer publishing.Add(-1)
			<-subscribed
			for s := 1; s <= judgeMsgsEach; s++ {
				topic := "a"
				if (p+s)%2 == 0 {
					topic = "b"
				}
				msg := fmt.Sprintf("p%d:%d:%s", p, s, topic)
				wasClosed := closed.Load()
				var n int
				if !w.Call(fmt.Sprintf("b.Publish(%q, %q)", topic, msg), func() { n = b.Publish(topic, msg) }) {
					return
				}
				if n < 0 || wasClosed && n != 0 {
					why := "it returned a negative count"
					if wasClosed {
						why = "b.Close() had returned before it was called, so it must reach nobody"
					}
					run.Fail(kit.Record{Kind: kit.WrongAnswer,
						Summary: fmt.Sprintf("%s returned %d: %s", w.Where(), n, why),
						Want:    []string{fmt.Sprintf("b.Publish(%q, %q) = 0", topic, msg)}, Got: []string{fmt.Sprintf("b.Publish(%q, %q) = %d", topic, msg, n)}})
					return
				}
				delivered.Add(int64(n))
				published.Add(1)
				if s%32 == 0 {
					runtime.Gosched()
				}
			}
		})
	}
	for c := 1; c <= cfg.churners; c++ {
		who := fmt.Sprintf("subscriber goroutine %d", c)
		run.Go(who, func(w *kit.Worker) {
			<-subscribed
			for range judgeRounds {
				wasClosed := closed.Load()
				r := subscribe(w, "a")
				if r == nil {
					return
				}
				runtime.Gosched() // let some messages arrive
				// Cancel twice at once: cancel must be safe to call again, even concurrently.
				var both sync.WaitGroup
				both.Add(1)
				run.Go(who+"'s helper", func(helper *kit.Worker) {
					defer both.Done()
					helper.Call("cancel()", r.cancel)
				})
				ok := w.Call("cancel()", r.cancel)
				both.Wait()
				if !ok {
					return
				}
				select {
				case <-r.done:
				case <-time.After(kit.RaceWait()):
					run.Fail(kit.Record{Kind: kit.WrongAnswer,
						Summary: fmt.Sprintf("%s: after cancel() returned, %s's channel was still open %s later: cancel must close the channel", w.Where(), r.name, kit.RaceWait())})
					return
				}
				if wasClosed && len(r.received) > 0 {
					run.Fail(kit.Record{Kind: kit.WrongAnswer,
						Summary: fmt.Sprintf("%s: a subscription made after b.Close() had returned received %q: Subscribe after Close returns a closed channel", how, r.received[0])})
					return
				}
			}
		})
	}

	p := run.Wait()
	if p != nil && p.Kind == kit.TimeLimitExceeded && closed.Load() {
		mu.Lock()
		var open []string
		for _, r := range readers {
			select {
			case <-r.done:
			default:
				open = append(open, fmt.Sprintf("%s (to %q)", r.name, r.topic))
			}
		}
		mu.Unlock()
		switch {
		case len(open) > 3:
			p = &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s: after b.Close() returned, %d channels were still open %s later, such as that of %s: Close must close every subscription's channel",
					how, len(open), kit.RaceWait(), open[0])}
		case len(open) > 0:
			p = &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s: after b.Close() returned, the channel of %s was still open %s later: Close must close every subscription's channel",
					how, kit.And(open), kit.RaceWait())}
		}
	}
	if p != nil {
		if p.Kind == kit.RuntimeError {
			switch {
			case strings.Contains(p.Summary, "panicked: send on closed channel"):
				p.Summary += ": Publish sent on the channel of a subscription that a concurrent cancel or Close had just closed. Closing and sending must not overlap: close channels only while holding the lock Publish sends under"
			case strings.Contains(p.Summary, "panicked: close of closed channel"):
				p.Summary += ": two calls both closed the same channel (cancel called twice at once, or cancel and Close). Mark a subscription ended, under the lock, before closing its channel, and close it only if it was not already"
			}
		}
		if p.Kind == kit.TimeLimitExceeded && strings.Contains(p.Summary, "[chan send]") {
			p.Summary += "\nPublish must never wait for a subscriber: send in a select with a default case"
		}
		return p
	}
	if p := judgeCheckReceived(how, readers, delivered.Load()); p != nil {
		return p
	}
	if leaked := leaks.Leaked(kit.LeakPatience); len(leaked) > 0 {
		return &kit.Record{Kind: kit.LeakDetected,
			Summary: fmt.Sprintf("%s: once every call had returned and every channel was closed, %s started by the broker %s still running:\n%s\n%s",
				how, kit.Plural(len(leaked), "goroutine"), map[bool]string{true: "is", false: "are"}[len(leaked) == 1], kit.DescribeGoroutines(leaked), judgeLeakAdvice)}
	}
	return nil
}

// judgeCheckReceived checks what every subscription received against what was published.
func judgeCheckReceived(how string, readers []*judgeReader, delivered int64) *kit.Record {
	total := int64(0)
	for _, r := range readers {
		last := map[int]int{} // publisher -> the last of its messages this subscription got
		for _, m := range r.received {
			total++
			parts := strings.Split(m, ":")
			p, _ := strconv.Atoi(strings.TrimPrefix(parts[0], "p"))
			s := 0
			if len(parts) == 3 {
				s, _ = strconv.Atoi(parts[1])
			}
			switch {
			case len(parts) != 3 || p < 1 || p > judgePublishers || s < 1 || s > judgeMsgsEach:
				return &kit.Record{Kind: kit.WrongAnswer,
					Summary: fmt.Sprintf("%s: %s received %q, which nobody published", how, r.name, m)}
			case parts[2] != r.topic:
				return &kit.Record{Kind: kit.WrongAnswer,
					Summary: fmt.Sprintf("%s: %s, subscribed to %q, received %q, published to %q", how, r.name, r.topic, m, parts[2])}
			case last[p] == s:
				return &kit.Record{Kind: kit.WrongAnswer,
					Summary: fmt.Sprintf("%s: %s received %q twice: each message is delivered to a subscription once", how, r.name, m)}
			case last[p] > s:
				return &kit.Record{Kind: kit.WrongAnswer,
					Summary: fmt.Sprintf("%s: %s received %q after \"p%d:%d:%s\", but publisher %d published them in the other order: a subscriber gets messages in the order they were published",
						how, r.name, m, p, last[p], r.topic, p)}
			}
			last[p] = s
		}
	}
	if total != delivered {
		why := "messages counted as delivered never reached a channel, or were lost from it"
		if total > delivered {
			why = "Publish returned fewer than the subscriptions it delivered to"
		}
		return &kit.Record{Kind: kit.WrongAnswer,
			Summary: fmt.Sprintf("%s: the Publish calls returned %d in all, but the subscriptions received %d messages before their channels closed: %s",
				how, delivered, total, why)}
	}
	return nil
}
