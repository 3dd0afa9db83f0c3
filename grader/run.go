package grader

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/prep-judge/prep/challenges/kit"
	"github.com/prep-judge/prep/grader/internal/proc"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/testjson"
)

const resultsEnv = kit.ResultsEnv

// suiteRun says how to run one suite.
type suiteRun struct {
	name     string
	bin      string
	expected []string // top-level tests the suite must run and pass
	timeout  time.Duration
	// maxOutput bounds what the tests may print.
	maxOutput int64
	// maxMemory bounds the resident memory of the test process, in bytes; zero means none.
	maxMemory int64
	// defaultVerdict is the problem a failing test of this suite shows when nothing more
	// specific is known.
	defaultVerdict report.Verdict
}

// graceTime is how long past a suite's time limit the grader waits for the test binary's own
// timeout (which names the test that was running) before it kills the process group.
const graceTime = 5 * time.Second

// runSuite runs one suite's tests from a built binary through test2json and turns the events
// into the suite's tests.
func (m *module) runSuite(ctx context.Context, t toolchain, s suiteRun) (report.Suite, error) {
	started := time.Now()
	suite := report.Suite{Name: s.name, Status: report.Pass}
	if len(s.expected) == 0 {
		suite.Status = report.Skipped
		suite.Reason = "this challenge has no " + s.name + " tests"
		return suite, nil
	}
	results := filepath.Join(m.root, "results", s.name+".jsonl")
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, s.timeout+graceTime)
	defer cancel()

	test2json, err := t.test2json.wait(ctx)
	if err != nil {
		if parent.Err() != nil {
			return suite, errCanceled
		}
		return suite, err
	}
	args := []string{"-t", "-p", m.pkgName, s.bin,
		"-test.v=test2json",
		"-test.run", "^(" + strings.Join(s.expected, "|") + ")$",
		"-test.count=1",
		"-test.timeout", s.timeout.String(),
		// A test that calls os.Exit(0) must not look like a pass.
		"-test.paniconexit0",
	}
	cmd := proc.Command(ctx, test2json, args...)
	cmd.Dir = filepath.Join(m.root, filepath.FromSlash(m.solutionRel))
	cmd.Env = testEnv(os.Environ(), filepath.Join(m.root, "tmp"), results)
	if s.maxMemory > 0 {
		// A soft goal for the Go runtime below the hard limit, so that a solution that makes
		// garbage but keeps little collects it before the grader has to stop the process.
		cmd.Env = append(cmd.Env, fmt.Sprintf("GOMEMLIMIT=%d", s.maxMemory*3/4))
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return suite, err
	}
	cmd.Stderr = cmd.Stdout // test2json sends the binary's stderr into its stream too
	if err := cmd.Start(); err != nil {
		return suite, fmt.Errorf("starting the %s suite: %w", s.name, err)
	}
	mem := proc.WatchMemory(ctx, cmd.Process.Pid, s.maxMemory, cancel)
	exec := testjson.NewExecution()
	within, readErr := exec.Read(stdout, s.maxOutput)
	if !within {
		cancel() // kills the process group
		_, _ = io.Copy(io.Discard, stdout)
	}
	waitErr := cmd.Wait()
	if readErr != nil && !errors.Is(readErr, os.ErrClosed) {
		return suite, fmt.Errorf("reading the %s suite's events: %w", s.name, readErr)
	}
	if parent.Err() != nil {
		return suite, errCanceled
	}
	killed := errors.Is(ctx.Err(), context.DeadlineExceeded)

	records := readRecords(results)
	suite.Tests = m.tests(exec, s, records, testOutcome{
		outputExceeded: !within, killed: killed, memoryExceeded: mem.Exceeded(), peakMemory: mem.Peak(),
	})
	suite.DurationMS = time.Since(started).Milliseconds()

	// Cross-check: every expected test passed, and the binary agreed by exiting cleanly.
	for _, tc := range suite.Tests {
		if tc.Status == report.Fail {
			suite.Status = report.Fail
		}
	}
	if suite.Status == report.Pass && (waitErr != nil || exec.Action != testjson.ActionPass) {
		suite.Status = report.Fail
		out := strings.TrimSpace(m.rewritePaths(exec.Output()))
		suite.Tests = append(suite.Tests, report.Test{
			Name: "(test process)", Status: report.Fail, Verdict: report.RuntimeError,
			Message: "every test passed, but the test process did not exit cleanly" + withOutput(out),
		})
	}
	return suite, nil
}

// testOutcome is what the grader itself saw of a run.
type testOutcome struct {
	outputExceeded bool
	killed         bool
	memoryExceeded bool
	peakMemory     int64
}

// tests turns an execution into report tests: the leaves of the test tree, plus any test that
// failed on its own account, plus a failing entry for each expected test that never ran.
func (m *module) tests(exec *testjson.Execution, s suiteRun, records map[string]kit.Record, o testOutcome) []report.Test {
	var out []report.Test
	pkgOut := m.rewritePaths(exec.Output())
	pkgSigns := testjson.SignsOf(exec.Output())
	seenTop := map[string]bool{}
	for _, t := range exec.Tests() {
		top, _, _ := strings.Cut(t.Name, "/")
		seenTop[top] = true
		if len(t.Children) > 0 {
			childFailed := false
			for _, c := range t.Children {
				if ct := exec.Test(c); ct != nil && ct.Action != testjson.ActionPass && ct.Action != testjson.ActionSkip {
					childFailed = true
				}
			}
			if t.Action == testjson.ActionPass || t.Action == testjson.ActionSkip || childFailed {
				continue // its subtests speak for it
			}
		}
		rt := report.Test{Name: t.Name, DurationMS: t.Elapsed.Milliseconds()}
		rec, hasRec := records[t.Name]
		if hasRec && len(rec.Perf) > 0 {
			rt.Measurements = measurements(rec.Perf)
		}
		switch t.Action {
		case testjson.ActionPass:
			rt.Status = report.Pass
			if hasRec && !rec.Failed {
				rt.Message = rec.Summary
			}
		case testjson.ActionSkip:
			rt.Status = report.Skipped
			rt.Message = cleanOutput(m.rewritePaths(t.Output))
		default:
			rt.Status = report.Fail
			rt.Verdict, rt.Message = m.failure(exec, t, s, rec, hasRec, o)
		}
		out = append(out, rt)
	}
	for _, name := range s.expected {
		if seenTop[name] {
			continue
		}
		v := report.RuntimeError
		msg := "the test never ran: the test process stopped before it"
		switch {
		case o.memoryExceeded:
			v, msg = report.MemoryLimitExceeded, fmt.Sprintf("the test never ran: the test process used more than %s of memory and was stopped", byteSize(s.maxMemory))
		case o.outputExceeded:
			v, msg = report.OutputLimitExceeded, fmt.Sprintf("the test never ran: the code printed more than %s of output and was stopped", byteSize(s.maxOutput))
		case o.killed || pkgSigns.Timeout:
			v, msg = report.TimeLimitExceeded, fmt.Sprintf("the test never ran: the %s suite's time limit of %s ran out before it", s.name, s.timeout)
		case pkgSigns.Race:
			v = report.RaceDetected
		}
		if v == report.RuntimeError {
			if p := explainPanic(pkgOut); p != "" {
				msg += ":\n" + p
			} else if out := strings.TrimSpace(pkgOut); out != "" {
				msg += withOutput(cleanOutput(out))
			}
		}
		out = append(out, report.Test{Name: name, Status: report.Fail, Verdict: v, Message: msg})
	}
	return out
}

// failure decides the verdict and message of a failing test. A panic inside a subtest is
// printed under its parent, and a test that never finished left its last words in the
// package's output, so those count as the test's own.
func (m *module) failure(exec *testjson.Execution, t *testjson.Test, s suiteRun, rec kit.Record, hasRec bool, o testOutcome) (report.Verdict, string) {
	output := t.Output
	for name := t.Name; strings.Contains(name, "/"); {
		name = name[:strings.LastIndex(name, "/")]
		if p := exec.Test(name); p != nil {
			output += p.Output
		}
	}
	if !t.Done() {
		output += exec.Output()
	}
	output = m.rewritePaths(output)
	signs := testjson.SignsOf(output)
	v := classify(signs, s.defaultVerdict, rec, hasRec)
	switch {
	case o.memoryExceeded && !t.Done():
		return report.MemoryLimitExceeded, fmt.Sprintf("the test process used more than %s of memory (%s when it was stopped) while this test ran: look for a structure that grows without bound, or entries that are never removed (`--memory` raises the limit)",
			byteSize(s.maxMemory), byteSize(o.peakMemory))
	case o.outputExceeded && !t.Done():
		return report.OutputLimitExceeded, fmt.Sprintf("the code printed more than %s of output while this test ran, and was stopped: remove debugging output (`--max-output` raises the limit)", byteSize(s.maxOutput))
	case o.killed && !t.Done():
		return report.TimeLimitExceeded, fmt.Sprintf("the test was still running when the %s suite's time limit of %s ran out, and was stopped: look for an infinite loop, a deadlock, or a lock that is never released (`--timeout` raises the limit)", s.name, s.timeout)
	case v == report.RaceDetected:
		msg := explainRace(output)
		if hasRec && rec.Failed {
			msg += "\n\n" + recordMessage(rec, m.rewritePaths)
		}
		return v, msg
	case hasRec && rec.Failed:
		// The test stopped itself and said why, naming the call: a hung call caught by the
		// kit's watchdog, say, which is more precise than the suite's time limit.
		return v, recordMessage(rec, m.rewritePaths)
	case v == report.TimeLimitExceeded:
		return v, fmt.Sprintf("the test was still running when the %s suite's time limit of %s ran out: look for an infinite loop, a deadlock, or a lock that is never released (`--timeout` raises the limit)", s.name, s.timeout)
	case v == report.RuntimeError:
		if p := explainPanic(output); p != "" {
			return v, p
		}
	}
	return v, cleanOutput(output)
}

// classify decides which problem a failing test shows, from the strongest evidence to the
// weakest: what the runtime printed, what the test's record says, then the suite's default.
func classify(signs testjson.Signs, def report.Verdict, rec kit.Record, hasRec bool) report.Verdict {
	switch {
	case signs.Race:
		return report.RaceDetected
	case signs.Timeout:
		return report.TimeLimitExceeded
	case signs.OOM:
		return report.MemoryLimitExceeded
	case hasRec && rec.Failed && rec.Kind != "":
		return report.Verdict(rec.Kind)
	case signs.Panic:
		return report.RuntimeError
	}
	return def
}

// recordMessage renders a kit record: the summary, the transcript of the smallest failing
// sequence as a diff of expected and actual calls, and a test to reproduce it.
func recordMessage(r kit.Record, rewrite func(string) string) string {
	var b strings.Builder
	b.WriteString(rewrite(r.Summary))
	// Transcripts and repros can hold stack positions too: every part names the learner's
	// files as the learner does.
	for _, lines := range [][]string{r.Want, r.Got} {
		for i := range lines {
			lines[i] = rewrite(lines[i])
		}
	}
	r.Repro = rewrite(r.Repro)
	if len(r.Want) > 0 || len(r.Got) > 0 {
		b.WriteString("\n\n")
		if r.ShrunkFrom > len(r.Got) {
			fmt.Fprintf(&b, "smallest failing sequence (shrunk from %d calls to %d), ", r.ShrunkFrom, len(r.Got))
		}
		b.WriteString("calls and results (-want +got):\n")
		// go-cmp varies its diffs' spaces between ordinary and non-breaking ones from run to
		// run, on purpose, so that nobody compares them byte for byte; prep's reports are
		// compared so (by scripts, by a learner diffing two runs), and show ordinary spaces.
		diff := strings.ReplaceAll(cmp.Diff(r.Want, r.Got), "\u00a0", " ")
		b.WriteString(strings.TrimRight(diff, "\n"))
	}
	if r.Repro != "" {
		b.WriteString("\n\nreproduce it with this test:\n")
		b.WriteString(strings.TrimRight(r.Repro, "\n"))
	}
	return b.String()
}

func measurements(ms []kit.Measurement) []report.Measurement {
	out := make([]report.Measurement, len(ms))
	for i, m := range ms {
		out[i] = report.Measurement(m)
	}
	return out
}

// readRecords reads the kit's records, keeping the last one of each test.
func readRecords(path string) map[string]kit.Record {
	out := map[string]kit.Record{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, 16<<20))
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		var r kit.Record
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Test != "" {
			if prev, ok := out[r.Test]; ok && prev.Failed && !r.Failed {
				continue // a failure is never hidden by a later pass
			}
			out[r.Test] = r
		}
	}
	return out
}

// hiddenPrefix matches the file:line prefix the testing package puts before t.Error output;
// it points into hidden test files the learner cannot see.
var hiddenPrefix = regexp.MustCompile(`(?m)^\s{4}\w+_test\.go:\d+: ?`)

// cleanOutput trims a test's output to what helps: no positions in hidden test files, no
// leading indentation, no trailing blank lines.
func cleanOutput(s string) string {
	s = hiddenPrefix.ReplaceAllString(s, "")
	lines := strings.Split(strings.TrimRight(s, "\n "), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "    ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func withOutput(out string) string {
	if out == "" {
		return ""
	}
	return ":\n" + out
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
