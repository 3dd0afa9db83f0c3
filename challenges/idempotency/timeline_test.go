package idempotency

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// A timeline test makes calls from several goroutines in an order it controls: the first call's
// fn blocks on a gate until the test opens it, so the other calls meet a fn that is still
// running. Whether a goroutine has reached its wait cannot be observed, so the test gives the
// goroutines judgeSettle before it opens a gate. That is one-sided: on a slow machine a caller
// may reach Do only after the gate opened, and then a correct solution returns the remembered
// result, which is the same; only a wrong solution can fail, and then whatever the timing.

const (
	// judgeSettle is how long the goroutines get to reach their wait before a gate opens or a
	// context is cancelled.
	judgeSettle = 20 * time.Millisecond
	// judgeDeadline is the timeout of the context of a waiter that gives up by itself.
	judgeDeadline = 50 * time.Millisecond
)

// judgeLatch is a fn that blocks until the test opens it, then returns or panics.
type judgeLatch struct {
	fn       judgeFn // what it does once open
	started  chan struct{}
	release  chan struct{}
	once     sync.Once
	openOnce sync.Once
	runs     atomic.Int32
}

func judgeNewGate(fn judgeFn) *judgeLatch {
	return &judgeLatch{fn: fn, started: make(chan struct{}), release: make(chan struct{})}
}

// name is how transcripts write the gate's fn: slow("1"), slowFail("declined"), slowPanic("boom").
func (g *judgeLatch) name() string {
	switch g.fn.kind {
	case judgeFail:
		return fmt.Sprintf("slowFail(%q)", g.fn.text)
	case judgePanic:
		return fmt.Sprintf("slowPanic(%q)", g.fn.text)
	}
	return fmt.Sprintf("slow(%q)", g.fn.text)
}

func (g *judgeLatch) make() func() (string, error) {
	var inner atomic.Int32
	f := g.fn.make(&inner)
	return func() (string, error) {
		g.runs.Add(1)
		g.once.Do(func() { close(g.started) })
		<-g.release
		return f()
	}
}

func (g *judgeLatch) open() { g.openOnce.Do(func() { close(g.release) }) }

// judgeAsync is a call of Do made on its own goroutine.
type judgeAsync struct {
	code     string
	panicFn  string // the text its fn panics with, if it does
	done     chan struct{}
	result   string // judgeShow of what it returned, and how often its own fn ran
	panicked string
}

// judgeTimeline runs a timeline test and writes its transcript. After the first problem its
// steps do nothing.
type judgeTimeline struct {
	e        *Executor
	want     []string
	got      []string
	kind     string
	summary  string
	gates    []*judgeLatch
	patience time.Duration
	leaks    *kit.LeakCheck
	calls    int // calls of Do made
}

func judgeNewTimeline() *judgeTimeline {
	tl := &judgeTimeline{patience: kit.Patience, want: []string{"e := New()"}, got: []string{"e := New()"}, leaks: kit.StartLeakCheck()}
	if msg := kit.Catch(func() { tl.e = New() }); msg != "" {
		tl.got[0] = "e := New() panicked: " + kit.PanicMessage(msg)
		tl.kind, tl.summary = kit.RuntimeError, "call 1: New() panicked: "+kit.PanicMessage(msg)+kit.PanicSite(msg, New)
	}
	return tl
}

func (tl *judgeTimeline) ok() bool { return tl.kind == "" }

// step appends a transcript line; when got differs from want, the test fails there with
// summary, which is led by the call's number.
func (tl *judgeTimeline) step(want, got, kind, summary string) {
	tl.want = append(tl.want, want)
	tl.got = append(tl.got, got)
	if want != got && tl.ok() {
		tl.kind = kind
		tl.summary = fmt.Sprintf("call %d: %s", len(tl.want), summary)
	}
}

// goDo starts e.Do(ctx, key, fn) on a goroutine; code is how the transcript writes it, and runs
// counts the runs of fn.
func (tl *judgeTimeline) goDo(ctx context.Context, code, key string, fn func() (string, error), runs *atomic.Int32) *judgeAsync {
	a := &judgeAsync{code: code, done: make(chan struct{})}
	tl.calls++
	go func() {
		defer close(a.done)
		var v string
		var err error
		if msg := kit.Catch(func() { v, err = tl.e.Do(ctx, key, fn) }); msg != "" {
			a.panicked = msg
			return
		}
		a.result = judgeShow(v, err) + judgeRan(runs.Load())
	}()
	return a
}

// startGate starts the call that runs gate g's fn, and waits until the fn is running.
func (tl *judgeTimeline) startGate(key string, g *judgeLatch) *judgeAsync {
	tl.gates = append(tl.gates, g)
	if !tl.ok() {
		return nil
	}
	code := fmt.Sprintf("e.Do(ctx, %q, %s)", key, g.name())
	a := tl.goDo(context.Background(), code, key, g.make(), &g.runs)
	if g.fn.kind == judgePanic {
		a.panicFn = g.fn.text
	}
	want := "go " + code + " // fn runs, and waits for release"
	timer := time.NewTimer(tl.patience)
	defer timer.Stop()
	select {
	case <-g.started:
		tl.step(want, want, "", "")
	case <-a.done:
		if a.panicked != "" {
			tl.step(want, "go "+code+" panicked: "+kit.PanicMessage(a.panicked), kit.RuntimeError,
				fmt.Sprintf("%s panicked: %s%s", code, kit.PanicMessage(a.panicked), kit.PanicSite(a.panicked, New)))
			break
		}
		tl.step(want, "go "+code+" = "+a.result+" // fn never ran", kit.WrongAnswer,
			fmt.Sprintf("%s returned %s without running fn (key %q has not been used before, so Do must run fn)", code, a.result, key))
	case <-timer.C:
		tl.step(want, "go "+code+" // fn did not start, and Do did not return", kit.TimeLimitExceeded,
			fmt.Sprintf("%s neither ran fn nor returned within %s: it is deadlocked or stuck in a loop", code, tl.patience))
	}
	return a
}

// goCall starts e.Do(ctx, key, fn) on a goroutine, as a caller that should wait. ctxName is how
// the transcript writes ctx.
func (tl *judgeTimeline) goCall(ctx context.Context, ctxName, key string, fn judgeFn) *judgeAsync {
	if !tl.ok() {
		return nil
	}
	code := fmt.Sprintf("e.Do(%s, %q, %s)", ctxName, key, fn)
	runs := new(atomic.Int32)
	a := tl.goDo(ctx, code, key, fn.make(runs), runs)
	tl.step("go "+code, "go "+code, "", "")
	return a
}

// note adds a line that is the same in want and got, such as a comment or a cancel().
func (tl *judgeTimeline) note(line string) {
	if tl.ok() {
		tl.step(line, line, "", "")
	}
}

// open lets the goroutines settle, then opens gate g.
func (tl *judgeTimeline) open(g *judgeLatch) {
	if !tl.ok() {
		return
	}
	time.Sleep(judgeSettle)
	g.open()
	tl.note(fmt.Sprintf("close(release) // %s returns", g.name()))
}

// expect waits for a to return, and checks what it returned against want; why explains a
// wrong result, and stuck says why it must not still be waiting.
func (tl *judgeTimeline) expect(a *judgeAsync, want, why, stuck string) {
	if !tl.ok() {
		return
	}
	timer := time.NewTimer(tl.patience)
	defer timer.Stop()
	select {
	case <-a.done:
	case <-timer.C:
		tl.step(a.code+" = "+want, fmt.Sprintf("%s was still waiting after %s", a.code, tl.patience), kit.WrongAnswer,
			fmt.Sprintf("%s was still waiting after %s, want %s (%s)", a.code, tl.patience, want, stuck))
		return
	}
	if a.panicked != "" {
		msg := kit.PanicMessage(a.panicked)
		summary := fmt.Sprintf("%s panicked: %s%s", a.code, msg, kit.PanicSite(a.panicked, New))
		if a.panicFn != "" && msg == a.panicFn {
			summary += judgePanicNote
		}
		tl.step(a.code+" = "+want, a.code+" panicked: "+msg, kit.RuntimeError, summary)
		return
	}
	tl.step(a.code+" = "+want, a.code+" = "+a.result, kit.WrongAnswer,
		fmt.Sprintf("%s returned %s, want %s (%s)", a.code, a.result, want, why))
}

// call makes a call on a goroutine of its own and checks its result, as expect does.
func (tl *judgeTimeline) call(ctx context.Context, ctxName, key string, fn judgeFn, want, why, stuck string) {
	if !tl.ok() {
		return
	}
	code := fmt.Sprintf("e.Do(%s, %q, %s)", ctxName, key, fn)
	runs := new(atomic.Int32)
	a := tl.goDo(ctx, code, key, fn.make(runs), runs)
	tl.expect(a, want, why, stuck)
}

// finish opens every gate, so that no goroutine of the test waits for ever, and reports the
// first problem with the transcript and repro. When there was none, every call has returned
// and every fn with it: no goroutine the calls started may still be running.
func (tl *judgeTimeline) finish(t *testing.T, repro string) {
	t.Helper()
	for _, g := range tl.gates {
		g.open()
	}
	if tl.ok() {
		judgeNoLeaks(t, tl.leaks, fmt.Sprintf("e.Do (called %d times by this test)", tl.calls))
		return
	}
	kit.Fail(t, kit.Record{Kind: tl.kind, Summary: tl.summary, Want: tl.want, Got: tl.got, Repro: repro})
}
