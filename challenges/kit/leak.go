package kit

import (
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Goroutine leaks: a call that returns while goroutines it started are still running. The
// checker compares stack dumps of every goroutine (runtime.Stack) taken before and after the
// call. A goroutine belongs to the call when it did not exist before and was started by the
// goroutine that made the call, or by one of the goroutines that one started, and so on: the
// runtime names, for every goroutine, the go statement that started it and the goroutine that
// ran it ("created by workerpool.Map in goroutine 7"). So goroutines of other code running at
// the same time (the tests' own helpers, another call on another goroutine) are never blamed on
// the call, as long as they were started by a goroutine that existed before it.
//
// One case is ambiguous: a goroutine whose starter has exited by the time of the check, and
// which started after the snapshot, is counted as the call's. That is what a dispatcher
// goroutine that starts the workers and then returns looks like; it is also what a goroutine
// started by an exited goroutine of unrelated concurrent code looks like. Check for leaks where
// no unrelated code starts goroutines meanwhile (not in parallel tests).

// LeakPatience is how long CheckLeaks waits for the goroutines a call started to exit. A
// goroutine that has done its work takes a moment to exit, and more on a busy machine; one
// that is still there after a second is waiting for something that will not come.
const LeakPatience = time.Second

// settleRounds is how many times Leaked yields to the scheduler, after it first sees nothing
// left running, before it looks again. The scheduler runs the timers that are due each time it
// picks a goroutine, so a timer the call set to fire at once has started its goroutine by then,
// at a cost of microseconds, not the millisecond a sleep takes, in checks a suite makes hundreds
// of. A timer set for later is an effect after the call, which the suites look for where the
// statement forbids it.
const settleRounds = 3

// Goroutine is one goroutine of a stack dump.
type Goroutine struct {
	ID int64
	// State is what the runtime says the goroutine is doing, such as "chan send", "select"
	// or "sync.WaitGroup.Wait"; "running" or "runnable" when it is not waiting.
	State  string
	Frames []Frame // innermost first
	// CreatedBy is the go statement that started the goroutine, and Parent the goroutine
	// that ran it (0 when the runtime does not say, as for the main goroutine).
	CreatedBy Frame
	Parent    int64
}

// Frame is one function call in a goroutine's stack.
type Frame struct {
	Func string // the full name, such as github.com/prep-judge/prep/challenges/workerpool.Map.func1
	File string // the full path
	Line int
}

// LeakCheck is a snapshot of the goroutines alive before a call, taken by StartLeakCheck.
type LeakCheck struct {
	caller int64
	before map[int64]bool
}

// StartLeakCheck snapshots the goroutines alive now. The goroutine that calls it is the one
// whose call is checked: the goroutines it starts from now on, and those they start, belong
// to the call. Call Leaked once the call has returned, from any goroutine.
func StartLeakCheck() *LeakCheck {
	c := &LeakCheck{caller: currentGoroutine(), before: map[int64]bool{}}
	for _, g := range Goroutines() {
		c.before[g.ID] = true
	}
	return c
}

// Leaked returns the goroutines the call started that are still running, waiting up to
// patience for them to exit. It returns nil, having waited only as long as it took, when
// there are none.
func (c *LeakCheck) Leaked(patience time.Duration) []Goroutine {
	deadline := time.Now().Add(patience)
	pause := 50 * time.Microsecond
	settled := false
	for tries := 0; ; tries++ {
		leaked := c.started(Goroutines())
		if len(leaked) == 0 && !settled {
			// A goroutine the call arranged for may not have started yet: one that
			// time.AfterFunc starts once its timer fires, when the scheduler next looks at
			// its timers. Let it look, then look once more before calling the call clean.
			settled = true
			for range settleRounds {
				runtime.Gosched()
			}
			continue
		}
		if len(leaked) == 0 || !time.Now().Before(deadline) {
			return leaked
		}
		// A goroutine that has just signalled that it is done still has a few instructions
		// to run before it exits: let it run, then wait longer each time.
		if tries < 3 {
			runtime.Gosched()
			continue
		}
		time.Sleep(min(pause, time.Until(deadline)))
		pause = min(2*pause, 20*time.Millisecond)
	}
}

// started picks, from the goroutines alive now, those the call started.
func (c *LeakCheck) started(now []Goroutine) []Goroutine {
	byID := make(map[int64]Goroutine, len(now))
	for _, g := range now {
		byID[g.ID] = g
	}
	var ours func(g Goroutine) bool
	ours = func(g Goroutine) bool {
		switch {
		case c.before[g.ID] || g.ID == c.caller:
			return false
		case strings.HasPrefix(g.CreatedBy.Func, "testing.") || strings.HasPrefix(g.CreatedBy.Func, "runtime."):
			return false // the testing package's and the runtime's own goroutines
		case g.Parent == c.caller:
			return true
		case strings.HasPrefix(g.CreatedBy.Func, "time.") && runsSolution(g):
			// Started by a timer the solution set (time.AfterFunc), in whichever goroutine
			// the runtime fired it, and running the solution's code.
			return true
		case g.Parent == 0 || c.before[g.Parent]:
			// Started by a goroutine that is not part of the call. It counts only when that
			// goroutine is the solution's own, one it started before the call (in init, say),
			// and started this one in the solution's code: a call that hands work to such a
			// goroutine owns what it starts for the call.
			p, ok := byID[g.Parent]
			return ok && isSolutionFrame(g.CreatedBy) && isSolutionFrame(p.CreatedBy)
		}
		if p, ok := byID[g.Parent]; ok {
			return ours(p)
		}
		// Its starter began after the snapshot and has exited since: a goroutine of the
		// call that did its work and returned, such as a dispatcher.
		return true
	}
	var out []Goroutine
	for _, g := range now {
		if ours(g) {
			out = append(out, g)
		}
	}
	return out
}

// runsSolution reports whether any frame of g is in the solution's code.
func runsSolution(g Goroutine) bool {
	for _, f := range g.Frames {
		if isSolutionFrame(f) {
			return true
		}
	}
	return false
}

// CheckLeaks snapshots the goroutines alive now and returns a function to call once the code
// under test has returned. That function waits up to LeakPatience for the goroutines the code
// started to exit; when some are still running it fails t with a record of Kind LeakDetected
// that names the call (during, such as "Map(ctx, 2, [1 2 3], fn)") and shows where in the
// solution's code each leaked goroutine is stuck. It reports whether there was no leak.
//
//	done := kit.CheckLeaks(t, "Map(ctx, 2, [1 2 3], fn)")
//	out, err := Map(ctx, 2, []int{1, 2, 3}, fn)
//	done()
//
// The goroutine that calls CheckLeaks must be the one that makes the call (see StartLeakCheck).
func CheckLeaks(t testing.TB, during string) func() bool {
	t.Helper()
	c := StartLeakCheck()
	return func() bool {
		t.Helper()
		leaked := c.Leaked(LeakPatience)
		if len(leaked) == 0 {
			return true
		}
		Fail(t, Record{Kind: LeakDetected, Summary: DescribeLeaks(during, leaked)})
		return false
	}
}

// DescribeLeaks says which goroutines a call left running and where each is stuck, in the
// solution's own code:
//
//	Map(ctx, 2, [1 2 3], fn) returned, but 2 goroutines it started are still running:
//	  2 goroutines blocked [chan send] at:
//	      workerpool.Map.func1 (workerpool.go:31)
//	      started by workerpool.Map (workerpool.go:25)
//
// The lines after the first are DescribeGoroutines(leaked).
func DescribeLeaks(during string, leaked []Goroutine) string {
	verb := "are"
	if len(leaked) == 1 {
		verb = "is"
	}
	return fmt.Sprintf("%s returned, but %s it started %s still running:\n%s", during, Plural(len(leaked), "goroutine"), verb, DescribeGoroutines(leaked))
}

// DescribeGoroutines lists where goroutines are, in the solution's own code, two spaces in:
// goroutines stuck at the same place are counted together, and the places come in an order
// of their own (not the scheduler's), so that the same code is always described the same way. Frames of the standard library,
// of the kit and of test files are left out: a run of frames in test files (the fn a test
// passed in, say) is shown as one line, "(the tests' code)".
func DescribeGoroutines(gs []Goroutine) string {
	type group struct {
		state string
		lines []string
		count int
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, g := range gs {
		state := g.State
		if state == "running" || state == "runnable" {
			state = "running"
		}
		lines := whereStuck(g)
		key := state + "\n" + strings.Join(lines, "\n")
		if gr, ok := byKey[key]; ok {
			gr.count++
			continue
		}
		gr := &group{state: state, lines: lines, count: 1}
		byKey[key] = gr
		groups = append(groups, gr)
	}
	// In an order that does not depend on the scheduler: by where they are.
	slices.SortStableFunc(groups, func(a, b *group) int {
		return strings.Compare(strings.Join(a.lines, "\n")+"\n"+a.state, strings.Join(b.lines, "\n")+"\n"+b.state)
	})
	var b strings.Builder
	const maxGroups = 3
	for i, gr := range groups {
		if i > 0 {
			b.WriteString("\n")
		}
		if i == maxGroups {
			fmt.Fprintf(&b, "  ... and %s more elsewhere", Plural(len(groups)-maxGroups, "place"))
			break
		}
		how := "blocked [" + gr.state + "]"
		if gr.state == "running" {
			how = "running"
		}
		fmt.Fprintf(&b, "  %s %s at:", Plural(gr.count, "goroutine"), how)
		for _, l := range gr.lines {
			b.WriteString("\n      " + l)
		}
	}
	return b.String()
}

// whereStuck renders a goroutine's stack as lines: the frames in the solution's code, a line
// for each run of frames in test files, then the go statement that started it.
func whereStuck(g Goroutine) []string {
	const maxFrames = 6
	var lines []string
	inTests := false
	for _, f := range g.Frames {
		switch {
		case isTestFrame(f):
			if !inTests {
				lines = append(lines, "(the tests' code)")
			}
			inTests = true
		case isSolutionFrame(f):
			lines = append(lines, fmt.Sprintf("%s (%s:%d)", shortFunc(f.Func), filepath.Base(f.File), f.Line))
			inTests = false
		}
	}
	if len(lines) > maxFrames {
		lines = append(lines[:maxFrames], "...")
	}
	if len(lines) == 0 && len(g.Frames) > 0 {
		// Nothing of the solution's: show where the goroutine began, in the standard library.
		lines = append(lines, shortFunc(g.Frames[len(g.Frames)-1].Func))
	}
	switch c := g.CreatedBy; {
	case c.Func == "":
	case isSolutionFrame(c):
		lines = append(lines, fmt.Sprintf("started by %s (%s:%d)", shortFunc(c.Func), filepath.Base(c.File), c.Line))
	case isTestFrame(c) || strings.HasPrefix(c.Func, kitPrefix):
		// The hidden tests' names and lines mean nothing to the learner, who cannot see them,
		// and the kit is part of the tests: a goroutine a kit.Crew or a kit.Scenario started
		// is the tests' too.
		lines = append(lines, "started by the tests' code")
	default:
		lines = append(lines, "started by "+shortFunc(c.Func))
	}
	return lines
}

// kitPrefix is the prefix of the names of the kit's own functions.
var kitPrefix = strings.TrimSuffix(runtime.FuncForPC(reflect.ValueOf(StartLeakCheck).Pointer()).Name(), "StartLeakCheck")

// isStandard reports whether f is in the standard library, whose package paths have no dot
// in their first element (runtime, sync, internal/poll), unlike a module's
// (github.com/...). A name without a slash is a standard package's, or the test binary's main.
func isStandard(f Frame) bool {
	if i := strings.Index(f.Func, "/"); i >= 0 {
		return !strings.Contains(f.Func[:i], ".")
	}
	return true
}

func isTestFrame(f Frame) bool {
	return strings.HasSuffix(f.File, "_test.go") && !strings.HasPrefix(f.Func, kitPrefix)
}

// isSolutionFrame reports whether f is in the code under test: not the standard library, not
// the kit, not a test file.
func isSolutionFrame(f Frame) bool {
	return !isStandard(f) && !strings.HasPrefix(f.Func, kitPrefix) && !strings.HasSuffix(f.File, "_test.go")
}

// shortFunc drops the package path before the package name:
// github.com/x/workerpool.Map.func1 becomes workerpool.Map.func1.
func shortFunc(name string) string {
	return name[strings.LastIndex(name, "/")+1:]
}

// Goroutines returns every goroutine alive now but the runtime's own, in the order the runtime
// lists them.
func Goroutines() []Goroutine {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return ParseGoroutines(string(buf[:n]))
		}
		buf = make([]byte, 2*len(buf))
	}
}

func currentGoroutine() int64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	id, _, _ := parseHeader(string(buf[:n]))
	return id
}

// ParseGoroutines reads a stack dump in the format of runtime.Stack and of a panic's
// traceback: blocks separated by blank lines, each a header ("goroutine 7 [chan send]:"),
// pairs of lines for the frames (the call, then its file and line), and a "created by" pair.
func ParseGoroutines(dump string) []Goroutine {
	var out []Goroutine
	for _, block := range strings.Split(strings.ReplaceAll(dump, "\r\n", "\n"), "\n\n") {
		lines := strings.Split(strings.Trim(block, "\n"), "\n")
		id, state, ok := parseHeader(lines[0])
		if !ok {
			continue
		}
		g := Goroutine{ID: id, State: state}
		for i := 1; i < len(lines); i++ {
			call := lines[i]
			if strings.HasPrefix(call, "\t") || strings.HasPrefix(call, "...") || strings.HasPrefix(call, "[") {
				continue // a stray location, "...additional frames elided...", or an ancestor's header
			}
			var f Frame
			if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\t") {
				f.File, f.Line = parseLocation(lines[i+1])
				i++
			}
			if rest, ok := strings.CutPrefix(call, "created by "); ok {
				name, parent, _ := strings.Cut(rest, " in goroutine ")
				f.Func = name
				g.CreatedBy = f
				g.Parent, _ = strconv.ParseInt(strings.TrimSpace(parent), 10, 64)
				continue
			}
			f.Func = funcName(call)
			g.Frames = append(g.Frames, f)
		}
		out = append(out, g)
	}
	return out
}

// parseHeader reads "goroutine 7 [chan send, 2 minutes]:" (with, under GOTRACEBACK=system,
// more fields before the bracket).
func parseHeader(line string) (id int64, state string, ok bool) {
	rest, ok := strings.CutPrefix(line, "goroutine ")
	if !ok {
		return 0, "", false
	}
	num, rest, _ := strings.Cut(rest, " ")
	id, err := strconv.ParseInt(num, 10, 64)
	if err != nil {
		return 0, "", false
	}
	open, end := strings.Index(rest, "["), strings.LastIndex(rest, "]")
	if open >= 0 && end > open {
		state = rest[open+1 : end]
	}
	state, _, _ = strings.Cut(state, ",")
	return id, state, true
}

// parseLocation reads "\t/path/to/file.go:31 +0x4b".
func parseLocation(line string) (file string, n int) {
	loc := strings.TrimSpace(line)
	if i := strings.LastIndex(loc, " +0x"); i >= 0 {
		loc = loc[:i]
	}
	i := strings.LastIndex(loc, ":")
	if i < 0 {
		return loc, 0
	}
	n, _ = strconv.Atoi(loc[i+1:])
	return loc[:i], n
}

// funcName drops the arguments from a frame's call line: "pkg.(*T).m(0xc000010000, ...)"
// becomes "pkg.(*T).m".
func funcName(call string) string {
	call = strings.TrimSpace(call)
	if strings.HasSuffix(call, ")") {
		if i := strings.LastIndex(call, "("); i > 0 {
			return call[:i]
		}
	}
	return call
}

// WhyStuck says why a call of the solution has not returned, from where the solution's
// goroutines are at the moment it is called: waiting for a lock (the usual deadlock), waiting
// on a channel or a condition, or running. A watchdog calls it when it gives up on a call, so
// that its message names the cause the stacks show, rather than the likeliest one. The
// sentence starts with "it", the call.
//
// A call that never returns leaves its goroutine stuck for the rest of the process, and a
// test that shrinks a failing sequence hangs the same way again and again: each report speaks
// of the goroutines that got stuck since the last one, not of every call that ever hung.
func WhyStuck() string {
	var locked, waiting, running []Goroutine
	for _, g := range sinceLastReport(Goroutines()) {
		if !runsSolution(g) {
			continue
		}
		switch {
		case strings.Contains(g.State, "Mutex") || strings.HasPrefix(g.State, "semacquire"):
			locked = append(locked, g)
		case g.State == "running" || g.State == "runnable" || g.State == "":
			running = append(running, g)
		default:
			waiting = append(waiting, g)
		}
	}
	switch {
	case len(locked) > 0:
		return "it waits for a lock that is never released:\n" + DescribeGoroutines(locked) +
			"\nA sync.Mutex is not reentrant: a method that calls another locking method while it holds the lock waits for ever; so does one that returns on some path without unlocking"
	case len(running) > 0:
		// Where a running goroutine is changes from one instant to the next: the functions
		// say where it runs, the lines would only make the message differ from run to run.
		where := lineNumber.ReplaceAllString(DescribeGoroutines(running), ")")
		return "it is still running, not waiting, so it is not a deadlock:\n" + where +
			"\nLook for a loop that never ends, or for work far beyond what the call needs (under the race detector code runs several times slower still)"
	case len(waiting) > 0:
		return "it waits for something that never comes:\n" + DescribeGoroutines(waiting)
	}
	return "no goroutine is in the solution's code: the call's goroutine never got to run, or the solution's code called back into something that never returned"
}

// reported holds the goroutines WhyStuck has already described.
var reported struct {
	sync.Mutex
	ids map[int64]bool
}

// sinceLastReport returns the goroutines of gs that no earlier WhyStuck described, or all of
// them when every one was described before (the same call, still stuck, asked about again),
// and remembers them all.
func sinceLastReport(gs []Goroutine) []Goroutine {
	reported.Lock()
	defer reported.Unlock()
	if reported.ids == nil {
		reported.ids = map[int64]bool{}
	}
	var fresh []Goroutine
	for _, g := range gs {
		if !reported.ids[g.ID] && runsSolution(g) {
			fresh = append(fresh, g)
		}
	}
	for _, g := range gs {
		reported.ids[g.ID] = true
	}
	if len(fresh) == 0 {
		return gs
	}
	return fresh
}

// lineNumber is the line in "fn (file.go:42)".
var lineNumber = regexp.MustCompile(`:\d+\)`)
