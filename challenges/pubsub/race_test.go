package pubsub

import (
	"fmt"
	"runtime"
	"sort"
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
	if !judgeRehearse(t) {
		return
	}
	for _, buffer := range []int{1, 16, 256} {
		// The race detector reports a pair of racing stacks once per process, so each test
		// starts its goroutines from a function of its own, whose frame makes its stacks new.
		spawn := func(f func()) { go func() { f() }() }
		if f := judgeStress(judgeStressConfig{buffer: buffer, steady: 4}, spawn); f != nil {
			f.fail(t)
			return
		}
	}
}

// TestConcurrentSubscribe has subscribers come and go while publishers publish: each
// subscription is cancelled twice, at once, from two goroutines, while messages are being sent
// to it. A Publish that sends on a channel a concurrent cancel has just closed panics; one that
// reads the subscriptions without the lock races. Every message delivered must still be
// received exactly once, before the channel is seen closed.
func TestConcurrentSubscribe(t *testing.T) {
	if !judgeRehearse(t) {
		return
	}
	for _, buffer := range []int{1, 16} {
		spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentPublish
		if f := judgeStress(judgeStressConfig{buffer: buffer, steady: 1, churners: 4}, spawn); f != nil {
			f.fail(t)
			return
		}
	}
}

// TestConcurrentClose closes the broker while publishers publish and subscribers come and go.
// Close must close every channel, including those of subscriptions made at the same moment;
// once it has returned, Publish must reach nobody and Subscribe must return closed channels; and
// when everything has returned, no goroutine the broker started may still be running.
func TestConcurrentClose(t *testing.T) {
	if !judgeRehearse(t) {
		return
	}
	for _, buffer := range []int{1, 16} {
		spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentPublish
		if f := judgeStress(judgeStressConfig{buffer: buffer, steady: 2, churners: 2, closeEarly: true}, spawn); f != nil {
			f.fail(t)
			return
		}
	}
}

// judgeRehearse checks first, one call at a time, what the concurrent tests rely on, so that a
// plain mistake gets a plain report, the same on every run, rather than a report of whatever
// the concurrent run happened to meet first.
func judgeRehearse(t *testing.T) bool {
	t.Helper()
	return judgeVerify(t, judgeProgram{buffer: 2, ops: judgeCalls(
		"sub 1 a", "sub 2 a", "sub 3 b",
		"pub a m1", "pub b m2", "pub a m3", "pub a m4",
		"recv 1", "recv 3", "recv 3",
		"cancel 1", "cancel 1", "pub a m5",
		"recv 1", "recv 1", "recv 1", "recv 2",
		"sub 4 b", "pub b m6", "close", "pub b m7", "close",
		"recv 4", "recv 4", "recv 2", "recv 2",
		"sub 5 a", "recv 5", "cancel 5", "cancel 2",
	)}, true, "with one goroutine, before the concurrent test: ")
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

// judgeFailure is what went wrong in a concurrent run, ready to report.
type judgeFailure struct {
	kind      string
	summary   string
	want, got string
}

func (f *judgeFailure) fail(t *testing.T) {
	t.Helper()
	r := kit.Record{Kind: f.kind, Summary: f.summary}
	if f.want != "" || f.got != "" {
		r.Want, r.Got = []string{f.want}, []string{f.got}
	}
	kit.Fail(t, r)
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
func judgeStress(cfg judgeStressConfig, spawn func(func())) *judgeFailure {
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
		return &judgeFailure{kind: kit.RuntimeError,
			summary: fmt.Sprintf("New(%d) panicked: %s%s", cfg.buffer, kit.PanicMessage(msg), kit.PanicSite(msg, New))}
	}

	var (
		mu        sync.Mutex
		first     *judgeFailure
		readers   []*judgeReader
		delivered atomic.Int64 // the sum of what Publish returned
		published atomic.Int64 // Publish calls made
		closed    atomic.Bool  // b.Close() has returned
		crew      kit.Crew
		calls     = map[string]*atomic.Pointer[string]{} // the call each goroutine is in
	)
	report := func(f *judgeFailure) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = f
		}
	}
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return first != nil
	}
	// call makes one call on behalf of the goroutine who, through kit.Catch.
	call := func(who, code string, f func()) bool {
		mu.Lock()
		in := calls[who]
		if in == nil {
			in = new(atomic.Pointer[string])
			calls[who] = in
		}
		mu.Unlock()
		in.Store(&code)
		defer in.Store(nil)
		if msg := kit.Catch(f); msg != "" {
			why := ""
			switch m := kit.PanicMessage(msg); {
			case strings.Contains(m, "send on closed channel"):
				why = ": Publish sent on the channel of a subscription that a concurrent cancel or Close had just closed. Closing and sending must not overlap: close channels only while holding the lock Publish sends under"
			case strings.Contains(m, "close of closed channel"):
				why = ": two calls both closed the same channel (cancel called twice at once, or cancel and Close). Mark a subscription ended, under the lock, before closing its channel, and close it only if it was not already"
			}
			report(&judgeFailure{kind: kit.RuntimeError,
				summary: fmt.Sprintf("%s: %s (%s) panicked: %s%s%s", how, code, who, kit.PanicMessage(msg), kit.PanicSite(msg, New), why),
				want:    code, got: code + " panicked: " + kit.PanicMessage(msg)})
			return false
		}
		return true
	}
	// subscribe makes a subscription and starts its reader, which receives until the channel
	// is closed.
	subscribe := func(who, topic string) *judgeReader {
		r := &judgeReader{topic: topic, done: make(chan struct{})}
		var cancel func()
		if !call(who, fmt.Sprintf("b.Subscribe(%q)", topic), func() { r.ch, cancel = b.Subscribe(topic) }) {
			return nil
		}
		mu.Lock()
		r.name = fmt.Sprintf("subscription %d", len(readers)+1)
		readers = append(readers, r)
		mu.Unlock()
		if r.ch == nil {
			report(&judgeFailure{kind: kit.WrongAnswer, summary: fmt.Sprintf("%s: b.Subscribe(%q) returned a nil channel", how, topic)})
			close(r.done)
			return nil
		}
		crew.Go(spawn, func() {
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

	for _, topic := range []string{"a", "b"} {
		for range cfg.steady {
			if subscribe("the test", topic) == nil {
				return judgeFinish(&mu, &first, nil)
			}
		}
	}
	start := make(chan struct{})
	// publishing only says when the broker may be closed; the crew keeps count of which
	// goroutines finished.
	var publishing sync.WaitGroup
	for p := 1; p <= judgePublishers; p++ {
		who := fmt.Sprintf("publisher %d", p)
		publishing.Add(1)
		crew.Go(spawn, func() {
			defer publishing.Done()
			<-start
			for s := 1; s <= judgeMsgsEach && !failed(); s++ {
				topic := "a"
				if (p+s)%2 == 0 {
					topic = "b"
				}
				msg := fmt.Sprintf("p%d:%d:%s", p, s, topic)
				wasClosed := closed.Load()
				var n int
				if !call(who, fmt.Sprintf("b.Publish(%q, %q)", topic, msg), func() { n = b.Publish(topic, msg) }) {
					return
				}
				if n < 0 || wasClosed && n != 0 {
					why := "it returned a negative count"
					if wasClosed {
						why = "b.Close() had returned before it was called, so it must reach nobody"
					}
					report(&judgeFailure{kind: kit.WrongAnswer,
						summary: fmt.Sprintf("%s: b.Publish(%q, %q) (%s) returned %d: %s", how, topic, msg, who, n, why),
						want:    fmt.Sprintf("b.Publish(%q, %q) = 0", topic, msg), got: fmt.Sprintf("b.Publish(%q, %q) = %d", topic, msg, n)})
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
		crew.Go(spawn, func() {
			<-start
			for range judgeRounds {
				if failed() {
					return
				}
				wasClosed := closed.Load()
				r := subscribe(who, "a")
				if r == nil {
					return
				}
				runtime.Gosched() // let some messages arrive
				// Cancel twice at once: cancel must be safe to call again, even concurrently.
				var both sync.WaitGroup
				both.Add(1)
				crew.Go(spawn, func() {
					defer both.Done()
					call(who+"'s helper", "cancel()", r.cancel)
				})
				ok := call(who, "cancel()", r.cancel)
				both.Wait()
				if !ok {
					return
				}
				select {
				case <-r.done:
				case <-time.After(kit.RaceWait()):
					report(&judgeFailure{kind: kit.WrongAnswer,
						summary: fmt.Sprintf("%s: after cancel() returned, %s's channel was still open %s later: cancel must close the channel", how, r.name, kit.RaceWait())})
					return
				}
				if wasClosed && len(r.received) > 0 {
					report(&judgeFailure{kind: kit.WrongAnswer,
						summary: fmt.Sprintf("%s: a subscription made after b.Close() had returned received %q: Subscribe after Close returns a closed channel", how, r.received[0])})
					return
				}
			}
		})
	}
	close(start)

	deadline := time.Now().Add(kit.RaceWait())
	waitFor := func(wg *sync.WaitGroup) bool {
		ch := make(chan struct{})
		go func() { wg.Wait(); close(ch) }()
		select {
		case <-ch:
			return true
		case <-time.After(time.Until(deadline)):
			return false
		}
	}
	closeBroker := func() bool {
		ok := call("the test", "b.Close()", b.Close)
		closed.Store(true)
		return ok
	}
	if cfg.closeEarly {
		// Close once about half the messages have been published.
		for published.Load() < int64(judgePublishers*judgeMsgsEach/2) && time.Now().Before(deadline) && !failed() {
			time.Sleep(100 * time.Microsecond)
		}
		if !closeBroker() {
			return judgeFinish(&mu, &first, nil)
		}
		if !waitFor(&publishing) {
			return judgeStuck(how, calls, &mu, &first)
		}
	} else {
		if !waitFor(&publishing) {
			return judgeStuck(how, calls, &mu, &first)
		}
		if !closeBroker() {
			return judgeFinish(&mu, &first, nil)
		}
	}
	if !crew.Wait(time.Until(deadline)) {
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
		if len(open) > 0 && len(open) <= 3 {
			return judgeFinish(&mu, &first, &judgeFailure{kind: kit.WrongAnswer,
				summary: fmt.Sprintf("%s: after b.Close() returned, the channel of %s was still open %s later: Close must close every subscription's channel",
					how, kit.And(open), kit.RaceWait())})
		}
		if len(open) > 3 {
			return judgeFinish(&mu, &first, &judgeFailure{kind: kit.WrongAnswer,
				summary: fmt.Sprintf("%s: after b.Close() returned, %d channels were still open %s later, such as that of %s: Close must close every subscription's channel",
					how, len(open), kit.RaceWait(), open[0])})
		}
		return judgeStuck(how, calls, &mu, &first)
	}
	// A goroutine that did not finish comes first: what the others found may follow from the
	// calls it never made.
	if p := crew.Unfinished(); p != "" {
		return &judgeFailure{kind: kit.Rejected, summary: how + ": " + p}
	}
	if f := judgeFinish(&mu, &first, nil); f != nil {
		return f
	}
	if f := judgeCheckReceived(how, readers, delivered.Load()); f != nil {
		return f
	}
	if leaked := leaks.Leaked(kit.LeakPatience); len(leaked) > 0 {
		return &judgeFailure{kind: kit.LeakDetected,
			summary: fmt.Sprintf("%s: once every call had returned and every channel was closed, %s started by the broker %s still running:\n%s\n%s",
				how, kit.Plural(len(leaked), "goroutine"), map[bool]string{true: "is", false: "are"}[len(leaked) == 1], kit.DescribeGoroutines(leaked), judgeLeakAdvice)}
	}
	return nil
}

func judgeFinish(mu *sync.Mutex, first **judgeFailure, f *judgeFailure) *judgeFailure {
	mu.Lock()
	defer mu.Unlock()
	if *first != nil {
		return *first
	}
	return f
}

// judgeStuck reports a run whose calls did not all return.
func judgeStuck(how string, calls map[string]*atomic.Pointer[string], mu *sync.Mutex, first **judgeFailure) *judgeFailure {
	if f := judgeFinish(mu, first, nil); f != nil {
		return f
	}
	kit.MarkHung()
	mu.Lock()
	defer mu.Unlock()
	var stuck []string
	for who, in := range calls {
		if c := in.Load(); c != nil {
			stuck = append(stuck, fmt.Sprintf("%s in %s", who, *c))
		}
	}
	sort.Strings(stuck)
	if len(stuck) > 3 {
		stuck = append(stuck[:3], "...")
	}
	where := ""
	if len(stuck) > 0 {
		where = " (" + strings.Join(stuck, "; ") + ")"
	}
	why := kit.WhyStuck()
	if strings.Contains(why, "[chan send]") {
		why += "\nPublish must never wait for a subscriber: send in a select with a default case"
	}
	return &judgeFailure{kind: kit.TimeLimitExceeded,
		summary: fmt.Sprintf("%s: calls were still running after %s%s: %s", how, kit.RacePatience, where, why)}
}

// judgeCheckReceived checks what every subscription received against what was published.
func judgeCheckReceived(how string, readers []*judgeReader, delivered int64) *judgeFailure {
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
				return &judgeFailure{kind: kit.WrongAnswer,
					summary: fmt.Sprintf("%s: %s received %q, which nobody published", how, r.name, m)}
			case parts[2] != r.topic:
				return &judgeFailure{kind: kit.WrongAnswer,
					summary: fmt.Sprintf("%s: %s, subscribed to %q, received %q, published to %q", how, r.name, r.topic, m, parts[2])}
			case last[p] == s:
				return &judgeFailure{kind: kit.WrongAnswer,
					summary: fmt.Sprintf("%s: %s received %q twice: each message is delivered to a subscription once", how, r.name, m)}
			case last[p] > s:
				return &judgeFailure{kind: kit.WrongAnswer,
					summary: fmt.Sprintf("%s: %s received %q after \"p%d:%d:%s\", but publisher %d published them in the other order: a subscriber gets messages in the order they were published",
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
		return &judgeFailure{kind: kit.WrongAnswer,
			summary: fmt.Sprintf("%s: the Publish calls returned %d in all, but the subscriptions received %d messages before their channels closed: %s",
				how, delivered, total, why)}
	}
	return nil
}
