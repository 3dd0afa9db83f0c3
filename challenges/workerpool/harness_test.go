package workerpool

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// Every top-level name in the hidden tests starts with "judge": they share a package with the
// learner's code, and a learner's own worker, job or result must never clash with them.

// judgeF is what the tests' fn returns for an input: ten times it, so that an output that is
// an input, or a zero never written, shows.
func judgeF(in int) int { return 10 * in }

// judgeErr is the error of a call that fails.
type judgeErr struct{ in int }

func (e judgeErr) Error() string { return fmt.Sprintf("fn(ctx, %d) failed", e.in) }

// judgeLateErr is what a call that waited for its ctx returns once the ctx is done: an error
// that comes after the first one.
type judgeLateErr struct {
	in    int
	cause error
}

func (e judgeLateErr) Error() string { return fmt.Sprintf("fn(ctx, %d) stopped: %v", e.in, e.cause) }
func (e judgeLateErr) Unwrap() error { return e.cause }

// judgeReturn is what a call of Map returned.
type judgeReturn struct {
	out      []int
	err      error
	panicked string // what kit.Catch caught, when Map panicked
}

// judgeStart calls Map on a goroutine of its own, and returns where its result will come and
// a leak check whose call is that goroutine's. Map gets a copy of inputs. A Map that never
// returns is reported as stuck, naming what it was waiting for, once it has made no progress
// for the test's patience (kit.Wait, in most tests).
func judgeStart(ctx context.Context, workers int, inputs []int, fn func(context.Context, int) (int, error)) (<-chan judgeReturn, *kit.LeakCheck) {
	done := make(chan judgeReturn, 1)
	check := make(chan *kit.LeakCheck)
	in := slices.Clone(inputs)
	go func() {
		check <- kit.StartLeakCheck()
		var r judgeReturn
		r.panicked = kit.Catch(func() { r.out, r.err = Map(ctx, workers, in, fn) })
		done <- r
	}()
	return done, <-check
}

// judgeProblem is a failure, ready to report.
type judgeProblem struct {
	kind       string
	summary    string
	want, got  []string
	shrunkFrom int
	repro      string
	// slow marks a problem that took the test's patience to find (a run that hung, a leak):
	// not worth shrinking, since every smaller case tried would take as long.
	slow bool
}

func (p *judgeProblem) fail(t *testing.T, context string) {
	t.Helper()
	kit.Fail(t, p.record(context))
}

// record is the problem as the kit reports it, its summary led by context.
func (p *judgeProblem) record(context string) kit.Record {
	r := kit.Record{
		Kind: p.kind, Summary: context + p.summary,
		Want: p.want, Got: p.got, ShrunkFrom: p.shrunkFrom, Repro: p.repro,
	}
	if slices.Equal(p.want, p.got) {
		// Shortened lists can look alike: the summary says what differs.
		r.Want, r.Got = nil, nil
	}
	return r
}

// judgeLeaky is set once a leak has been found: later checks wait less for goroutines to
// exit, so that a leaky Map still lets every test report in time. Goroutines blocked for
// ever are there all the same.
var judgeLeaky atomic.Bool

// judgeLeaks waits for the goroutines the call started to exit, and reports those that do not.
func judgeLeaks(check *kit.LeakCheck, call string, repro string) *judgeProblem {
	patience := kit.LeakPatience
	if judgeLeaky.Load() {
		patience = kit.ShortPatience
	}
	leaked := check.Leaked(patience)
	if len(leaked) == 0 {
		return nil
	}
	judgeLeaky.Store(true)
	return &judgeProblem{kind: kit.LeakDetected,
		summary: kit.DescribeLeaks(call, leaked) + "\n" + judgeLeakAdvice(leaked),
		repro:   judgeLeakRepro(repro), slow: true}
}

// judgeLeakRepro adds to a repro test a check that the goroutines Map started have exited.
func judgeLeakRepro(repro string) string {
	const head = "func TestRepro(t *testing.T) {\n"
	i := strings.Index(repro, head)
	if i < 0 || !strings.HasSuffix(repro, "}\n") {
		return repro
	}
	// What comes before the test (a type it uses) stays there.
	decls, body := repro[:i], strings.TrimSuffix(repro[i+len(head):], "}\n")
	return decls + head + "\tbefore := runtime.NumGoroutine()\n" + body +
		"\t// Goroutines that are done take a moment to exit; leaked ones never do.\n" +
		"\tfor deadline := time.Now().Add(time.Second); runtime.NumGoroutine() > before && time.Now().Before(deadline); {\n" +
		"\t\ttime.Sleep(10 * time.Millisecond)\n\t}\n" +
		"\tif n := runtime.NumGoroutine() - before; n > 0 {\n" +
		"\t\tt.Errorf(\"%d goroutines started by Map are still running\", n)\n\t}\n}\n"
}

// judgeSettled returns the goroutines the call started that are alive now, once none of them
// is running: goroutines on their way to block somewhere are given a moment to get there, so
// that the same Map is always described the same way.
func judgeSettled(check *kit.LeakCheck) []kit.Goroutine {
	deadline := time.Now().Add(kit.ShortPatience)
	for {
		gs := check.Leaked(0)
		settled := true
		for _, g := range gs {
			if g.State == "running" || g.State == "runnable" {
				settled = false
			}
		}
		if settled || time.Now().After(deadline) {
			return gs
		}
		time.Sleep(time.Millisecond)
	}
}

// judgeLeakAdvice says what a leak usually comes from, by where the goroutines are stuck.
func judgeLeakAdvice(leaked []kit.Goroutine) string {
	for _, g := range leaked {
		if strings.HasPrefix(g.CreatedBy.Func, "context.") {
			return "The context package started that goroutine for a context Map derived from ctx: context.WithCancel(ctx) does, when ctx is " +
				"not one of the context package's own types, to pass ctx's cancellation on, and the goroutine runs until the derived context " +
				"is cancelled or ctx is done. Cancel every context Map derives before Map returns, also when every call succeeded " +
				"(defer cancel() right after context.WithCancel covers every path)."
		}
	}
	for _, g := range leaked {
		if g.State == "chan send" {
			return "A goroutine blocked sending on a channel waits for ever once nobody receives from it: a worker sending a result " +
				"that Map no longer reads, or a feeder sending inputs to workers that have stopped. Give the channel room for every value " +
				"(make(chan T, len(inputs))), let the sender give up on <-ctx.Done(), or keep receiving until it is done; " +
				"and make Map wait for every goroutine it starts, also when it returns an error."
		}
	}
	return "Map must wait for every goroutine it starts (a sync.WaitGroup does it), also when it returns an error, " +
		"and leave none of them blocked on a channel or a lock that nobody will release."
}

// Formatting, for messages and transcripts.

// judgeList formats inputs as fmt does, shortening long lists.
func judgeList(xs []int) string {
	if len(xs) <= 12 {
		return fmt.Sprint(append([]int{}, xs...))
	}
	return fmt.Sprintf("[%s ... %s] (%d inputs)", strings.Trim(fmt.Sprint(xs[:6]), "[]"), strings.Trim(fmt.Sprint(xs[len(xs)-2:]), "[]"), len(xs))
}

// judgeGo writes xs as a Go expression, for a repro test.
func judgeGo(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return "[]int{" + strings.Join(s, ", ") + "}"
}

// judgeGoInputs declares inputs in a repro test: as a literal, or built by a loop when long.
func judgeGoInputs(inputs []int) string {
	consecutive := len(inputs) > 12
	for i, in := range inputs {
		consecutive = consecutive && in == i+1
	}
	if consecutive {
		return fmt.Sprintf("\tinputs := make([]int, %d) // 1, 2, 3 ...\n\tfor i := range inputs {\n\t\tinputs[i] = i + 1\n\t}\n", len(inputs))
	}
	return fmt.Sprintf("\tinputs := %s\n", judgeGo(inputs))
}

// judgeMap names a call of Map.
func judgeMap(workers int, inputs []int) string {
	return fmt.Sprintf("Map(ctx, %d, %s, fn)", workers, judgeList(inputs))
}

// judgeCalls names calls of fn: "fn(ctx, 1), fn(ctx, 2) and fn(ctx, 3)".
func judgeCalls(ins []int) string {
	s := make([]string, len(ins))
	for i, in := range ins {
		s[i] = fmt.Sprintf("fn(ctx, %d)", in)
	}
	if len(s) > 6 {
		s = append(s[:5], fmt.Sprintf("%d more", len(ins)-5))
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// judgeResult formats what Map returned: outputs and a nil error, or the error alone, since
// the outputs do not matter when there is one.
func judgeResult(out []int, err error) string {
	if err != nil {
		return fmt.Sprintf("error %q", err.Error())
	}
	return judgeList(out) + ", <nil>"
}

// judgeSorted returns the inputs ordered by their first position in inputs, as a reader
// expects them (unknown ones last, by value).
func judgeSorted(ins []int, inputs []int) []int {
	out := slices.Clone(ins)
	pos := func(x int) int {
		if i := slices.Index(inputs, x); i >= 0 {
			return i
		}
		return len(inputs)
	}
	slices.SortStableFunc(out, func(a, b int) int {
		if pa, pb := pos(a), pos(b); pa != pb {
			return pa - pb
		}
		return a - b
	})
	return out
}

// judgePanicked reports a panic of Map.
func judgePanicked(call string, caught string) *judgeProblem {
	msg := kit.PanicMessage(caught)
	return &judgeProblem{kind: kit.RuntimeError,
		summary: call + " panicked: " + msg + kit.PanicSite(caught, Map),
		want:    []string{call + " returns"}, got: []string{call + " panicked: " + msg}}
}

// judgeOwnCtx is a ctx of the caller's own type, not one the context package made, as a
// framework's request context can be: nothing in the statement asks for one of the package's.
// context.WithCancel cannot hook a child onto such a parent, so it starts a goroutine that
// waits until the parent or the child is done. A Map that never cancels the context it
// derived, when every call succeeded, leaves that goroutine running after it returns.
type judgeOwnCtx struct {
	done chan struct{}
	once sync.Once
}

func judgeNewOwnCtx() *judgeOwnCtx { return &judgeOwnCtx{done: make(chan struct{})} }

func (c *judgeOwnCtx) cancel() { c.once.Do(func() { close(c.done) }) }

func (c *judgeOwnCtx) Deadline() (time.Time, bool) { return time.Time{}, false }
func (c *judgeOwnCtx) Done() <-chan struct{}       { return c.done }
func (c *judgeOwnCtx) Value(any) any               { return nil }
func (c *judgeOwnCtx) Err() error {
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}

// judgeOwnCtxIntro prefixes the message of a run whose ctx is a judgeOwnCtx.
const judgeOwnCtxIntro = "with a ctx of the caller's own type (one that implements context.Context, not made by the context package): "

// judgeOwnCtxDecl declares, in a repro test, the type of a judgeOwnCtx.
const judgeOwnCtxDecl = `// ownCtx is a context of the caller's own type, not one the context package made.
type ownCtx struct{ done chan struct{} }

func (c ownCtx) Deadline() (time.Time, bool) { return time.Time{}, false }
func (c ownCtx) Done() <-chan struct{}       { return c.done }
func (c ownCtx) Value(any) any               { return nil }
func (c ownCtx) Err() error {
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}

`
