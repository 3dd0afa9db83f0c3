package grader

// The verdicts of a suite's tests: what each test that did not pass shows, from the evidence
// a run leaves (the judge's channel, the kit's records, the test output's signs, and what the
// grader itself saw of the process), and the messages that explain it.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/google/go-cmp/cmp"

	"github.com/prep-judge/prep/challenges/kit"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/testjson"
)

// uncleanExit explains a test process that failed although every test passed: what it
// printed outside the tests, before them (in init) or after them, says why.
func (m *module) uncleanExit(exec *testjson.Execution) report.Test {
	out := strings.TrimSpace(m.rewritePaths(exec.Output()))
	t := report.Test{Name: "(test process)", Status: report.Fail, Verdict: report.RuntimeError}
	switch signs := testjson.SignsOf(out); {
	case signs.Race:
		t.Verdict = report.RaceDetected
		t.Message = "every test passed, but the race detector found a data race outside them: in code that runs before the tests (an init function, a package-level variable) or in a goroutine still running after them\n" + explainRace(out)
	case signs.Panic:
		t.Message = "every test passed, but the test process crashed outside them: in code that runs before the tests (an init function) or in a goroutine still running after them:\n" + explainPanic(out)
	default:
		t.Message = "every test passed, but the test process did not exit cleanly" + withOutput(cleanOutput(out))
	}
	return t
}

// printingIsSlow says why a solution that prints while it is timed is slow.
const printingIsSlow = "printing on every call costs more than any of these operations, and is why it is slow; remove debugging output"

// printedWhileTimed is how much a performance test may print before its slowness is blamed
// on the printing: the harness's few messages are a few hundred bytes.
const printedWhileTimed = 16 << 10

// testOutcome is what the grader itself saw of a run.
type testOutcome struct {
	outputExceeded bool
	killed         bool
	memoryExceeded bool
	peakMemory     int64
	// exitCode is the test process's exit status when it ended by itself, and 0 when it
	// exited cleanly or was stopped.
	exitCode int
}

// tests turns an execution into report tests: one entry for each top-level test the hidden
// source declares that passed or was skipped, and for each that failed, an entry for each of
// its failing subtests (or itself), so that every failure can be explained where it happened.
//
// Only those top-level tests and their subtests count: any other test name can come only from
// output that imitates the testing package's. And a test passes only when the judge's channel
// says so (see kit.Judge): what the output says of it can make it fail, never pass.
func (m *module) tests(exec *testjson.Execution, s suiteRun, records map[string]kit.Record, judged map[string]kit.TestOutcome, o testOutcome) []report.Test {
	var out []report.Test
	pkgOut := m.rewritePaths(exec.Output())
	pkgSigns := testjson.SignsOf(exec.Output())
	expected := map[string]bool{}
	for _, name := range s.expected {
		expected[name] = true
	}
	// In the order the tests started, as they ran.
	var order []string
	byTop := map[string][]*testjson.Test{}
	for _, t := range exec.Tests() {
		top := report.TopLevel(t.Name)
		if !expected[top] {
			continue
		}
		if byTop[top] == nil {
			order = append(order, top)
		}
		byTop[top] = append(byTop[top], t)
	}
	// The test the process stopped in, if it stopped in one: the tests after it never ran,
	// for its reason.
	var stopped *report.Test
	for _, name := range order {
		tests := byTop[name]
		top := exec.Test(name)
		j := judged[name]
		rt := report.Test{Name: name, DurationMS: top.Elapsed.Milliseconds()}
		rec, hasRec := records[name]
		if hasRec && len(rec.Perf) > 0 {
			rt.Measurements = measurements(rec.Perf)
		}
		switch {
		case j.Result == kit.ResultPass && (top.Action == testjson.ActionPass || top.Action == testjson.ActionSkip):
			rt.Status = report.Pass
			if hasRec && !rec.Failed {
				rt.Message = rec.Summary
			}
			out = append(out, rt)
			continue
		case j.Result == kit.ResultSkip && top.Action != testjson.ActionFail && top.Done():
			rt.Status = report.Skipped
			rt.Message = cleanOutput(m.rewritePaths(top.Output))
			out = append(out, rt)
			continue
		}
		failing := 0
		for _, t := range tests {
			if t.Action == testjson.ActionPass || t.Action == testjson.ActionSkip {
				continue
			}
			if len(t.Children) > 0 && m.childFailed(exec, t) {
				continue // its subtests speak for it
			}
			ft := report.Test{Name: t.Name, DurationMS: t.Elapsed.Milliseconds(), Status: report.Fail}
			rec, hasRec := records[t.Name]
			if hasRec && len(rec.Perf) > 0 {
				ft.Measurements = measurements(rec.Perf)
			}
			ft.Verdict, ft.Message = m.failure(exec, t, s, rec, hasRec, o)
			out = append(out, ft)
			failing++
		}
		if failing == 0 {
			// The output says every part of the test passed, but the judge has no pass for it.
			rt.Status = report.Fail
			rt.Verdict, rt.Message = m.unearned(exec, top, s, j, rec, hasRec, o)
			out = append(out, rt)
		}
		if !top.Done() && stopped == nil {
			last := out[len(out)-1]
			stopped = &last
		}
	}
	for _, name := range s.expected {
		if byTop[name] != nil {
			continue
		}
		if stopped != nil {
			out = append(out, report.Test{Name: name, Status: report.Fail, Verdict: stopped.Verdict,
				Message: fmt.Sprintf("the test never ran: the test process stopped in %s, before it (%s)", report.TopLevel(stopped.Name), stopped.Verdict.Describe())})
			continue
		}
		out = append(out, m.neverRan(name, s, pkgOut, pkgSigns, o))
	}
	return out
}

// childFailed reports whether a subtest of t failed or never finished.
func (m *module) childFailed(exec *testjson.Execution, t *testjson.Test) bool {
	for _, c := range t.Children {
		if ct := exec.Test(c); ct != nil && ct.Action != testjson.ActionPass && ct.Action != testjson.ActionSkip {
			return true
		}
	}
	return false
}

// neverRan explains an expected test of which no event was seen.
func (m *module) neverRan(name string, s suiteRun, pkgOut string, pkgSigns testjson.Signs, o testOutcome) report.Test {
	v := report.RuntimeError
	msg := "the test never ran: the test process stopped before it"
	switch {
	case o.memoryExceeded:
		v, msg = report.MemoryLimitExceeded, fmt.Sprintf("the test never ran: the test process used more than %s of memory and was stopped", byteSize(s.maxMemory))
	case o.outputExceeded && s.name == report.Performance:
		v, msg = report.TooSlow, fmt.Sprintf("the test never ran: the code printed more than %s while an earlier test measured it, and was stopped: %s", byteSize(s.maxOutput), printingIsSlow)
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
	return report.Test{Name: name, Status: report.Fail, Verdict: v, Message: msg}
}

// unearned explains a test whose output claims a pass the judge's channel does not confirm.
func (m *module) unearned(exec *testjson.Execution, t *testjson.Test, s suiteRun, j kit.TestOutcome, rec kit.Record, hasRec bool, o testOutcome) (report.Verdict, string) {
	switch {
	case j.Result == kit.ResultFail && hasRec && rec.Failed:
		return m.failure(exec, t, s, rec, hasRec, o)
	case j.Result == kit.ResultFail && !j.Returned:
		return report.RuntimeError, "the test ended without returning, though its output claims it passed: code that ends a test's goroutine early, or prints what the testing package prints, cannot pass a test"
	case j.Result == kit.ResultFail:
		return report.WrongAnswer, "the test failed, though its output claims it passed: the code printed lines that imitate the testing package's own, and prep does not take a test's word from its output"
	}
	return report.Rejected, "the test's output claims it passed, but it never finished: the code printed lines that imitate the testing package's own (a `--- PASS` line, or test2json's framing byte ^V), and prep does not take a test's word from its output; remove that printing"
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
	case o.outputExceeded && !t.Done() && s.name == report.Performance:
		// How much a timed solution prints depends on how many calls the harness had time
		// to make, so whether it reached the limit depends on the machine; the cause does not.
		return report.TooSlow, fmt.Sprintf("the code printed more than %s while it was measured, and was stopped: %s", byteSize(s.maxOutput), printingIsSlow)
	case o.outputExceeded && !t.Done():
		return report.OutputLimitExceeded, fmt.Sprintf("the code printed more than %s of output while this test ran, and was stopped: remove debugging output (`--max-output` raises the limit)", byteSize(s.maxOutput))
	case o.killed && !t.Done():
		return report.TimeLimitExceeded, fmt.Sprintf("the test was still running when the %s suite's time limit of %s ran out, and was stopped: look for an infinite loop, a deadlock, or a lock that is never released (`--timeout` raises the limit)", s.name, s.timeout)
	case !t.Done() && o.exitCode != 0 && !signs.Panic && !signs.Timeout && !signs.Race && !signs.OOM:
		// The process ended in the middle of the test, by itself, without a panic: the code
		// called log.Fatal (which calls os.Exit), the one way out a solution has.
		return report.RuntimeError, fmt.Sprintf("the test process exited with status %d in the middle of this test: the code called log.Fatal (or log.Fatalf, log.Fatalln), which ends the whole process, every test with it; return an error, or panic, instead%s",
			o.exitCode, withOutput(cleanOutput(output)))
	case v == report.RaceDetected:
		msg := explainRace(output)
		if hasRec && rec.Failed {
			msg += "\n\n" + recordMessage(rec, m.rewritePaths)
		}
		return v, msg
	case hasRec && rec.Failed && v == report.TooSlow && t.Printed > printedWhileTimed:
		// Printing costs far more than the operations measured: it is the likelier cause.
		return v, recordMessage(rec, m.rewritePaths) + fmt.Sprintf("\n\nthe code printed %s while it was measured: %s", byteSize(t.Printed), printingIsSlow)
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
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
