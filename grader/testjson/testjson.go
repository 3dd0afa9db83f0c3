// Package testjson reads the event stream of `go test -json` (test2json) into per-test
// results. It keeps what a scorecard needs: each test's outcome, its output (bounded, so that
// a submission that prints without end cannot exhaust the grader's memory) and whether the
// output shows a panic, a data race or a timeout.
package testjson

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"time"
)

// Action is what a test2json event reports.
type Action string

// The actions test2json emits.
const (
	ActionStart  Action = "start"
	ActionRun    Action = "run"
	ActionPause  Action = "pause"
	ActionCont   Action = "cont"
	ActionPass   Action = "pass"
	ActionBench  Action = "bench"
	ActionFail   Action = "fail"
	ActionOutput Action = "output"
	ActionSkip   Action = "skip"
)

// IsTerminal reports whether the action ends a test or the package.
func (a Action) IsTerminal() bool {
	return a == ActionPass || a == ActionFail || a == ActionSkip
}

// Event is one line of test2json output.
type Event struct {
	Time    time.Time `json:"Time"`
	Action  Action    `json:"Action"`
	Package string    `json:"Package"`
	Test    string    `json:"Test"`
	Elapsed float64   `json:"Elapsed"`
	Output  string    `json:"Output"`
}

// Test is what was seen of one test, or subtest.
type Test struct {
	Name    string
	Action  Action // the terminal action, or ActionRun when the test never finished
	Elapsed time.Duration
	// Output is what the test printed, without test2json's framing lines, cut to the first and
	// last bytes when long.
	Output   string
	Children []string // the names of its direct subtests, in order of starting
	// Printed counts every byte the test printed, kept or not.
	Printed int64

	out boundedBuffer
}

// Done reports whether the test finished (passed, failed or was skipped).
func (t *Test) Done() bool { return t.Action.IsTerminal() }

// Signs in output that a test crashed, raced or ran out of time. The runtime and the testing
// package print them; a submission could print them too, but only to its own disadvantage.
const (
	signRace      = "WARNING: DATA RACE"
	signRaceTest  = "race detected during execution of test"
	signTimeout   = "panic: test timed out after"
	signPanic     = "panic: "
	signFatal     = "fatal error: "
	signMapRace   = "fatal error: concurrent map"
	signOutOfMem  = "runtime: out of memory" // Unix's "fatal error: runtime: out of memory", and the heap's "cannot allocate N-byte block"
	signCantAlloc = "runtime: cannot allocate memory"
	// signNoCommit is Windows's: a commit refused (by a job's memory cap, say) is thrown as a
	// bare "out of memory", after "runtime: VirtualAlloc of N bytes failed".
	signNoCommit = "fatal error: out of memory"
	signStack    = "fatal error: stack overflow"
)

// Signs summarises what the output of a test or the package shows.
type Signs struct {
	Race    bool // the race detector, or the map's own check, found concurrent access
	Timeout bool // the test binary's -test.timeout fired
	Panic   bool // an unrecovered panic or fatal runtime error
	OOM     bool // the runtime could not get memory
	// StackOverflow says a goroutine's stack outgrew its limit: endless recursion, almost
	// always. It is a Panic too.
	StackOverflow bool
}

// SignsOf reads the signs in output.
func SignsOf(output string) Signs {
	return Signs{
		Race:    strings.Contains(output, signRace) || strings.Contains(output, signRaceTest) || strings.Contains(output, signMapRace),
		Timeout: strings.Contains(output, signTimeout),
		Panic:   strings.Contains(output, signPanic) || strings.Contains(output, signFatal),
		OOM:     strings.Contains(output, signOutOfMem) || strings.Contains(output, signCantAlloc) || strings.Contains(output, signNoCommit),

		StackOverflow: strings.Contains(output, signStack),
	}
}

// Execution is everything seen of one run of a test binary.
type Execution struct {
	tests map[string]*Test
	order []string
	// Output is what the binary printed outside any test: at start, at exit, or while
	// crashing.
	pkgOut boundedBuffer
	// Action is the package's terminal action, empty when the stream ended without one.
	Action Action
	// NonJSON holds lines that were not events, such as build errors; they are never dropped.
	NonJSON []string
	// OutputBytes counts every byte of output, for the output limit.
	OutputBytes int64
}

// NewExecution returns an empty execution; add events with Add or Read.
func NewExecution() *Execution {
	return &Execution{tests: make(map[string]*Test)}
}

// maxKept bounds the output kept per test and for the package.
const maxKept = 64 << 10

// Add records one event.
func (e *Execution) Add(ev Event) {
	if ev.Test == "" {
		switch {
		case ev.Action == ActionOutput:
			e.OutputBytes += int64(len(ev.Output))
			e.pkgOut.WriteString(ev.Output)
		case ev.Action.IsTerminal() && e.Action != ActionFail:
			e.Action = ev.Action
		}
		return
	}
	t := e.test(ev.Test)
	switch {
	case ev.Action == ActionOutput:
		e.OutputBytes += int64(len(ev.Output))
		if !isFraming(ev.Output) {
			t.Printed += int64(len(ev.Output))
			t.out.WriteString(ev.Output)
		}
	case ev.Action.IsTerminal():
		// A failure is final: code under test can print lines that read as a later pass, but
		// nothing it prints can undo a failure the testing package reported.
		if t.Action != ActionFail {
			t.Action = ev.Action
			t.Elapsed = time.Duration(ev.Elapsed * float64(time.Second))
		}
	}
}

func (e *Execution) test(name string) *Test {
	if t, ok := e.tests[name]; ok {
		return t
	}
	t := &Test{Name: name, Action: ActionRun}
	e.tests[name] = t
	e.order = append(e.order, name)
	if i := strings.LastIndex(name, "/"); i > 0 {
		parent := e.test(name[:i])
		parent.Children = append(parent.Children, name)
	}
	return t
}

// isFraming reports whether an output line is test2json's own framing rather than something
// the test printed.
func isFraming(line string) bool {
	l := strings.TrimLeft(line, " ")
	for _, p := range []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME", "--- PASS", "--- FAIL", "--- SKIP"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// Test returns the named test, or nil if it never started.
func (e *Execution) Test(name string) *Test {
	t := e.tests[name]
	if t != nil {
		t.Output = t.out.String()
	}
	return t
}

// Tests returns every test in the order they started.
func (e *Execution) Tests() []*Test {
	out := make([]*Test, 0, len(e.order))
	for _, n := range e.order {
		out = append(out, e.Test(n))
	}
	return out
}

// Output returns what the binary printed outside any test.
func (e *Execution) Output() string { return e.pkgOut.String() }

// Read adds every event of r. It stops early, returning false, once the output exceeds
// maxOutput bytes (zero means no limit); the caller then stops the process.
func (e *Execution) Read(r io.Reader, maxOutput int64) (withinLimit bool, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var ev Event
		if len(line) > 0 && line[0] == '{' && json.Unmarshal(line, &ev) == nil && ev.Action != "" {
			e.Add(ev)
		} else if len(bytes.TrimSpace(line)) > 0 {
			if len(e.NonJSON) < 200 {
				e.NonJSON = append(e.NonJSON, string(line))
			}
			e.OutputBytes += int64(len(line))
		}
		if maxOutput > 0 && e.OutputBytes > maxOutput {
			return false, nil
		}
	}
	if err := sc.Err(); err != nil && err != bufio.ErrTooLong {
		return true, err
	} else if err == bufio.ErrTooLong {
		// One line longer than the scanner takes is itself far past any output limit a
		// challenge sets.
		return false, nil
	}
	return true, nil
}

// boundedBuffer keeps the first and the last bytes written to it, and counts what it dropped
// between them.
type boundedBuffer struct {
	head    []byte
	tail    []byte
	dropped int64
}

func (b *boundedBuffer) WriteString(s string) {
	if len(b.head) < maxKept/2 {
		n := min(len(s), maxKept/2-len(b.head))
		b.head = append(b.head, s[:n]...)
		s = s[n:]
	}
	if s == "" {
		return
	}
	b.tail = append(b.tail, s...)
	// Trim only once the tail has doubled, so that keeping it costs O(1) a byte.
	if len(b.tail) > maxKept {
		over := len(b.tail) - maxKept/2
		b.dropped += int64(over)
		b.tail = append(b.tail[:0], b.tail[over:]...)
	}
}

func (b *boundedBuffer) String() string {
	if over := len(b.tail) - maxKept/2; over > 0 {
		b.dropped += int64(over)
		b.tail = append(b.tail[:0], b.tail[over:]...)
	}
	if b.dropped == 0 {
		return string(b.head) + string(b.tail)
	}
	return string(b.head) + "\n... (" + itoa(b.dropped) + " bytes of output left out) ...\n" + string(b.tail)
}

func itoa(n int64) string {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(buf[i:])
		}
	}
}
