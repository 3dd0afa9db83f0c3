package pubsub

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// judgeOp is one call on the broker, or one receive from a subscription's channel:
// s1, cancel1 := b.Subscribe(topic); b.Publish(topic, msg); recv(s1); cancel1(); b.Close(); or
// a pause, time.Sleep(judgeWaitTime), after which nothing must have changed.
// A subscription is named by a stable id, so that shrinking can drop calls without renaming
// the rest; transcripts number subscriptions s1, s2 ... in the order they were made.
type judgeOp struct {
	kind  judgeKind
	id    int // the subscription, for Subscribe, recv and cancel
	topic string
	msg   string
}

type judgeKind int

const (
	judgeSubscribeOp judgeKind = iota
	judgePublishOp
	judgeRecvOp
	judgeCancelOp
	judgeCloseOp
	judgeWaitOp
)

// judgeWaitTime is how long a pause lasts: long enough for a goroutine that a call started to
// have run, so that a message delivered late, or a channel closed late, shows. A correct broker
// does nothing between calls, so the pause can only fail a wrong one, however slow the machine.
const judgeWaitTime = 20 * time.Millisecond

func judgeSubscribe(id int, topic string) judgeOp {
	return judgeOp{kind: judgeSubscribeOp, id: id, topic: topic}
}
func judgePublish(topic, msg string) judgeOp {
	return judgeOp{kind: judgePublishOp, topic: topic, msg: msg}
}
func judgeRecv(id int) judgeOp   { return judgeOp{kind: judgeRecvOp, id: id} }
func judgeCancel(id int) judgeOp { return judgeOp{kind: judgeCancelOp, id: id} }
func judgeClose() judgeOp        { return judgeOp{kind: judgeCloseOp} }
func judgeWait() judgeOp         { return judgeOp{kind: judgeWaitOp} }

// judgeProgram is the whole life of one broker: its buffer and the calls made in turn. Calls
// are numbered as the transcript's lines run: call 1 is New, and ops[i] is call i+2.
type judgeProgram struct {
	buffer int
	ops    []judgeOp
	// anyCount accepts whatever count Publish returns, for checks that are about something
	// else.
	anyCount bool
}

func (p judgeProgram) setup() string { return fmt.Sprintf("b := New(%d)", p.buffer) }

// cut is p up to its first n calls.
func (p judgeProgram) cut(n int) judgeProgram { return judgeProgram{p.buffer, p.ops[:n], p.anyCount} }

// names numbers the subscriptions in the order they are made: id -> 1, 2, 3 ...
func (p judgeProgram) names() map[int]int {
	n := map[int]int{}
	for _, op := range p.ops {
		if op.kind == judgeSubscribeOp {
			n[op.id] = len(n) + 1
		}
	}
	return n
}

// call is the op as Go source, with its subscription named as names says.
func (o judgeOp) call(names map[int]int) string {
	n := names[o.id]
	switch o.kind {
	case judgeSubscribeOp:
		return fmt.Sprintf("s%d, cancel%d := b.Subscribe(%q)", n, n, o.topic)
	case judgePublishOp:
		return fmt.Sprintf("b.Publish(%q, %q)", o.topic, o.msg)
	case judgeRecvOp:
		return fmt.Sprintf("recv(s%d)", n)
	case judgeCancelOp:
		return fmt.Sprintf("cancel%d()", n)
	case judgeWaitOp:
		return "time.Sleep(20 * time.Millisecond)"
	}
	return "b.Close()"
}

// What recv returns besides a message: nothing waiting, or the channel closed. No test
// publishes these strings.
const (
	judgeEmpty  = "(empty)"
	judgeClosed = "(closed)"
)

// judgeReceive takes a message from ch if one is waiting, without waiting: as the repro tests'
// recv helper does.
func judgeReceive(ch <-chan string) string {
	select {
	case m, ok := <-ch:
		if !ok {
			return judgeClosed
		}
		return m
	default:
		return judgeEmpty
	}
}

// judgeSubject is the learner's broker with the channels and cancel functions its Subscribes
// returned.
type judgeSubject struct {
	b       *Broker
	chans   map[int]<-chan string
	cancels map[int]func()
}

// do makes the op on the learner's broker and returns its result as Go source, "" for none.
func (o judgeOp) do(s *judgeSubject) string {
	switch o.kind {
	case judgeSubscribeOp:
		ch, cancel := s.b.Subscribe(o.topic)
		s.chans[o.id], s.cancels[o.id] = ch, cancel
		return ""
	case judgePublishOp:
		return fmt.Sprint(s.b.Publish(o.topic, o.msg))
	case judgeRecvOp:
		return strconv.Quote(judgeReceive(s.chans[o.id]))
	case judgeCancelOp:
		if c := s.cancels[o.id]; c != nil {
			c()
		} else {
			panic("Subscribe returned a nil cancel function")
		}
		return ""
	case judgeWaitOp:
		time.Sleep(judgeWaitTime)
		return ""
	}
	s.b.Close()
	return ""
}

// judgeSub is the model of one subscription.
type judgeSub struct {
	id     int
	topic  string
	buf    []string // delivered, not yet received
	closed bool
	// why says when and how the subscription ended, for explanations: "cancel2() at call 6".
	why string
	// missed are the messages published to its topic while its buffer was full.
	missed []string
}

// judgeModel is the obviously correct broker the solution is compared with.
type judgeModel struct {
	buffer   int
	subs     []*judgeSub
	closed   bool
	closedAt string // "b.Close() at call 7"
}

func (m *judgeModel) sub(id int) *judgeSub {
	for _, s := range m.subs {
		if s.id == id {
			return s
		}
	}
	return nil
}

// apply makes op on the model and returns what the solution must return ("" for nothing);
// at names the call, for the model's explanations.
func (m *judgeModel) apply(op judgeOp, at string) string {
	switch op.kind {
	case judgeSubscribeOp:
		s := &judgeSub{id: op.id, topic: op.topic}
		if m.closed {
			s.closed, s.why = true, m.closedAt+", before it was made"
		}
		m.subs = append(m.subs, s)
		return ""
	case judgePublishOp:
		n := 0
		if m.closed {
			return "0"
		}
		for _, s := range m.subs {
			switch {
			case s.closed || s.topic != op.topic:
			case len(s.buf) < m.buffer:
				s.buf = append(s.buf, op.msg)
				n++
			default:
				s.missed = append(s.missed, op.msg)
			}
		}
		return fmt.Sprint(n)
	case judgeRecvOp:
		s := m.sub(op.id)
		switch {
		case len(s.buf) > 0:
			msg := s.buf[0]
			s.buf = s.buf[1:]
			return strconv.Quote(msg)
		case s.closed:
			return strconv.Quote(judgeClosed)
		}
		return strconv.Quote(judgeEmpty)
	case judgeCancelOp:
		if s := m.sub(op.id); !s.closed {
			s.closed, s.why = true, at
		}
		return ""
	case judgeWaitOp:
		return ""
	}
	if !m.closed {
		m.closed, m.closedAt = true, at
		for _, s := range m.subs {
			if !s.closed {
				s.closed, s.why = true, at
			}
		}
	}
	return ""
}

// judgeNormalise drops the calls on subscriptions that no earlier Subscribe made: what is left
// when shrinking removes a Subscribe.
func judgeNormalise(ops []judgeOp) []judgeOp {
	made := map[int]bool{}
	out := make([]judgeOp, 0, len(ops))
	for _, op := range ops {
		switch op.kind {
		case judgeSubscribeOp:
			made[op.id] = true
		case judgeRecvOp, judgeCancelOp:
			if !made[op.id] {
				continue
			}
		}
		out = append(out, op)
	}
	return out
}

type judgeScenario = kit.Scenario[*judgeSubject, *judgeModel]

// scenario turns the program into a kit scenario, which runs it under a watchdog with every
// call caught, shrinks it in the program's terms (judgeSimpler) and reports a failure in the
// broker's words (judgeExplain, judgeRepro).
func (p judgeProgram) scenario() judgeScenario {
	names := p.names()
	sc := judgeScenario{
		Setup: p.setup(),
		New: func() *judgeSubject {
			return &judgeSubject{b: New(p.buffer), chans: map[int]<-chan string{}, cancels: map[int]func(){}}
		},
		Model:        func() *judgeModel { return &judgeModel{buffer: p.buffer} },
		Simpler:      kit.SimplerFrom(p.cut, judgeSimpler, judgeProgram.scenario),
		Explain:      func(o kit.Outcome) string { return judgeExplain(p, o) },
		WriteRepro:   func(o kit.Outcome) string { return judgeRepro(p, o) },
		ShowExpected: true,
	}
	for i, op := range p.ops {
		op := op
		at := fmt.Sprintf("%s at call %d", op.call(names), i+2)
		step := kit.Step[*judgeSubject, *judgeModel]{
			Code: op.call(names),
			Do:   op.do,
			Want: func(m *judgeModel) string { return m.apply(op, at) },
		}
		if p.anyCount && op.kind == judgePublishOp {
			// Any count is right: the transcript shows the one returned, or the model's for a
			// call that returned none.
			step.Check = func(m *judgeModel, got string) (string, bool) {
				if want := m.apply(op, at); got == "" {
					return want, true
				}
				return got, true
			}
		}
		sc.Steps = append(sc.Steps, step)
	}
	return sc
}

// judgeSimpler lists simpler programs, simplest first: fewer calls, a smaller buffer, then
// topics renamed "a", "b" ... and messages "m1", "m2" ... in the order they first appear.
func judgeSimpler(p judgeProgram) []judgeProgram {
	var out []judgeProgram
	for _, ops := range kit.Removals(p.ops) {
		ops = judgeNormalise(ops)
		if len(ops) < len(p.ops) {
			out = append(out, judgeProgram{p.buffer, ops, p.anyCount})
		}
	}
	for b := 1; b < p.buffer; b++ {
		out = append(out, judgeProgram{b, p.ops, p.anyCount})
	}
	if r := judgeRelabel(p.ops); !slices.Equal(r, p.ops) {
		out = append(out, judgeProgram{p.buffer, r, p.anyCount})
	}
	return out
}

// judgeRelabel renames topics "a", "b" ... and messages "m1", "m2" ... in order of first use.
func judgeRelabel(ops []judgeOp) []judgeOp {
	topics, msgs := map[string]string{}, map[string]string{}
	out := make([]judgeOp, len(ops))
	for i, op := range ops {
		if op.kind == judgeSubscribeOp || op.kind == judgePublishOp {
			t, ok := topics[op.topic]
			if !ok {
				t = string(rune('a' + len(topics)))
				topics[op.topic] = t
			}
			op.topic = t
		}
		if op.kind == judgePublishOp {
			m, ok := msgs[op.msg]
			if !ok {
				m = fmt.Sprintf("m%d", len(msgs)+1)
				msgs[op.msg] = m
			}
			op.msg = m
		}
		out[i] = op
	}
	return out
}

// judgeExplain says which call went wrong, what it should have done and why, from the model's
// state before the call.
func judgeExplain(p judgeProgram, o kit.Outcome) string {
	if o.At < 0 || o.Kind == kit.Rejected {
		return "" // New, and a call that ends its goroutine, are the kit's to explain
	}
	names := p.names()
	m := &judgeModel{buffer: p.buffer}
	for i, op := range p.ops[:o.At] {
		m.apply(op, fmt.Sprintf("%s at call %d", op.call(names), i+2))
	}
	op := p.ops[o.At]
	code := op.call(names)
	head := fmt.Sprintf("call %d: %s", o.At+2, code)
	if op.kind == judgeSubscribeOp {
		head = fmt.Sprintf("call %d: b.Subscribe(%q)", o.At+2, op.topic)
	}
	name := func(s *judgeSub) string { return fmt.Sprintf("s%d", names[s.id]) }
	switch o.Kind {
	case kit.RuntimeError:
		why := ""
		msg := kit.PanicMessage(o.Note)
		switch s := m.sub(op.id); {
		case op.kind == judgeCancelOp && s.closed:
			why = fmt.Sprintf(" (%s's subscription already ended with %s: cancel must do nothing when called again)", name(s), s.why)
		case op.kind == judgeCloseOp && m.closed:
			why = fmt.Sprintf(" (the broker was already closed by %s: Close must do nothing when called again)", m.closedAt)
		case op.kind == judgeCloseOp && strings.Contains(msg, "close of closed channel"):
			var ended []string
			for _, s := range m.subs {
				if s.closed {
					ended = append(ended, fmt.Sprintf("%s's by %s", name(s), s.why))
				}
			}
			why = fmt.Sprintf(" (some channels were already closed, %s: Close must close only those still open)", strings.Join(ended, ", "))
		case op.kind == judgePublishOp && strings.Contains(msg, "send on closed channel"):
			why = " (a subscription that has ended is closed: Publish must skip it, never send on its channel)"
		}
		return head + " panicked: " + msg + kit.PanicSite(o.Note, New) + why
	case kit.TimeLimitExceeded:
		head += fmt.Sprintf(" did not return within %s", o.Waited)
		if op.kind == judgePublishOp {
			var full []string
			for _, s := range m.subs {
				if !s.closed && s.topic == op.topic && len(s.buf) == p.buffer {
					full = append(full, name(s))
				}
			}
			if len(full) > 0 {
				return head + fmt.Sprintf(" (%s full: Publish must never wait for a subscriber; one whose buffer is full misses the message. Send in a select with a default case)", judgeBuffersOf(full, "was", "were"))
			}
		}
		return head + ": " + kit.WhyStuck()
	}
	want := strings.TrimPrefix(o.Want[len(o.Want)-1], code+" = ")
	got := strings.TrimPrefix(o.Got[len(o.Got)-1], code+" = ")
	s := fmt.Sprintf("%s returned %s, want %s", head, got, want)
	switch op.kind {
	case judgePublishOp:
		return s + " (" + judgeWhoGets(m, op, name) + ")"
	case judgeRecvOp:
		sub := m.sub(op.id)
		gotMsg, _ := strconv.Unquote(got)
		return s + " (" + judgeWhyRecv(m, sub, name(sub), gotMsg, p.ops[:o.At], names) + ")"
	}
	return s
}

// judgeWhoGets says which subscriptions a Publish reaches, and why the others miss it.
func judgeWhoGets(m *judgeModel, op judgeOp, name func(*judgeSub) string) string {
	if m.closed {
		return fmt.Sprintf("the broker was closed by %s: Publish reaches nobody", m.closedAt)
	}
	var room, full, ended, other []string
	for _, s := range m.subs {
		switch {
		case s.topic != op.topic:
			other = append(other, name(s))
		case s.closed:
			ended = append(ended, fmt.Sprintf("%s ended with %s", name(s), s.why))
		case len(s.buf) == m.buffer:
			full = append(full, name(s))
		default:
			room = append(room, name(s))
		}
	}
	var parts []string
	switch len(room) {
	case 0:
		parts = append(parts, fmt.Sprintf("no subscription of %q has room for it", op.topic))
	case 1:
		parts = append(parts, fmt.Sprintf("only %s is subscribed to %q with room in its buffer", room[0], op.topic))
	default:
		parts = append(parts, fmt.Sprintf("%s are subscribed to %q with room in their buffers", kit.And(room), op.topic))
	}
	if len(full) > 0 {
		parts = append(parts, fmt.Sprintf("%s full (%s not yet received), so %s the message", judgeBuffersOf(full, "is", "are"), kit.Plural(m.buffer, "message"), map[bool]string{true: "it misses", false: "they miss"}[len(full) == 1]))
	}
	if len(ended) > 0 {
		parts = append(parts, strings.Join(ended, ", ")+", so it receives nothing more")
	}
	if len(other) > 0 && len(room)+len(full)+len(ended) == 0 {
		parts = append(parts, fmt.Sprintf("%s subscribed to other topics", kit.And(other)))
	}
	return strings.Join(parts, "; ")
}

// judgeWhyRecv explains what a receive from sub should have given.
func judgeWhyRecv(m *judgeModel, sub *judgeSub, name, got string, before []judgeOp, names map[int]int) string {
	switch {
	case len(sub.buf) > 0 && got == judgeClosed:
		return fmt.Sprintf("%s's channel still held %d message(s), oldest first %q: a closed channel keeps the messages in its buffer until they are received", name, len(sub.buf), sub.buf[0])
	case len(sub.buf) > 0 && got == judgeEmpty:
		return fmt.Sprintf("%q was published to %q while %s had room, so it must be in the channel by the time Publish returns", sub.buf[0], sub.topic, name)
	case len(sub.buf) > 0 && slices.Contains(sub.missed, got):
		return fmt.Sprintf("%s's buffer was full when %q was published, so it missed it; the oldest message waiting is %q", name, got, sub.buf[0])
	case len(sub.buf) > 0 && slices.Contains(sub.buf, got):
		return fmt.Sprintf("%s's channel held %s, oldest first: messages come out in the order they were published", name, judgeQuoted(sub.buf))
	case len(sub.buf) > 0:
		return fmt.Sprintf("%s's channel held %s, oldest first", name, judgeQuoted(sub.buf))
	case sub.closed && got == judgeEmpty:
		return fmt.Sprintf("%s's subscription ended with %s, so its channel must be closed", name, sub.why)
	case got == judgeClosed:
		return fmt.Sprintf("%s is still subscribed: its channel must stay open until cancel%d() or b.Close()", name, names[sub.id])
	}
	// A message arrived that should not have.
	for _, op := range before {
		if op.kind == judgePublishOp && op.msg == got {
			switch {
			case op.topic != sub.topic:
				return fmt.Sprintf("%s is subscribed to %q, and %q was published to %q", name, sub.topic, got, op.topic)
			case slices.Contains(sub.missed, got):
				return fmt.Sprintf("%s's buffer was full when %q was published, so it missed it for good: a message a subscriber missed must not reach it later", name, got)
			}
		}
	}
	if sub.closed {
		return fmt.Sprintf("%s's subscription ended with %s, and every message delivered before that has been received", name, sub.why)
	}
	return fmt.Sprintf("%s has received every message delivered to it", name)
}

// judgeBuffersOf is "the buffer of s1 is" or "the buffers of s1 and s2 are", with the verb
// given for one and for several.
func judgeBuffersOf(subs []string, one, several string) string {
	if len(subs) == 1 {
		return fmt.Sprintf("the buffer of %s %s", subs[0], one)
	}
	return fmt.Sprintf("the buffers of %s %s", kit.And(subs), several)
}

func judgeQuoted(msgs []string) string {
	q := make([]string, len(msgs))
	for i, m := range msgs {
		q[i] = strconv.Quote(m)
	}
	return kit.And(q)
}

// judgeRecvHelper is the helper the repro tests receive with, as judgeReceive does.
const judgeRecvHelper = `	// recv takes a message from ch if one is waiting, without waiting.
	recv := func(ch <-chan string) string {
		select {
		case m, ok := <-ch:
			if !ok {
				return "(closed)"
			}
			return m
		default:
			return "(empty)"
		}
	}
`

// judgeRepro writes a test the learner can paste beside their solution: the same calls, each
// result checked, up to the one that went wrong.
func judgeRepro(p judgeProgram, o kit.Outcome) string {
	if o.At < 0 {
		return "" // the kit's test, which makes the broker and nothing else, serves
	}
	var b strings.Builder
	b.WriteString("func TestRepro(t *testing.T) {\n")
	ops := p.ops[:o.At+1]
	names := p.names()
	usesCh, usesCancel := map[int]bool{}, map[int]bool{}
	for _, op := range ops {
		switch op.kind {
		case judgeRecvOp:
			usesCh[op.id] = true
		case judgeCancelOp:
			usesCancel[op.id] = true
		}
	}
	if len(usesCh) > 0 {
		b.WriteString(judgeRecvHelper)
	}
	fmt.Fprintf(&b, "\t%s\n", p.setup())
	m := &judgeModel{buffer: p.buffer}
	for i, op := range ops {
		want := m.apply(op, "")
		code := op.call(names)
		if op.kind == judgeSubscribeOp {
			n := names[op.id]
			ch, cancel := fmt.Sprintf("s%d", n), fmt.Sprintf("cancel%d", n)
			if !usesCh[op.id] {
				ch = "_"
			}
			if !usesCancel[op.id] {
				cancel = "_"
			}
			code = fmt.Sprintf("%s, %s := b.Subscribe(%q)", ch, cancel, op.topic)
			if ch == "_" && cancel == "_" {
				code = fmt.Sprintf("b.Subscribe(%q)", op.topic)
			}
		}
		switch {
		case i == o.At && o.Kind != kit.WrongAnswer:
			fmt.Fprintf(&b, "\t%s%s\n", code, kit.ReproComment(o))
		case want == "" || p.anyCount && op.kind == judgePublishOp:
			fmt.Fprintf(&b, "\t%s\n", code)
		case op.kind == judgePublishOp:
			fmt.Fprintf(&b, "\tif n := %s; n != %s {\n\t\tt.Fatalf(%s, n)\n\t}\n", code, want, judgeFormat(code+" = %d, want "+want))
		default:
			fmt.Fprintf(&b, "\tif got := %s; got != %s {\n\t\tt.Fatalf(%s, got, %s)\n\t}\n", code, want, judgeFormat(code+" = %q, want %q"), want)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// judgeFormat writes a Fatalf format as a Go string literal: a raw one when the text has quotes,
// so that b.Publish("a", "m1") reads as it is. Its verbs (%d, %q) are kept.
func judgeFormat(format string) string {
	if strings.Contains(format, `"`) && !strings.ContainsAny(format, "`\n") {
		return "`" + format + "`"
	}
	return strconv.Quote(format)
}

// judgeLeakAdvice follows the report of a leak.
const judgeLeakAdvice = "A broker must not leave goroutines behind: when a subscription ends, or the broker is closed, every goroutine started for it must return. Better still, start none: Publish can send to each channel itself, in a select with a default case."

// judgeLines is the transcript of p when every call does what the model does.
func judgeLines(p judgeProgram) []string {
	names := p.names()
	m := &judgeModel{buffer: p.buffer}
	lines := []string{p.setup()}
	for _, op := range p.ops {
		line := op.call(names)
		if want := m.apply(op, ""); want != "" {
			line += " = " + want
		}
		lines = append(lines, line)
	}
	return lines
}
