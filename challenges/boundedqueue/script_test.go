package boundedqueue

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// A judgeScript is a hand-written story of calls on one queue, some of them made on
// goroutines of their own so that they can wait: a Take on an empty queue released by a Put,
// a Put on a full queue whose context is cancelled. Each line of the story is checked as it
// happens, and a failure is reported with the story up to the line that went wrong and a test
// to paste.
//
// Waiting is checked one-sidedly: a call that should wait is given judgeSettle to return
// wrongly, and one that should return is given kit.Patience. A correct queue can fail
// neither however slow the machine; a queue that does not wait, or never wakes, fails every
// time.
type judgeScript struct {
	capacity int
	// ctxs are the contexts ctx1, ctx2 ...: each has a timeout, or 0 for one that only
	// cancelN() cancels.
	ctxs []time.Duration
	acts []judgeAct
}

type judgeActKind int

const (
	judgeCallAct    judgeActKind = iota // the call, made here, returns want
	judgeGoAct                          // the call starts on a goroutine of its own
	judgeWaitingAct                     // the call started by go has not returned
	judgeCancelAct                      // cancelN() is called
	judgeAwaitAct                       // the call started by go returns want
)

type judgeAct struct {
	kind judgeActKind
	op   judgeOp
	n    int    // for judgeCancelAct: the N of cancelN
	want string // for judgeCallAct and judgeAwaitAct
	why  string // the rule behind want, for the summary of a failure
}

func judgeDo(op judgeOp, want, why string) judgeAct {
	return judgeAct{kind: judgeCallAct, op: op, want: want, why: why}
}
func judgeGo(op judgeOp) judgeAct { return judgeAct{kind: judgeGoAct, op: op} }
func judgeWaiting(op judgeOp, why string) judgeAct {
	return judgeAct{kind: judgeWaitingAct, op: op, why: why}
}
func judgeCancel(n int) judgeAct { return judgeAct{kind: judgeCancelAct, n: n} }
func judgeAwait(op judgeOp, want, why string) judgeAct {
	return judgeAct{kind: judgeAwaitAct, op: op, want: want, why: why}
}

// line is the act as a line of the transcript, when it goes as it should.
func (a judgeAct) line() string {
	switch a.kind {
	case judgeCallAct:
		return a.op.call() + " = " + a.want
	case judgeGoAct:
		return "go " + a.op.call()
	case judgeWaitingAct:
		return a.op.call() + " is still waiting"
	case judgeCancelAct:
		return fmt.Sprintf("cancel%d()", a.n)
	}
	return a.op.call() + " returned " + a.want
}

const (
	// judgeSettle is how long a call that should wait is watched for returning wrongly.
	judgeSettle = 50 * time.Millisecond
	// judgeLeakAdvice follows the report of a leak.
	judgeLeakAdvice = "A call must not leave goroutines behind: nothing will ever stop them, and a goroutine blocked on the queue's channel adds or takes an item later, after its call has returned. Wait with a select on ctx.Done() in the calling goroutine itself, and if you start a goroutine to watch ctx, stop it when the call returns (context.AfterFunc returns a stop function)."
)

// judgeResult is what a call returned, as Go source, or the panic it raised, and the
// goroutines it started that were still running once it had returned.
type judgeResult struct {
	text     string
	panicked string
	leaked   []kit.Goroutine
}

// judgeFailure is what went wrong in a script or a concurrent run, ready to report.
type judgeFailure struct {
	kind      string
	summary   string
	want, got []string
	repro     string
}

func (f *judgeFailure) fail(t *testing.T, context string) {
	t.Helper()
	kit.Fail(t, kit.Record{Kind: f.kind, Summary: context + f.summary, Want: f.want, Got: f.got, Repro: f.repro})
}

// judgeStart makes f's call on a goroutine of its own and delivers its result; with checkLeaks,
// once the goroutines the call started have exited or kit.LeakPatience has passed.
func judgeStart(f func() string, checkLeaks bool) <-chan judgeResult {
	ch := make(chan judgeResult, 1)
	go func() {
		check := kit.StartLeakCheck()
		var r judgeResult
		r.panicked = kit.Catch(func() { r.text = f() })
		if r.panicked == "" && checkLeaks {
			r.leaked = check.Leaked(kit.LeakPatience)
		}
		ch <- r
	}()
	return ch
}

// run plays the script on a new queue and returns the first thing that went wrong, or nil.
func (s judgeScript) run() *judgeFailure {
	ctxs := map[string]context.Context{"ctx": judgeCtx, "cancelled": judgeCancelled, "expired": judgeExpired}
	cancels := map[int]context.CancelFunc{}
	// ctxN is made when a call first uses it, so that its deadline counts from then.
	ctxFor := func(name string) context.Context {
		if c, ok := ctxs[name]; ok || name == "" {
			return c // name is "" for Len, which takes no context
		}
		var n int
		fmt.Sscanf(name, "ctx%d", &n)
		c, cancel := context.WithCancel(judgeCtx)
		if d := s.ctxs[n-1]; d > 0 {
			c, cancel = context.WithTimeout(judgeCtx, d)
		}
		ctxs[name], cancels[n] = c, cancel
		return c
	}
	defer func() {
		for _, cancel := range cancels {
			cancel()
		}
	}()
	setup := fmt.Sprintf("q := New(%d)", s.capacity)
	want, got := []string{setup}, []string{setup}
	fail := func(at int, kind, gotLine, summary string) *judgeFailure {
		return &judgeFailure{kind: kind, summary: fmt.Sprintf("step %d: %s", at+2, summary),
			want: want, got: append(got[:len(got)-1], gotLine), repro: s.repro(at, kind)}
	}

	var q *Queue
	// New may start a goroutine that serves the queue for its whole life: it is not checked.
	created := judgeStart(func() string { q = New(s.capacity); return "" }, false)
	select {
	case r := <-created:
		if r.panicked != "" {
			return &judgeFailure{kind: kit.RuntimeError,
				summary: fmt.Sprintf("step 1: New(%d) panicked: %s%s", s.capacity, kit.PanicMessage(r.panicked), kit.PanicSite(r.panicked, New)),
				want:    want, got: []string{setup + " panicked: " + kit.PanicMessage(r.panicked)}, repro: s.repro(-1, kit.RuntimeError)}
		}
	case <-time.After(kit.Wait()):
		kit.MarkHung()
		return &judgeFailure{kind: kit.TimeLimitExceeded, summary: fmt.Sprintf("step 1: New(%d) never returned", s.capacity),
			want: want, got: []string{setup + " never returned"}, repro: s.repro(-1, kit.TimeLimitExceeded)}
	}

	started := map[string]<-chan judgeResult{}
	for i, a := range s.acts {
		want = append(want, a.line())
		got = append(got, a.line())
		code := a.op.call()
		var ctx context.Context
		if a.kind == judgeCallAct || a.kind == judgeGoAct {
			ctx = ctxFor(a.op.ctx)
		}
		call := func() string { return a.op.do(q, ctx) }
		switch a.kind {
		case judgeGoAct:
			started[code] = judgeStart(call, true)
		case judgeCancelAct:
			ctxFor(fmt.Sprintf("ctx%d", a.n))
			cancels[a.n]()
		case judgeWaitingAct:
			select {
			case r := <-started[code]:
				if r.panicked != "" {
					return fail(i, kit.RuntimeError, code+" panicked: "+kit.PanicMessage(r.panicked),
						code+" panicked: "+kit.PanicMessage(r.panicked)+kit.PanicSite(r.panicked, New))
				}
				return fail(i, kit.WrongAnswer, code+" returned "+r.text,
					fmt.Sprintf("%s returned %s, but it should still be waiting: %s", code, r.text, a.why))
			case <-time.After(judgeSettle):
			}
		case judgeCallAct, judgeAwaitAct:
			res := started[code]
			wait := kit.Wait() + kit.LeakPatience // a call that leaks is reported after that
			if a.kind == judgeCallAct {
				res = judgeStart(call, true)
			} else if n := strings.TrimPrefix(a.op.ctx, "ctx"); n != a.op.ctx {
				var k int
				fmt.Sscan(n, &k)
				wait += s.ctxs[k-1] // a call with a timeout may wait that long first
			}
			select {
			case r := <-res:
				switch {
				case r.panicked != "":
					return fail(i, kit.RuntimeError, code+" panicked: "+kit.PanicMessage(r.panicked),
						code+" panicked: "+kit.PanicMessage(r.panicked)+kit.PanicSite(r.panicked, New))
				case !judgeSame(a.want, r.text):
					g := code + " = " + r.text
					if a.kind == judgeAwaitAct {
						g = code + " returned " + r.text
					}
					return fail(i, kit.WrongAnswer, g, fmt.Sprintf("%s returned %s, want %s: %s", code, r.text, a.want, a.why))
				case len(r.leaked) > 0:
					g := fmt.Sprintf("%s returned %s, leaving %s running", code, r.text, kit.Plural(len(r.leaked), "goroutine"))
					return fail(i, kit.LeakDetected, g, kit.DescribeLeaks(code, r.leaked)+"\n"+judgeLeakAdvice)
				}
			case <-time.After(wait):
				within := (wait - kit.LeakPatience).String()
				if wait != kit.Wait()+kit.LeakPatience {
					within = fmt.Sprintf("%s of %s's deadline", kit.Wait(), a.op.ctx)
				}
				kit.MarkHung()
				return fail(i, kit.TimeLimitExceeded, code+" never returned",
					fmt.Sprintf("%s did not return within %s: %s", code, within, a.why))
			}
		}
	}
	return nil
}

// repro writes the script up to act at as a test the learner can paste.
func (s judgeScript) repro(at int, kind string) string {
	var b strings.Builder
	b.WriteString("func TestRepro(t *testing.T) {\n")
	uses := map[string]bool{}
	if at >= 0 {
		for _, a := range s.acts[:at+1] {
			if a.kind != judgeCancelAct && a.op.kind != judgeLenOp {
				uses[a.op.ctx] = true
			}
		}
	}
	for i := range s.ctxs {
		if uses[fmt.Sprintf("ctx%d", i+1)] {
			uses["ctx"] = true // the parent of ctxN
		}
	}
	b.WriteString(judgePreamble(uses))
	declare := func(name string) { // ctxN, where a call first uses it
		var n int
		if _, err := fmt.Sscanf(name, "ctx%d", &n); err != nil || !uses[name] {
			return
		}
		uses[name] = false
		if d := s.ctxs[n-1]; d > 0 {
			fmt.Fprintf(&b, "\tctx%[1]d, cancel%[1]d := context.WithTimeout(ctx, %[2]d*time.Millisecond)\n", n, d.Milliseconds())
		} else {
			fmt.Fprintf(&b, "\tctx%[1]d, cancel%[1]d := context.WithCancel(ctx)\n", n)
		}
		fmt.Fprintf(&b, "\tdefer cancel%d()\n", n)
	}
	if at < 0 {
		fmt.Fprintf(&b, "\t_ = New(%d)%s\n}\n", s.capacity, kit.ReproComment(kit.Outcome{Kind: kind}))
		return b.String()
	}
	fmt.Fprintf(&b, "\tq := New(%d)\n", s.capacity)
	if kind == kit.LeakDetected {
		b.WriteString("\tbefore := runtime.NumGoroutine() // import \"runtime\"\n")
	}
	declared := false
	pending := 0 // calls started with go whose result has not been received
	for i, a := range s.acts[:at+1] {
		code := a.op.call()
		esc := strings.ReplaceAll(code, `"`, `\"`)
		ch := judgeChanName(a.op)
		if a.kind == judgeCallAct || a.kind == judgeGoAct {
			declare(a.op.ctx)
		}
		switch a.kind {
		case judgeCallAct:
			if i == at && kind != kit.WrongAnswer && kind != kit.LeakDetected {
				fmt.Fprintf(&b, "\t%s%s\n", code, kit.ReproComment(kit.Outcome{Kind: kind}))
			} else {
				b.WriteString(judgeCheckCode(code, a.want))
			}
		case judgeGoAct:
			pending++
			if !declared {
				b.WriteString("\ttype result struct {\n\t\tv   int\n\t\terr error\n\t}\n")
				declared = true
			}
			fmt.Fprintf(&b, "\t%s := make(chan result, 1)\n", ch)
			if a.op.kind == judgeTakeOp {
				fmt.Fprintf(&b, "\tgo func() {\n\t\tv, err := %s\n\t\t%s <- result{v, err}\n\t}()\n", code, ch)
			} else {
				fmt.Fprintf(&b, "\tgo func() { %s <- result{err: %s} }()\n", ch, code)
			}
		case judgeWaitingAct:
			fmt.Fprintf(&b, "\ttime.Sleep(%d * time.Millisecond) // %s should be waiting\n", judgeSettle.Milliseconds(), esc)
			format, args := "%v, %v", "r.v, r.err"
			if a.op.kind == judgePutOp {
				format, args = "%v", "r.err"
			}
			fmt.Fprintf(&b, "\tselect {\n\tcase r := <-%s:\n\t\tt.Fatalf(\"%s returned %s; want it to wait\", %s)\n\tdefault:\n\t}\n", ch, esc, format, args)
		case judgeCancelAct:
			fmt.Fprintf(&b, "\tcancel%d()\n", a.n)
		case judgeAwaitAct:
			pending--
			var cond string
			if a.op.kind == judgeTakeOp {
				v, e, _ := strings.Cut(a.want, ", ")
				cond = fmt.Sprintf("r.v != %s || %s", v, judgeErrTest("r.err", e))
			} else {
				cond = judgeErrTest("r.err", a.want)
			}
			shown := "r.err"
			if a.op.kind == judgeTakeOp {
				shown = "r.v, r.err"
			}
			format := strings.Repeat("%v, ", strings.Count(shown, ",")) + "%v"
			fmt.Fprintf(&b, "\tselect {\n\tcase r := <-%s:\n\t\tif %s {\n\t\t\tt.Fatalf(\"%s returned %s, want %s\", %s)\n\t\t}\n", ch, cond, esc, format, a.want, shown)
			fmt.Fprintf(&b, "\tcase <-time.After(%s * time.Second):\n\t\tt.Fatal(\"%s never returned\")\n\t}\n", "2", esc)
		}
	}
	if kind == kit.LeakDetected {
		code := strings.ReplaceAll(s.acts[at].op.call(), `"`, `\"`)
		others := ""
		b.WriteString("\ttime.Sleep(100 * time.Millisecond) // goroutines that are done exit\n")
		if pending > 0 {
			others = fmt.Sprintf(" - %d", pending)
			waiting := "1 call is"
			if pending > 1 {
				waiting = fmt.Sprintf("%d calls are", pending)
			}
			fmt.Fprintf(&b, "\t// %s still waiting, each on a goroutine of its own\n", waiting)
		}
		fmt.Fprintf(&b, "\tif n := runtime.NumGoroutine() - before%s; n > 0 {\n\t\tt.Fatalf(\"%s returned, but %%d goroutines it started are still running\", n)\n\t}\n", others, code)
	}
	b.WriteString("}\n")
	return b.String()
}

// judgeChanName names the channel of a call made on its own goroutine: take1 for
// q.Take(ctx1), put2 for q.Put(ctx2, v).
func judgeChanName(op judgeOp) string {
	n := strings.TrimPrefix(op.ctx, "ctx")
	if op.kind == judgeTakeOp {
		return "take" + n
	}
	return "put" + n
}

// judgePlay runs the script and reports its first failure, led by context. It reports
// whether the script passed.
func judgePlay(t *testing.T, s judgeScript, context string) bool {
	t.Helper()
	if f := s.run(); f != nil {
		f.fail(t, context)
		return false
	}
	return true
}

// judgeCancelTakeScript cancels a Take that waits on an empty queue: it must return ctx.Err()
// at once and take nothing, now or later.
func judgeCancelTakeScript() judgeScript {
	return judgeScript{capacity: 1, ctxs: []time.Duration{0}, acts: []judgeAct{
		judgeGo(judgeTake("ctx1")),
		judgeWaiting(judgeTake("ctx1"), "the queue is empty, so Take must wait until an item is put or ctx1 is done"),
		judgeCancel(1),
		judgeAwait(judgeTake("ctx1"), "0, context.Canceled",
			"a waiting Take must stop as soon as its context is done and return 0, ctx.Err()"),
		judgeDo(judgePut("ctx", 5), "nil", "the queue was empty"),
		judgeDo(judgeLen(), "1",
			"the cancelled Take gave up, so the 5 put after it must still be in the queue; if it vanished, the cancelled Take left something behind, such as a goroutine still receiving, that took it"),
		judgeDo(judgeTake("ctx"), "5, nil", "the queue held 5"),
		judgeDo(judgeLen(), "0", "every item was taken"),
	}}
}

// judgeCancelPutScript cancels a Put that waits on a full queue: it must return ctx.Err() at
// once and add nothing, now or later.
func judgeCancelPutScript() judgeScript {
	return judgeScript{capacity: 1, ctxs: []time.Duration{0}, acts: []judgeAct{
		judgeDo(judgePut("ctx", 1), "nil", "the queue had room"),
		judgeGo(judgePut("ctx1", 2)),
		judgeWaiting(judgePut("ctx1", 2), "the queue is full, holding its capacity of 1, so Put must wait until a Take makes room or ctx1 is done"),
		judgeCancel(1),
		judgeAwait(judgePut("ctx1", 2), "context.Canceled",
			"a waiting Put must stop as soon as its context is done and return ctx.Err()"),
		judgeDo(judgeLen(), "1", "the cancelled Put must not add 2"),
		judgeDo(judgeTake("ctx"), "1, nil", "the queue held 1"),
		judgeDo(judgeLen(), "0",
			"the cancelled Put gave up, so its 2 must never be added, even once there is room; if it appeared, the cancelled Put left something behind, such as a goroutine still sending, that added it"),
	}}
}

// judgeTakeWaitsScript has a Take wait on an empty queue until a Put adds an item.
func judgeTakeWaitsScript() judgeScript {
	return judgeScript{capacity: 1, ctxs: []time.Duration{0}, acts: []judgeAct{
		judgeGo(judgeTake("ctx1")),
		judgeWaiting(judgeTake("ctx1"), "the queue is empty, so Take must wait until an item is put or ctx1 is done"),
		judgeDo(judgePut("ctx", 7), "nil", "the queue had room"),
		judgeAwait(judgeTake("ctx1"), "7, nil",
			"a Take waiting on an empty queue must wake up and return the item the next Put adds"),
		judgeDo(judgeLen(), "0", "the waiting Take took the only item"),
	}}
}

// judgePutWaitsScript has a Put wait on a full queue until a Take makes room.
func judgePutWaitsScript() judgeScript {
	return judgeScript{capacity: 2, ctxs: []time.Duration{0}, acts: []judgeAct{
		judgeDo(judgePut("ctx", 1), "nil", "the queue had room"),
		judgeDo(judgePut("ctx", 2), "nil", "the queue had room"),
		judgeGo(judgePut("ctx1", 3)),
		judgeWaiting(judgePut("ctx1", 3), "the queue is full, holding its capacity of 2, so Put must wait until a Take makes room or ctx1 is done"),
		judgeDo(judgeLen(), "2", "the waiting Put must not add 3 before there is room"),
		judgeDo(judgeTake("ctx"), "1, nil", "the queue held 1 and 2, oldest first"),
		judgeAwait(judgePut("ctx1", 3), "nil",
			"a Put waiting on a full queue must wake up and add its item as soon as a Take makes room"),
		judgeDo(judgeTake("ctx"), "2, nil", "the queue held 2 and 3, oldest first"),
		judgeDo(judgeTake("ctx"), "3, nil", "the queue held 3"),
		judgeDo(judgeLen(), "0", "every item was taken"),
	}}
}
