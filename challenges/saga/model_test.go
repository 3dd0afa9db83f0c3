package saga

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// Every top-level name in the hidden tests starts with "judge": they share a package with the
// learner's code, whose own names must never clash with them.
//
// A test is a saga described by judgeSaga: its steps, each with an action that succeeds,
// fails or cancels Run's context, and a compensation that succeeds, fails or is nil. The
// steps record every call in a log, and the log and Run's result are compared with what a
// model says, line by line:
//
//	action reserve
//	action charge
//	compensate reserve
//	Run(ctx, steps) = error wrapping "charge failed"

type judgeUndo int

const (
	judgeUndoOK    judgeUndo = iota // Compensate succeeds
	judgeUndoFails                  // Compensate returns an error
	judgeUndoNone                   // Compensate is nil
)

// judgeStepSpec describes one step.
type judgeStepSpec struct {
	name    string
	fails   bool // the action returns an error
	cancels bool // the action cancels Run's ctx, then succeeds
	undo    judgeUndo
}

// judgeSaga describes one call of Run.
type judgeSaga struct {
	steps        []judgeStepSpec
	precancelled bool          // ctx is cancelled before Run is called
	hold         time.Duration // how long each call lasts: zero but where calls made at once must overlap
}

func judgeActionErr(name string) error { return kit.ErrorFor(name + " failed") }
func judgeUndoErr(name string) error   { return kit.ErrorFor("undo " + name + " failed") }

// describe writes the saga's steps for a summary: "reserve, charge (action fails), ship".
func (s judgeSaga) describe() string {
	var parts []string
	for _, st := range s.steps {
		var q []string
		switch {
		case st.fails:
			q = append(q, "action fails")
		case st.cancels:
			q = append(q, "action cancels ctx, then succeeds")
		}
		switch st.undo {
		case judgeUndoFails:
			q = append(q, "Compensate fails")
		case judgeUndoNone:
			q = append(q, "Compensate is nil")
		}
		p := st.name
		if len(q) > 0 {
			p += " (" + strings.Join(q, ", ") + ")"
		}
		parts = append(parts, p)
	}
	s0 := "no steps"
	if len(parts) > 0 {
		s0 = "steps " + strings.Join(parts, "; ")
	}
	if s.precancelled {
		s0 += ", and a ctx cancelled before Run is called"
	}
	return s0
}

// judgeExpectation is what the model says of a saga.
type judgeExpectation struct {
	calls  []string
	wraps  []error // the errors Run's error must wrap; none when it must return nil
	stopAt int     // the step whose action failed, or before which ctx was done; -1 when none
	byCtx  bool    // the saga stopped because ctx was done
	done   []int   // the steps whose actions succeeded, in order
	undone []int   // the steps compensated, in order
}

func (s judgeSaga) expect() judgeExpectation {
	e := judgeExpectation{stopAt: -1}
	ctxDone := s.precancelled
	for i, st := range s.steps {
		if ctxDone {
			e.stopAt, e.byCtx = i, true
			break
		}
		e.calls = append(e.calls, "action "+st.name)
		if st.fails {
			e.stopAt = i
			break
		}
		e.done = append(e.done, i)
		if st.cancels {
			ctxDone = true
		}
	}
	if e.stopAt < 0 {
		return e
	}
	if e.byCtx {
		e.wraps = append(e.wraps, context.Canceled)
	} else {
		e.wraps = append(e.wraps, judgeActionErr(s.steps[e.stopAt].name))
	}
	for j := len(e.done) - 1; j >= 0; j-- {
		st := s.steps[e.done[j]]
		if st.undo == judgeUndoNone {
			continue
		}
		e.calls = append(e.calls, "compensate "+st.name)
		e.undone = append(e.undone, e.done[j])
		if st.undo == judgeUndoFails {
			e.wraps = append(e.wraps, judgeUndoErr(st.name))
		}
	}
	return e
}

// judgeCandidate is an error Run's error may wrap, with how transcripts name it.
type judgeCandidate struct {
	err   error
	label string
}

// candidates lists every error of the saga in a fixed order: ctx's, then each step's action
// error and compensation error.
func (s judgeSaga) candidates() []judgeCandidate {
	out := []judgeCandidate{{context.Canceled, "context.Canceled"}}
	for _, st := range s.steps {
		if st.fails {
			out = append(out, judgeCandidate{judgeActionErr(st.name), fmt.Sprintf("%q", st.name+" failed")})
		}
		if st.undo == judgeUndoFails {
			out = append(out, judgeCandidate{judgeUndoErr(st.name), fmt.Sprintf("%q", "undo "+st.name+" failed")})
		}
	}
	return out
}

// The transcript ends with Run's result: a line for nil or an error, then a line for each of
// the saga's errors that errors.Is finds in it. One error a line keeps the lines short, so
// that a difference shows as a whole line missing or added.
const (
	judgeNilLine   = "Run(ctx, steps) returned nil"
	judgeErrorLine = "Run(ctx, steps) returned an error"
	judgeWrapsLine = "err wraps "
)

// show writes what Run returned as the transcript does.
func (s judgeSaga) show(err error) []string {
	return s.lines(err == nil, func(c error) bool { return errors.Is(err, c) })
}

// showWant writes what the model says Run must return, as show does.
func (s judgeSaga) showWant(wraps []error) []string {
	return s.lines(len(wraps) == 0, func(c error) bool { return slices.Contains(wraps, c) })
}

// lines writes a result of Run: nil, or an error and each candidate error it wraps.
func (s judgeSaga) lines(isNil bool, wraps func(error) bool) []string {
	if isNil {
		return []string{judgeNilLine}
	}
	lines := []string{judgeErrorLine}
	for _, c := range s.candidates() {
		if wraps(c.err) {
			lines = append(lines, judgeWrapsLine+c.label)
		}
	}
	return lines
}

// judgeRecorder logs the calls the steps receive. It is locked, so that even a solution that
// runs compensations at once leaves a readable log, and it notes a call that starts while
// another is still running.
type judgeRecorder struct {
	mu      sync.Mutex
	calls   []string
	running []string // the calls in progress
}

// enter logs a call and returns its index, for notes.
func (r *judgeRecorder) enter(line string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.running) > 0 {
		line += fmt.Sprintf(" (while %s was still running)", r.running[0])
	}
	r.running = append(r.running, strings.SplitN(line, " (", 2)[0])
	r.calls = append(r.calls, line)
	return len(r.calls) - 1
}

func (r *judgeRecorder) leave(i int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	base := strings.SplitN(r.calls[i], " (", 2)[0]
	if j := slices.Index(r.running, base); j >= 0 {
		r.running = slices.Delete(r.running, j, j+1)
	}
}

// note adds a remark to call i's line: something about the context it got.
func (r *judgeRecorder) note(i int, remark string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls[i] += " (" + remark + ")"
}

func (r *judgeRecorder) log() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

// judgeTraceKey is the key of the value Run's ctx carries, which every step must see.
type judgeTraceKey struct{}

const judgeTrace = "trace-7"

// build makes the saga's steps, logging into r. cancel cancels Run's ctx; hold is how long
// each call lasts (zero in most tests), so that calls made at once overlap.
func (s judgeSaga) build(r *judgeRecorder, cancel func(), hold time.Duration) []Step {
	steps := make([]Step, len(s.steps))
	for i, st := range s.steps {
		steps[i] = Step{
			Name: st.name,
			Action: func(ctx context.Context) error {
				at := r.enter("action " + st.name)
				defer r.leave(at)
				if ctx.Value(judgeTraceKey{}) != judgeTrace {
					r.note(at, "its ctx lacks the values of Run's ctx")
				}
				if st.cancels {
					cancel()
					if ctx.Err() == nil {
						r.note(at, "its ctx was not cancelled with Run's ctx")
					}
				}
				if hold > 0 {
					time.Sleep(hold)
				} else {
					runtime.Gosched()
				}
				if st.fails {
					return judgeActionErr(st.name)
				}
				return nil
			},
		}
		if st.undo == judgeUndoNone {
			continue
		}
		steps[i].Compensate = func(ctx context.Context) error {
			at := r.enter("compensate " + st.name)
			defer r.leave(at)
			if err := ctx.Err(); err != nil {
				r.note(at, "its ctx is cancelled")
			}
			if ctx.Value(judgeTraceKey{}) != judgeTrace {
				r.note(at, "its ctx lacks the values of Run's ctx")
			}
			if hold > 0 {
				time.Sleep(hold)
			} else {
				runtime.Gosched()
			}
			if st.undo == judgeUndoFails {
				return judgeUndoErr(st.name)
			}
			return nil
		}
	}
	return steps
}

// judgeOutcome is how a solution did on a saga.
type judgeOutcome struct {
	kind     string // "" when it did what the model did; else kit.WrongAnswer, kit.RuntimeError or kit.TimeLimitExceeded
	want     []string
	got      []string // want and got up to the first line that differs
	fullGot  []string // every line
	err      error    // what Run returned
	returned bool     // whether it did
	at       int      // the first line that differs
	panicked string   // what kit.Catch caught
}

func (o judgeOutcome) failed() bool { return o.kind != "" }

// run calls Run on the saga and compares the log and the result with the model.
func (s judgeSaga) run() judgeOutcome {
	return s.runWith(kit.Wait())
}

// runWith is run with the given patience. A deadlocked Run would hold a test until the suite's
// time limit and say nothing, so Run is called on a goroutine of its own under the kit's
// watchdog; a correct solution needs microseconds.
func (s judgeSaga) runWith(patience time.Duration) judgeOutcome {
	e := s.expect()
	want := append(slices.Clone(e.calls), s.showWant(e.wraps)...)
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), judgeTraceKey{}, judgeTrace))
	defer cancel()
	if s.precancelled {
		cancel()
	}
	r := &judgeRecorder{}
	steps := s.build(r, cancel, s.hold)
	var err error
	var panicked string
	returned := kit.Within(patience, func() {
		panicked = kit.Catch(func() { err = Run(ctx, steps) })
	})
	o := judgeOutcome{want: want}
	switch {
	case !returned:
		o.got = append(r.log(), "Run(ctx, steps) never returned")
		o.kind = kit.TimeLimitExceeded
	case panicked != "":
		o.got = append(r.log(), "Run(ctx, steps) panicked: "+kit.PanicMessage(panicked))
		o.kind, o.panicked = kit.RuntimeError, panicked
	default:
		o.got = append(r.log(), s.show(err)...)
		o.err, o.returned = err, true
	}
	o.fullGot = o.got
	o.at = judgeFirstDiff(o.want, o.got)
	if o.at < 0 {
		o.kind = ""
		return o
	}
	if o.kind == "" {
		o.kind = kit.WrongAnswer
	}
	// The transcript stops at the first line that differs: what follows is a consequence.
	if o.at+1 < len(o.want) {
		o.want = o.want[:o.at+1]
	}
	if o.at+1 < len(o.got) {
		o.got = o.got[:o.at+1]
	}
	return o
}

// judgeFirstDiff returns the index of the first line that differs, or -1.
func judgeFirstDiff(want, got []string) int {
	for i := range max(len(want), len(got)) {
		if i >= len(want) || i >= len(got) || want[i] != got[i] {
			return i
		}
	}
	return -1
}

// judgeOptions says how judgeVerify checks a saga.
type judgeOptions struct {
	shrink  bool   // shrink a failing saga to the smallest that still fails the same way
	leaks   bool   // check that Run leaves no goroutine behind
	context string // leads the summary
}

// judgeVerify runs a saga and, when the solution gets it wrong, reports the failure with a
// transcript and a test to paste. It reports whether the saga went right.
func judgeVerify(t *testing.T, s judgeSaga, opts judgeOptions) bool {
	t.Helper()
	context := opts.context
	leaks := kit.StartLeakCheck()
	o := s.run()
	if !o.failed() {
		if !opts.leaks {
			return true
		}
		if leaked := leaks.Leaked(kit.LeakPatience); len(leaked) > 0 {
			kit.Fail(t, kit.Record{Kind: kit.LeakDetected,
				Summary: context + kit.DescribeLeaks(fmt.Sprintf("Run(ctx, steps), with %s,", s.describe()), leaked) +
					"\nEvery step and compensation had returned, so Run had nothing left to do: a goroutine it started that is still running is leaked, and a service running millions of sagas runs out of memory."})
			return false
		}
		return true
	}
	original, originalLines := len(s.steps), len(o.got)
	if opts.shrink && o.kind != kit.TimeLimitExceeded {
		s, o = kit.ShrinkFailure(s, o, func(o judgeOutcome) string { return o.kind },
			func(c judgeSaga, candidate bool) judgeOutcome {
				if candidate {
					return c.runWith(kit.ShortPatience)
				}
				return c.run()
			}, judgeCandidates)
	}
	r := kit.Record{Kind: o.kind, Summary: context + judgeExplain(s, o), Want: o.want, Got: o.got, Repro: judgeRepro(s, o)}
	if len(s.steps) < original {
		r.ShrunkFrom = originalLines
	}
	kit.Fail(t, r)
	return false
}

// judgeCandidates lists simpler sagas, simplest first: fewer steps, then steps whose
// compensations succeed and actions neither fail nor cancel, then a ctx not cancelled upfront.
func judgeCandidates(s judgeSaga) []judgeSaga {
	var out []judgeSaga
	add := func(c judgeSaga) {
		if c.valid() {
			out = append(out, c)
		}
	}
	for _, steps := range kit.Removals(s.steps) {
		add(judgeSaga{steps: steps, precancelled: s.precancelled, hold: s.hold})
	}
	for _, steps := range kit.Replacements(s.steps, judgeSimpler) {
		add(judgeSaga{steps: steps, precancelled: s.precancelled, hold: s.hold})
	}
	if s.precancelled {
		add(judgeSaga{steps: s.steps, hold: s.hold})
	}
	return out
}

func judgeSimpler(st judgeStepSpec) []judgeStepSpec {
	var out []judgeStepSpec
	if st.undo != judgeUndoOK {
		c := st
		c.undo = judgeUndoOK
		out = append(out, c)
	}
	if st.cancels {
		c := st
		c.cancels = false
		out = append(out, c)
	}
	if st.fails {
		c := st
		c.fails = false
		out = append(out, c)
	}
	return out
}

// valid reports whether the saga keeps to what the tests promise: the last step's action
// never cancels ctx (whether Run then reports the cancellation is left open), and step names
// are distinct.
func (s judgeSaga) valid() bool {
	seen := map[string]bool{}
	for i, st := range s.steps {
		if seen[st.name] || st.cancels && i == len(s.steps)-1 || st.cancels && st.fails {
			return false
		}
		seen[st.name] = true
	}
	return true
}

// judgeBase is a transcript line without its remarks.
func judgeBase(line string) string { return strings.SplitN(line, " (", 2)[0] }

// judgeExplain says which line went wrong and why, from the model.
func judgeExplain(s judgeSaga, o judgeOutcome) string {
	head := "Run with " + s.describe() + ": "
	e := s.expect()
	w, g := "", ""
	if o.at < len(o.want) {
		w = o.want[o.at]
	}
	if o.at < len(o.got) {
		g = o.got[o.at]
	}
	switch o.kind {
	case kit.RuntimeError:
		return head + "Run panicked: " + kit.PanicMessage(o.panicked) + kit.PanicSite(o.panicked, Run)
	case kit.TimeLimitExceeded:
		return head + fmt.Sprintf("Run did not return within %s, after the calls shown: it is deadlocked or stuck in a loop", kit.Patience)
	}
	// What stopped the saga, for the explanations.
	why := ""
	switch {
	case e.stopAt < 0:
	case e.byCtx && s.precancelled && e.stopAt == 0:
		why = "ctx was cancelled before Run was called"
	case e.byCtx:
		why = fmt.Sprintf("action %s cancelled ctx", s.steps[e.stopAt-1].name)
	default:
		why = fmt.Sprintf("action %s failed", s.steps[e.stopAt].name)
	}
	// A call made as it should be, but with the wrong context, or while another ran.
	if w != "" && judgeBase(w) == judgeBase(g) && w != g {
		call := judgeBase(g)
		switch {
		case strings.Contains(g, "while "):
			return head + fmt.Sprintf("%s started while another call was still running (%s): compensations run one at a time, last first, each after the previous one has returned, "+
				"so that they happen in a known order and may share state without locks", call, g[len(call)+2:len(g)-1])
		case strings.Contains(g, "its ctx is cancelled"):
			return head + fmt.Sprintf("%s got a cancelled context (%s): cleanup must finish even though the caller has given up. Give compensations context.WithoutCancel(ctx)", call, why)
		case strings.Contains(g, "lacks the values") && strings.HasPrefix(call, "compensate"):
			return head + fmt.Sprintf("%s got a context without the values of Run's ctx (a trace ID, say), as context.Background() would be: context.WithoutCancel(ctx) keeps them and is never cancelled", call)
		case strings.Contains(g, "lacks the values"):
			return head + fmt.Sprintf("%s got a context without the values of Run's ctx: pass Run's ctx to every action", call)
		case strings.Contains(g, "not cancelled with"):
			return head + fmt.Sprintf("%s got a context that was not cancelled when Run's ctx was: pass Run's ctx to every action, so that cancelling it reaches them", call)
		}
	}
	name := func(line string) string { return strings.Fields(judgeBase(line))[1] }
	index := func(line string) int {
		return slices.IndexFunc(s.steps, func(st judgeStepSpec) bool { return st.name == name(line) })
	}
	// An unexpected call of a compensation: why it is wrong.
	badUndo := func(g string) string {
		i := index(g)
		switch {
		case i == e.stopAt && !e.byCtx:
			return fmt.Sprintf("Run called %s, but action %s failed, so there is nothing of it to undo: only the steps whose actions succeeded are compensated", g, s.steps[i].name)
		case !slices.Contains(e.done, i):
			return fmt.Sprintf("Run called %s, but action %s never ran (%s first), so there is nothing of it to undo", g, s.steps[i].name, why)
		case slices.Contains(o.got[:o.at], g):
			return fmt.Sprintf("Run called %s a second time: each compensation runs exactly once", g)
		case w != "" && strings.HasPrefix(w, "compensate"):
			return fmt.Sprintf("Run called %s where %s was due: compensations run in reverse order, the last step that succeeded first", g, w)
		}
		return fmt.Sprintf("Run called %s, which it must not", g)
	}
	switch {
	case strings.HasPrefix(g, "action") && (w == "" || !strings.HasPrefix(w, "action")):
		return head + fmt.Sprintf("Run started %s after %s: no step may start once an action has failed or ctx is done", g, why)
	case strings.HasPrefix(g, "action"):
		return head + fmt.Sprintf("Run started %s where %s was next: the steps run in order, each once", g, w)
	case strings.HasPrefix(g, "compensate"):
		if strings.HasPrefix(w, "action") {
			return head + fmt.Sprintf("Run called %s before %s: no action had failed and ctx was not done, so the saga must go on", g, w)
		}
		return head + badUndo(g)
	case strings.HasPrefix(w, "action"):
		msg := fmt.Sprintf("Run returned without starting %s: no action had failed and ctx was not done", w)
		if i := index(w); i > 0 && s.steps[i-1].undo == judgeUndoNone {
			msg += " (a step with a nil Compensate is no failure: it has nothing to undo)"
		}
		return head + msg
	case strings.HasPrefix(w, "compensate"):
		prev := ""
		if o.at > 0 {
			prev = o.got[o.at-1]
		}
		if strings.HasPrefix(prev, "compensate") && s.steps[index(prev)].undo == judgeUndoFails {
			return head + fmt.Sprintf("Run returned without calling %s, after %s failed: a failing compensation must not stop the others, since each undoes something of its own", w, prev)
		}
		return head + fmt.Sprintf("Run returned without calling %s (%s): every step whose action succeeded is compensated, last first; only steps with a nil Compensate are skipped", w, why)
	}
	// The result.
	switch {
	case len(e.wraps) == 0:
		return head + fmt.Sprintf("Run returned an error (%q), want nil: every action succeeded", o.err.Error())
	case o.err == nil:
		return head + fmt.Sprintf("Run returned nil, want an error, since %s", why)
	}
	var missing, extra []string
	for _, l := range o.want[1:] {
		if strings.HasPrefix(l, judgeWrapsLine) && !slices.Contains(o.fullGot, l) {
			missing = append(missing, strings.TrimPrefix(l, judgeWrapsLine))
		}
	}
	for _, l := range o.fullGot {
		if strings.HasPrefix(l, judgeWrapsLine) && !slices.Contains(s.showWant(e.wraps), l) {
			extra = append(extra, strings.TrimPrefix(l, judgeWrapsLine))
		}
	}
	if len(missing) > 0 {
		what := missing[0]
		switch {
		case what == "context.Canceled":
			what += ", the error of the cancelled ctx"
		case strings.HasPrefix(what, `"undo `):
			what += fmt.Sprintf(", the error compensate %s returned", strings.Fields(what)[1])
		default:
			what += fmt.Sprintf(", the error action %s returned", strings.Trim(strings.Fields(what)[0], `"`))
		}
		return head + fmt.Sprintf("Run returned the error %q, in which errors.Is cannot find %s. Wrap with %%w (not %%v), and combine several errors with errors.Join, "+
			"so that errors.Is finds each: the failing action's (or ctx.Err()) and every failed compensation's", o.err.Error(), what)
	}
	if len(extra) > 0 {
		return head + fmt.Sprintf("Run returned the error %q, which wraps %s: that did not happen in this saga", o.err.Error(), extra[0])
	}
	return head + fmt.Sprintf("Run returned the error %q, which is not what it should be", o.err.Error())
}

// judgeRepro writes a test the learner can paste beside their solution: the same steps, with
// the calls and the error checked.
func judgeRepro(s judgeSaga, o judgeOutcome) string {
	e := s.expect()
	var b strings.Builder
	b.WriteString("func TestRepro(t *testing.T) {\n")
	cancels := s.precancelled || slices.ContainsFunc(s.steps, func(st judgeStepSpec) bool { return st.cancels })
	if cancels {
		b.WriteString("\tctx, cancel := context.WithCancel(context.Background())\n\tdefer cancel()\n")
	} else {
		b.WriteString("\tctx := context.Background()\n")
	}
	b.WriteString(`	var calls []string
	step := func(name string, actionErr, undoErr error) Step {
		return Step{
			Name: name,
			Action: func(ctx context.Context) error {
				calls = append(calls, "action "+name)
				return actionErr
			},
			Compensate: func(ctx context.Context) error {
				calls = append(calls, "compensate "+name)
				if ctx.Err() != nil {
					t.Errorf("compensate %s: its ctx is cancelled", name)
				}
				return undoErr
			},
		}
	}
`)
	var errNames []string
	errVar := map[error]string{}
	for _, st := range s.steps {
		if st.fails {
			v := "err" + judgeTitle(st.name)
			errVar[judgeActionErr(st.name)] = v
			fmt.Fprintf(&b, "\t%s := errors.New(%q)\n", v, st.name+" failed")
			errNames = append(errNames, v)
		}
		if st.undo == judgeUndoFails {
			v := "errUndo" + judgeTitle(st.name)
			errVar[judgeUndoErr(st.name)] = v
			fmt.Fprintf(&b, "\t%s := errors.New(%q)\n", v, "undo "+st.name+" failed")
			errNames = append(errNames, v)
		}
	}
	b.WriteString("\tsteps := []Step{\n")
	for _, st := range s.steps {
		a, u := "nil", "nil"
		if st.fails {
			a = errVar[judgeActionErr(st.name)]
		}
		if st.undo == judgeUndoFails {
			u = errVar[judgeUndoErr(st.name)]
		}
		fmt.Fprintf(&b, "\t\tstep(%q, %s, %s),\n", st.name, a, u)
	}
	b.WriteString("\t}\n")
	for i, st := range s.steps {
		if st.undo == judgeUndoNone {
			fmt.Fprintf(&b, "\tsteps[%d].Compensate = nil\n", i)
		}
		if st.cancels {
			fmt.Fprintf(&b, "\tsteps[%d].Action = func(ctx context.Context) error { // cancels ctx, then succeeds\n\t\tcalls = append(calls, %q)\n\t\tcancel()\n\t\treturn nil\n\t}\n", i, "action "+st.name)
		}
	}
	if s.precancelled {
		b.WriteString("\tcancel() // before Run\n")
	}
	switch o.kind {
	case kit.RuntimeError:
		fmt.Fprintf(&b, "\tRun(ctx, steps) // panics: %s\n}\n", kit.PanicMessage(o.panicked))
		return b.String()
	case kit.TimeLimitExceeded:
		b.WriteString("\tRun(ctx, steps) // never returns\n}\n")
		return b.String()
	}
	b.WriteString("\terr := Run(ctx, steps)\n")
	quoted := make([]string, len(e.calls))
	for i, c := range e.calls {
		quoted[i] = fmt.Sprintf("%q", c)
	}
	if len(quoted) == 0 {
		b.WriteString("\tif len(calls) != 0 {\n\t\tt.Errorf(\"calls = %q, want none\", calls)\n\t}\n")
	} else {
		fmt.Fprintf(&b, "\twant := []string{%s}\n", strings.Join(quoted, ", "))
		b.WriteString("\tif !slices.Equal(calls, want) {\n\t\tt.Errorf(\"calls:\\n got %q\\nwant %q\", calls, want)\n\t}\n")
	}
	var wraps []string
	for _, err := range e.wraps {
		if err == context.Canceled {
			wraps = append(wraps, "context.Canceled")
		} else {
			wraps = append(wraps, errVar[err])
		}
	}
	if len(wraps) == 0 {
		b.WriteString("\tif err != nil {\n\t\tt.Errorf(\"Run = %v, want nil\", err)\n\t}\n")
	} else {
		fmt.Fprintf(&b, "\tfor _, want := range []error{%s} {\n\t\tif !errors.Is(err, want) {\n\t\t\tt.Errorf(\"Run = %%v, which does not wrap %%q\", err, want)\n\t\t}\n\t}\n", strings.Join(wraps, ", "))
	}
	b.WriteString("}\n")
	return b.String()
}

func judgeTitle(name string) string {
	if name == "" {
		return ""
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// judgeGate holds the race and performance suites back until judgeWorks passes.
var judgeGate = kit.Gate{Solution: "a Run", Works: judgeWorks}

// judgeWorks checks, with one saga of three steps, what the race and performance suites take
// for granted: that a failure is compensated. Without it a stub that does nothing would earn
// their points, being race-free and fast. It is no stricter than that (the compensations may
// come in any order, and any error will do), so that a mistake in the finer rules costs points
// in the correctness suite alone.
func judgeWorks(t *testing.T, context string) bool {
	t.Helper()
	s := judgeSaga{steps: []judgeStepSpec{{name: "reserve"}, {name: "charge"}, {name: "ship", fails: true}}}
	o := s.run()
	if !o.failed() {
		return true
	}
	if o.kind == kit.WrongAnswer {
		var g []string
		for _, l := range o.fullGot {
			g = append(g, judgeBase(l))
		}
		if len(g) >= 6 && slices.Equal(g[:3], []string{"action reserve", "action charge", "action ship"}) &&
			slices.Contains(g, "compensate reserve") && slices.Contains(g, "compensate charge") &&
			slices.Contains(g, judgeErrorLine) {
			return true
		}
	}
	kit.Fail(t, kit.Record{Kind: o.kind, Summary: context + judgeExplain(s, o), Want: o.want, Got: o.got, Repro: judgeRepro(s, o)})
	return false
}
