package idempotency

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// Every top-level name in the hidden tests starts with "judge": they share a package with the
// learner's code, whose own names must never clash with them.
//
// A sequential test is a script of calls, e.Do(ctx, "a", ok("1")), run with kit.Scenario
// against a model: a map from key to the fn that ran first for it. The transcript shows every
// call with its result and whether its fn ran:
//
//	e := New()
//	e.Do(ctx, "a", ok("1")) = "1", nil // ran fn
//	e.Do(ctx, "a", ok("2")) = "1", nil
//
// The fns are written as the repro test's helpers make them: ok(v) returns v, nil; fail(msg)
// returns "", an error with that text; panics(msg) panics with msg.

type judgeFnKind int

const (
	judgeOK judgeFnKind = iota
	judgeFail
	judgePanic
)

// judgeFn is what one call passes to Do.
type judgeFn struct {
	kind judgeFnKind
	text string // the value ok returns, or the message of fail and panics
}

func judgeOk(v string) judgeFn      { return judgeFn{judgeOK, v} }
func judgeFailing(m string) judgeFn { return judgeFn{judgeFail, m} }
func judgePanics(m string) judgeFn  { return judgeFn{judgePanic, m} }

func (f judgeFn) String() string {
	switch f.kind {
	case judgeFail:
		return fmt.Sprintf("fail(%q)", f.text)
	case judgePanic:
		return fmt.Sprintf("panics(%q)", f.text)
	}
	return fmt.Sprintf("ok(%q)", f.text)
}

// make returns the function itself, which counts its runs.
func (f judgeFn) make(runs *atomic.Int32) func() (string, error) {
	switch f.kind {
	case judgeFail:
		err := kit.ErrorFor(f.text)
		return func() (string, error) { runs.Add(1); return "", err }
	case judgePanic:
		return func() (string, error) { runs.Add(1); panic(f.text) }
	}
	return func() (string, error) { runs.Add(1); return f.text, nil }
}

// result is what Do must return for a key whose fn was f, as judgeShow writes it.
func (f judgeFn) result() string {
	switch f.kind {
	case judgeFail:
		return fmt.Sprintf("%q, error %q", "", f.text)
	case judgePanic:
		return fmt.Sprintf("%q, ErrPanicked", "")
	}
	return fmt.Sprintf("%q, nil", f.text)
}

// judgeShow writes what Do returned in the form the transcripts use: `"1", nil`,
// `"", error "declined"`, `"", ErrPanicked`, `"", context.Canceled`: an error is shown as the
// sentinel errors.Is finds in it, or by its text.
func judgeShow(v string, err error) string {
	return fmt.Sprintf("%q, %s", v, judgeShowErr(err))
}

func judgeShowErr(err error) string {
	switch {
	case err == nil:
		return "nil"
	case errors.Is(err, ErrPanicked):
		return "ErrPanicked"
	case errors.Is(err, context.Canceled):
		return "context.Canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "context.DeadlineExceeded"
	}
	text, found, copied := kit.ErrorGiven(err)
	switch {
	case found:
		return fmt.Sprintf("error %q", text)
	case copied:
		return fmt.Sprintf("error %q (a new error with the same text: errors.Is with fn's error is false)", err.Error())
	}
	return fmt.Sprintf("error %q", err.Error())
}

// judgeRan is the transcript's note on how often a call's own fn ran.
func judgeRan(runs int32) string {
	switch runs {
	case 0:
		return ""
	case 1:
		return " // ran fn"
	}
	return fmt.Sprintf(" // ran fn %d times", runs)
}

// judgeCall is one call of a script.
type judgeCall struct {
	ctx    string // "ctx", context.Background(), or "cancelled", a context already cancelled
	key    string
	fn     judgeFn
	repeat int // when above 1, the call is made this many times and each must return the same
}

func judgeDo(key string, fn judgeFn) judgeCall { return judgeCall{ctx: "ctx", key: key, fn: fn} }

func (c judgeCall) code() string { return fmt.Sprintf("e.Do(%s, %q, %s)", c.ctx, c.key, c.fn) }

// judgeModel is what the sequential tests compare a solution with: the fn that ran first for
// each key, and the call that ran it.
type judgeModel struct {
	calls int // calls made so far, New counted
	memo  map[string]judgeMemo
}

type judgeMemo struct {
	fn   judgeFn
	call int
}

// judgeScenario turns a script into a kit scenario.
func judgeScenario(calls []judgeCall) kit.Scenario[*Executor, *judgeModel] {
	sc := kit.Scenario[*Executor, *judgeModel]{
		Setup: "e := New()",
		New:   New,
		Model: func() *judgeModel { return &judgeModel{calls: 1, memo: map[string]judgeMemo{}} },
	}
	for _, c := range calls {
		sc.Steps = append(sc.Steps, kit.Step[*Executor, *judgeModel]{
			Code: c.code(),
			Do:   func(e *Executor) string { return judgeRun(e, c) },
			Want: func(m *judgeModel) string {
				m.calls++
				if memo, seen := m.memo[c.key]; seen {
					return judgeTimes(memo.fn.result(), c.repeat)
				}
				m.memo[c.key] = judgeMemo{c.fn, m.calls}
				return c.fn.result() + " // ran fn"
			},
			Note: func(m *judgeModel, got string) string { return judgeWhy(m, c, got) },
		})
	}
	return sc
}

func judgeTimes(result string, repeat int) string {
	if repeat > 1 {
		return fmt.Sprintf("%s on every call (of %d)", result, repeat)
	}
	return result
}

// judgeRun makes call c on the learner's executor and writes what came back.
func judgeRun(e *Executor, c judgeCall) string {
	ctx := context.Background()
	if c.ctx == "cancelled" {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		cancel()
	}
	if c.repeat <= 1 {
		var runs atomic.Int32
		v, err := e.Do(ctx, c.key, c.fn.make(&runs))
		return judgeShow(v, err) + judgeRan(runs.Load())
	}
	var order []string // the distinct results
	seen := map[string]bool{}
	var runs atomic.Int32
	for range c.repeat {
		v, err := e.Do(ctx, c.key, c.fn.make(&runs))
		if r := judgeShow(v, err); !seen[r] {
			seen[r] = true
			order = append(order, r)
		}
	}
	if len(order) == 1 {
		return judgeTimes(order[0], c.repeat) + judgeRan(runs.Load())
	}
	// Which call returned what is left to chance by such a solution: name the results only,
	// in an order of their own, so that the message is the same on every run.
	sort.Strings(order)
	return fmt.Sprintf("sometimes %s (over %d calls)", strings.Join(order, ", sometimes "), c.repeat) + judgeRan(runs.Load())
}

// judgeWhy explains a wrong result from the model before the call.
func judgeWhy(m *judgeModel, c judgeCall, got string) string {
	ran := strings.Contains(got, "// ran fn")
	memo, seen := m.memo[c.key]
	if !seen {
		switch {
		case !ran:
			return fmt.Sprintf("key %q has not been used before, so Do must run fn and return what it returns", c.key)
		case c.fn.kind == judgePanic:
			return `fn panicked: Do must recover the panic and return "" and an error that wraps ErrPanicked`
		}
		return "Do must return what fn returned"
	}
	from := fmt.Sprintf("key %q already has a result, from call %d, %s", c.key, memo.call, judgeCall{ctx: "ctx", key: c.key, fn: memo.fn}.code())
	switch {
	case ran && memo.fn.kind == judgeFail:
		return from + ": Do must return it without running fn again. A failure is remembered like a value, so the key is not retried"
	case ran && memo.fn.kind == judgePanic:
		return from + ", whose fn panicked: Do must return the remembered error without running fn again"
	case ran:
		return from + ": Do must return it without running fn again"
	case c.ctx == "cancelled":
		return from + ": Do must return it even though ctx is done, since ctx only limits waiting for a result that is not ready yet. " +
			"When several cases of a select are ready, Go picks one at random: check whether the result is ready before waiting on both"
	case memo.fn.kind == judgeFail:
		return from + ": a failure is remembered like a value, so the key is not retried"
	case memo.fn.kind == judgePanic:
		return from + ", whose fn panicked: the error that wraps ErrPanicked is remembered like any other, so the key is not retried"
	case memo.fn.text == "":
		return from + `: "" is a value like any other, and is remembered`
	}
	return from
}

// judgeCheck runs a script as judgeVerify does and then, when it passed, checks that no
// goroutine that New or Do started is still running once every call has returned.
func judgeCheck(t *testing.T, calls []judgeCall, shrink bool) bool {
	t.Helper()
	leaks := kit.StartLeakCheck()
	if !judgeVerify(t, calls, shrink, "") {
		return false
	}
	return judgeNoLeaks(t, leaks, fmt.Sprintf("New() and the %d calls of e.Do after it", len(calls)))
}

// judgeNoLeaks fails t when goroutines started since leaks was taken are still running.
func judgeNoLeaks(t *testing.T, leaks *kit.LeakCheck, during string) bool {
	t.Helper()
	leaked := leaks.Leaked(kit.LeakPatience)
	if len(leaked) == 0 {
		return true
	}
	why := "\nEvery call and every fn had returned, so the executor had no work left: a goroutine still running then is leaked, and a server making millions of calls runs out of memory."
	for _, g := range leaked {
		if g.State == "chan send" {
			why += " A goroutine that sends a result to a caller who has stopped listening (a waiter that gave up) blocks for ever: " +
				"give the channel room for the value (make(chan T, 1)), or let waiters wait on a channel that is closed rather than sent to."
			break
		}
	}
	kit.Fail(t, kit.Record{Kind: kit.LeakDetected, Summary: kit.DescribeLeaks(during, leaked) + why})
	return false
}

// judgeOutcome runs a script.
func judgeOutcome(calls []judgeCall) kit.Outcome { return judgeScenario(calls).Run() }

// judgeVerify runs a script and, when it fails, reports the failure shrunk to the fewest calls
// that still fail the same way (when shrink is set), with a transcript and a test to paste. It
// reports whether the script passed. context leads the summary.
func judgeVerify(t *testing.T, calls []judgeCall, shrink bool, context string) bool {
	t.Helper()
	o := judgeOutcome(calls)
	if !o.Failed() {
		return true
	}
	small := calls
	if o.At >= 0 {
		small = calls[:o.At+1] // calls after the failing one play no part
	}
	// A hang leaves a goroutine behind for good: hangs are reported as they are.
	if shrink && o.Kind != kit.TimeLimitExceeded {
		small = kit.Shrink(small,
			func(c []judgeCall) bool { return judgeOutcome(c).Kind == o.Kind },
			judgeCandidates)
	}
	so := judgeOutcome(small)
	if so.Kind != o.Kind {
		// The failure did not repeat (it depends on timing): report the original.
		small, so = calls, o
	}
	r := kit.Record{Kind: so.Kind, Want: so.Want, Got: so.Got, Repro: judgeRepro(small, so)}
	if shrink && len(small) < len(calls) {
		r.ShrunkFrom = len(calls) + 1 // counting New, as the transcript does
	}
	r.Summary = context + judgeSummary(small, so)
	kit.Fail(t, r)
	return false
}

// judgeCandidates lists the scripts made by removing calls, largest removals first, that
// still keep to the rules the tests promise: a call with a done context is only made for a key
// that has been used.
func judgeCandidates(calls []judgeCall) [][]judgeCall {
	var out [][]judgeCall
	for _, c := range kit.Removals(calls) {
		if judgeValid(c) {
			out = append(out, c)
		}
	}
	return out
}

func judgeValid(calls []judgeCall) bool {
	used := map[string]bool{}
	for _, c := range calls {
		if c.ctx != "ctx" && !used[c.key] {
			return false
		}
		used[c.key] = true
	}
	return true
}

// judgeSummary says in a sentence which call went wrong and why.
func judgeSummary(calls []judgeCall, o kit.Outcome) string {
	callNo := o.At + 2 // New is call 1
	if o.At < 0 {
		return fmt.Sprintf("call 1: New() %s", strings.TrimPrefix(o.Got[len(o.Got)-1], "e := New() "))
	}
	c := calls[o.At]
	code := c.code()
	switch o.Kind {
	case kit.WrongAnswer:
		want := strings.TrimPrefix(o.Want[len(o.Want)-1], code+" = ")
		got := strings.TrimPrefix(o.Got[len(o.Got)-1], code+" = ")
		s := fmt.Sprintf("call %d: %s returned %s, want %s", callNo, code, got, want)
		if o.Note != "" {
			s += " (" + o.Note + ")"
		}
		return s
	case kit.RuntimeError:
		msg := kit.PanicMessage(o.Note)
		s := fmt.Sprintf("call %d: %s panicked: %s%s", callNo, code, msg, kit.PanicSite(o.Note, New))
		if c.fn.kind == judgePanic && msg == c.fn.text {
			s += judgePanicNote
		}
		return s
	}
	s := fmt.Sprintf("call %d: %s", callNo, o.Note)
	for i, prev := range calls[:o.At] {
		if prev.key == c.key && prev.fn.kind == judgePanic {
			s += fmt.Sprintf(" (call %d's fn panicked, and key %q was never marked as done: publish the result in a deferred function, so that a panic cannot skip it)", i+2, c.key)
			break
		}
	}
	return s
}

// judgePanicNote explains a panic of fn that went through Do.
const judgePanicNote = " (fn's panic went through Do. Recover it in Do, with a deferred function that calls recover(), " +
	"and remember an error that wraps ErrPanicked: a panicking operation must not crash the caller, nor leave the key running for ever)"

// judgeRepro writes a test the learner can paste beside their solution: the same calls, with
// the one that went wrong checked.
func judgeRepro(calls []judgeCall, o kit.Outcome) string {
	if o.At < 0 {
		return ""
	}
	calls = calls[:o.At+1]
	uses := map[string]bool{}
	for _, c := range calls {
		uses[c.ctx] = true
		uses[c.fn.String()[:strings.IndexByte(c.fn.String(), '(')]] = true
	}
	last := calls[len(calls)-1]
	// The fn's runs are counted only when running it was the mistake.
	countRuns := o.Kind == kit.WrongAnswer &&
		strings.Contains(o.Want[len(o.Want)-1], "// ran fn") != strings.Contains(o.Got[len(o.Got)-1], "// ran fn")
	var b strings.Builder
	b.WriteString("func TestRepro(t *testing.T) {\n")
	b.WriteString("\tctx := context.Background()\n")
	if uses["cancelled"] {
		b.WriteString("\tcancelled, cancel := context.WithCancel(ctx)\n\tcancel()\n")
	}
	count := ""
	if countRuns {
		b.WriteString("\truns := 0\n")
		count = "runs++; "
	}
	if uses["ok"] {
		fmt.Fprintf(&b, "\tok := func(v string) func() (string, error) {\n\t\treturn func() (string, error) { %sreturn v, nil }\n\t}\n", count)
	}
	if uses["fail"] {
		fmt.Fprintf(&b, "\tfail := func(msg string) func() (string, error) {\n\t\terr := errors.New(msg)\n\t\treturn func() (string, error) { %sreturn \"\", err }\n\t}\n", count)
	}
	if uses["panics"] {
		fmt.Fprintf(&b, "\tpanics := func(msg string) func() (string, error) {\n\t\treturn func() (string, error) { %spanic(msg) }\n\t}\n", count)
	}
	b.WriteString("\te := New()\n")
	m := map[string]judgeFn{}
	for _, c := range calls[:len(calls)-1] {
		fmt.Fprintf(&b, "\t%s\n", c.code())
		if _, seen := m[c.key]; !seen {
			m[c.key] = c.fn
		}
	}
	code := last.code()
	switch o.Kind {
	case kit.RuntimeError:
		fmt.Fprintf(&b, "\t%s // panics: %s\n", code, kit.PanicMessage(o.Note))
	case kit.TimeLimitExceeded:
		fmt.Fprintf(&b, "\t%s // never returns\n", code)
	default:
		want, seen := m[last.key]
		if !seen {
			want = last.fn
		}
		if countRuns && len(calls) > 1 {
			b.WriteString("\truns = 0\n")
		}
		cond := judgeReproCond(want)
		check := fmt.Sprintf("\tif v, err := %s; %s {\n\t\tt.Fatalf(`%s = %%q, %%v; want %s`, v, err)\n\t}\n",
			code, cond, code, want.result())
		if last.repeat > 1 {
			check = fmt.Sprintf("\tfor i := 0; i < %d; i++ {\n\t\tif v, err := %s; %s {\n\t\t\tt.Fatalf(`call %%d of %d: %s = %%q, %%v; want %s`, i+1, v, err)\n\t\t}\n\t}\n",
				last.repeat, code, cond, last.repeat, code, want.result())
		}
		b.WriteString(check)
		if countRuns {
			wantRuns := 0
			if !seen {
				wantRuns = 1
			}
			fmt.Fprintf(&b, "\tif runs != %d {\n\t\tt.Fatalf(\"fn ran %%d times, want %d\", runs)\n\t}\n", wantRuns, wantRuns)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// judgeReproCond is the Go condition that a result v, err is not what f's key must return.
func judgeReproCond(f judgeFn) string {
	switch f.kind {
	case judgeFail:
		return fmt.Sprintf(`v != "" || err == nil || !strings.Contains(err.Error(), %q)`, f.text)
	case judgePanic:
		return `v != "" || !errors.Is(err, ErrPanicked)`
	}
	return fmt.Sprintf("v != %q || err != nil", f.text)
}

// judgeGate holds the race and performance suites back until judgeWorks passes.
var judgeGate = kit.Gate{Solution: "an executor", Works: judgeWorks}

// judgeWorks checks, with one goroutine and three calls, what the race and performance suites
// take for granted: that a key's result is remembered. Without it a stub that does nothing
// would earn their points, being race-free and fast.
func judgeWorks(t *testing.T, context string) bool {
	t.Helper()
	return judgeVerify(t, []judgeCall{
		judgeDo("a", judgeOk("1")), judgeDo("a", judgeOk("2")), judgeDo("b", judgeOk("3")),
	}, false, context)
}
