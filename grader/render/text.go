package render

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/prep-judge/prep/grader/report"
)

// Text prints the scorecard people read after every submission. It is built to be scanned:
// one line per suite with its score, the failing tests and their messages beneath, the
// performance figures the verdict was decided on, then the verdict, the score and a hint
// for what to do next. Without colour it is plain ASCII with PASS, FAIL, SKIP and ERROR
// markers, stable enough to grep and to diff.
type Text struct {
	Options
}

// Print writes the scorecard of one submission.
func (p Text) Print(w io.Writer, r *report.Report) error {
	if r == nil {
		return errNilReport
	}
	t := p.writer()
	t.scorecard(r, false)
	return flush(w, &t.b)
}

// PrintAll writes each submission's scorecard, then a table of all of them and the total.
func (p Text) PrintAll(w io.Writer, rs []*report.Report) error {
	if err := checkAll(rs); err != nil {
		return err
	}
	t := p.writer()
	for _, r := range rs {
		t.scorecard(r, true)
		t.b.WriteByte('\n')
	}
	t.summary(rs)
	return flush(w, &t.b)
}

// textWriter is one rendering: the output so far and the palette it uses.
type textWriter struct {
	Options
	b   bytes.Buffer
	pal palette
}

func (p Text) writer() *textWriter {
	return &textWriter{Options: p.Options, pal: newPalette(p.Color)}
}

// scorecard writes one submission's scorecard. Among several, the header names the folder
// too, since a practice repo may hold one challenge in more than one folder.
func (t *textWriter) scorecard(r *report.Report, withDir bool) {
	pal := t.pal
	head := "prep" + pal.dot + r.Challenge
	if r.Title != "" {
		head += " (" + r.Title + ")"
	}
	head = pal.bold.Sprint(printable(head))
	if d := displayDir(r.Dir); withDir && d != "" {
		head += pal.faint.Sprint(pal.dot + printable(d))
	}
	t.b.WriteString(head + "\n\n")

	ss := suites(r)
	rows := make([][]cell, len(ss))
	for i, s := range ss {
		rows[i] = t.suiteRow(s)
	}
	cols := widths(rows)
	for i, s := range ss {
		t.b.WriteString(t.pal.marker(s.Status).render() + " " + layout(rows[i], cols, []bool{false, true, false, true}, columnGap) + "\n")
		// A blank line after a suite's details keeps the next suite's line easy to find.
		if t.suiteDetails(s) && i < len(ss)-1 {
			t.b.WriteByte('\n')
		}
	}

	if len(r.Diagnostics) > 0 {
		t.b.WriteString("\n" + pal.bold.Sprint("diagnostics") + "\n")
		for _, d := range r.Diagnostics {
			t.diagnostic(r.Dir, d)
		}
	}

	t.b.WriteByte('\n')
	verdict := pal.boldRed
	switch {
	case r.Passed:
		verdict = pal.boldGreen
	case r.Verdict == report.Accepted:
		verdict = pal.yellow // nothing wrong found, but not everything judged
	}
	t.closing("verdict", verdict.Sprint(string(r.Verdict))+pal.dash+r.Summary())
	t.closing("score", fmt.Sprintf("%d/%d", r.Score, r.MaxScore)+pal.faint.Sprint(" in "+duration(r.DurationMS)))
	for _, n := range r.Notes {
		t.closing("note", n)
	}
	if t.Timings && len(r.Timings) > 0 {
		t.timings(r.Timings)
	}
	if h := r.Advice(displayDir(r.Dir)); h != "" {
		t.closing("hint", h)
	}
}

// timings lists the steps of grading with when each started and how long it took; steps
// that ran in parallel overlap.
func (t *textWriter) timings(steps []report.Timing) {
	rows := make([][]cell, len(steps))
	for i, s := range steps {
		rows[i] = []cell{{text: "at " + duration(s.StartMS)}, {text: duration(s.DurationMS)}, {text: s.Step}}
	}
	cols := widths(rows)
	for i, row := range rows {
		label := ""
		if i == 0 {
			label = "timings"
		}
		t.b.WriteString(pad(label, labelWidth) + layout(row, cols, []bool{true, true, false}, 2) + "\n")
	}
}

func (t *textWriter) closing(label, text string) {
	t.b.WriteString(pad(label, labelWidth) + text + "\n")
}

// suiteRow is a suite's line after its marker: name, score, what happened, time. A suite that
// did not run says why in place of the test count, and has no time to show.
func (t *textWriter) suiteRow(s report.Suite) []cell {
	row := []cell{{text: s.Name}, {text: fmt.Sprintf("%d/%d", s.Score, s.MaxScore)}}
	switch s.Status {
	case report.Skipped:
		return append(row, cell{text: joinNonEmpty(": ", "skipped", printable(firstLine(s.Reason))), style: t.pal.yellow, wide: true})
	case report.Error:
		return append(row, cell{text: joinNonEmpty(": ", "could not run", printable(firstLine(s.Reason))), style: t.pal.red, wide: true})
	}
	return append(row, cell{text: countTests(s)}, cell{text: duration(s.DurationMS), style: t.pal.faint})
}

// countTests says how many tests ran, and on a failing suite how many of them failed, as
// report.Suite.Count counts them.
func countTests(s report.Suite) string {
	c := s.Count()
	n, failed, skipped := c.Tests, c.Failed, c.Skipped
	text := plural(n, "test")
	if failed > 0 {
		text = fmt.Sprintf("%d of %s failed", failed, plural(n, "test"))
	}
	if skipped > 0 {
		text += fmt.Sprintf(", %d skipped", skipped)
	}
	return text
}

// suiteDetails lists a suite's tests beneath its line, and says whether it listed anything.
// Failing tests are always listed, with their messages; performance tests too, because their
// figures explain the verdict either way. Everything else is a count, unless Verbose asks for
// every test.
func (t *textWriter) suiteDetails(s report.Suite) bool {
	pal := t.pal
	wrote := false
	if ls := lines(s.Reason); s.Status == report.Skipped || s.Status == report.Error {
		// The first line is on the suite's own line already.
		if len(ls) > 1 {
			t.block(testIndent, ls[1:])
			wrote = true
		}
	} else if len(ls) > 0 {
		t.block(testIndent, ls)
		wrote = true
	}
	var quiet []report.Test
	spaced := false // whether the last thing written ran over several lines
	// One bug usually fails many tests. One failure is shown in full (its calls, the diff, a
	// test to paste): the one with the shortest message, since the hidden tests shrink their
	// failures and the smallest example teaches best. The others show their first line, unless
	// Verbose.
	full := -1
	for i, test := range s.Tests {
		if test.Status == report.Fail && (full < 0 || len(messageLines(test)) < len(messageLines(s.Tests[full]))) {
			full = i
		}
	}
	briefed := 0
	for i, test := range s.Tests {
		if test.Status == report.Skipped && s.Reason != "" && strings.HasSuffix(test.Message, s.Reason) {
			test.Message = "" // the suite's line says it once for all its tests
		}
		if !t.Verbose && test.Status != report.Fail && test.Status != report.Error && len(test.Measurements) == 0 {
			quiet = append(quiet, test)
			continue
		}
		brief := !t.Verbose && test.Status == report.Fail && i != full && len(test.Measurements) == 0
		if brief {
			briefed++
		}
		if spaced {
			t.b.WriteByte('\n')
		}
		spaced = t.test(test, brief)
		wrote = true
	}
	if briefed > 0 {
		if spaced {
			t.b.WriteByte('\n')
		}
		spaced = false
		t.b.WriteString(strings.Repeat(" ", testIndent) + pal.faint.Sprint("(one failure is shown in full; --verbose shows every one)") + "\n")
	}
	if len(quiet) == 0 || len(quiet) == len(s.Tests) {
		// A suite whose every test is quiet already said how many there were.
		return wrote
	}
	passed, skipped := 0, 0
	for _, test := range quiet {
		if test.Status == report.Skipped {
			skipped++
		} else {
			passed++
		}
	}
	var parts []string
	if passed > 0 {
		parts = append(parts, plural(passed, "other test")+" passed")
	}
	if skipped > 0 {
		parts = append(parts, plural(skipped, "other test")+" skipped")
	}
	status := report.Pass
	if passed == 0 {
		status = report.Skipped
	}
	if spaced {
		t.b.WriteByte('\n')
	}
	t.b.WriteString(strings.Repeat(" ", testIndent) + pal.marker(status).render() + " " + pal.faint.Sprint(strings.Join(parts, ", ")) + "\n")
	return true
}

// test writes one test's line, then its message and measurements lined up under its name,
// and says whether it wrote anything beneath the line.
func (t *textWriter) test(test report.Test, brief bool) bool {
	pal := t.pal
	m := pal.marker(test.Status)
	line := strings.Repeat(" ", testIndent) + m.render() + " " + printable(test.Name)
	if label := testLabel(test); label != "" {
		line += pal.dash + m.with(label)
	}
	line += pal.faint.Sprint(" (" + duration(test.DurationMS) + ")")
	t.b.WriteString(line + "\n")

	indent := testIndent + pal.markerWidth() + 1
	var msg []string
	if test.Status != report.Pass || t.Verbose {
		msg = messageLines(test)
		if brief && len(msg) > 1 {
			msg = msg[:1]
		}
		t.block(indent, msg)
	}
	for _, meas := range test.Measurements {
		t.measurement(indent, meas)
	}
	// A brief failure is one line of message: the next test follows without a gap.
	return (len(msg) > 1 || !brief && len(msg) > 0) || len(test.Measurements) > 0
}

// testLabel names what went wrong in words: "wrong answer", not "wrong_answer".
func testLabel(test report.Test) string {
	switch test.Status {
	case report.Pass:
		return ""
	case report.Skipped:
		return "skipped"
	case report.Error:
		return "could not run"
	}
	if test.Verdict == "" {
		return "failed"
	}
	return strings.ReplaceAll(string(test.Verdict), "_", " ")
}

// messageLines is what a test's message adds to the scorecard. The performance kit logs each
// measurement's Reason as "Op: Reason" and fails with the bare Reason; the measurements block
// below shows the same sentence beside its figures, so those lines would only say it twice.
func messageLines(test report.Test) []string {
	ls := lines(test.Message)
	if len(test.Measurements) == 0 {
		return ls
	}
	repeats := map[string]bool{}
	for _, m := range test.Measurements {
		if m.Reason != "" {
			repeats[m.Reason] = true
			repeats[m.Operation+": "+m.Reason] = true
		}
	}
	var out []string
	for _, l := range ls {
		if !repeats[strings.TrimSpace(l)] {
			out = append(out, l)
		}
	}
	return lines(strings.Join(out, "\n"))
}

// measurement shows what a performance test measured for one operation: its verdict in a
// sentence, then the solution's and the reference's cost per call at each size, the figures
// a learner needs to see how the cost grows.
func (t *textWriter) measurement(indent int, m report.Measurement) {
	pal := t.pal
	status := report.Fail
	if m.Passed {
		status = report.Pass
	}
	reason := m.Reason
	if reason == "" {
		reason = fmt.Sprintf("%s: expected %s, observed %s", m.Operation, m.Expected, m.Observed)
	}
	t.b.WriteString(strings.Repeat(" ", indent) + pal.marker(status).render() + " " + printable(reason) + "\n")

	rows := [][]cell{
		{{text: "size", style: pal.faint}},
		{{text: "solution"}},
		{{text: "reference", style: pal.faint}},
	}
	for i, n := range m.Sizes {
		rows[0] = append(rows[0], cell{text: strconv.Itoa(n), style: pal.faint})
		rows[1] = append(rows[1], cell{text: t.nanos(m.NsPerOp, i)})
		rows[2] = append(rows[2], cell{text: t.nanos(m.RefNsPerOp, i), style: pal.faint})
	}
	right := make([]bool, len(m.Sizes)+1)
	for i := range right {
		right[i] = true
	}
	// The table sits under the sentence rather than under its marker; a fixed step keeps the
	// wide plain markers from pushing the figures off a narrow terminal.
	prefix := strings.Repeat(" ", indent+2)
	cols := widths(rows)
	if len(m.Sizes) > 0 {
		for _, row := range rows {
			t.b.WriteString(prefix + layout(row, cols, right, 2) + "\n")
		}
	}
	label := strings.Repeat(" ", max(cols[0]-len("allocs/op"), 0)) + "allocs/op"
	t.b.WriteString(prefix + label + "  " + ratio(m.AllocsPerOp) + pal.faint.Sprint(" (reference "+ratio(m.RefAllocsPerOp)+")") + "\n")
	if len(m.BytesPerOp) == 2 && len(m.RefBytesPerOp) == 2 && len(m.Sizes) > 1 {
		// Bytes per call at the smallest and largest size: growth here is growth of the work.
		label := strings.Repeat(" ", max(cols[0]-len("bytes/op"), 0)) + "bytes/op"
		t.b.WriteString(prefix + label + "  " + fmt.Sprintf("%s at size %d, %s at %d", ratio(m.BytesPerOp[0]), m.Sizes[0], ratio(m.BytesPerOp[1]), m.Sizes[len(m.Sizes)-1]) +
			pal.faint.Sprint(" (reference "+ratio(m.RefBytesPerOp[0])+", "+ratio(m.RefBytesPerOp[1])+")") + "\n")
	}
	if m.Passes > 1 {
		t.b.WriteString(prefix + pal.faint.Sprintf("measured %d times: the first figures were too close to the line to decide on; each figure is the fastest seen", m.Passes) + "\n")
	}
}

// nanos formats a cost per call with the unit a person would pick, to two or three
// significant digits: 31 ns, 1.2 µs, 140 µs, 3.5 ms.
func (t *textWriter) nanos(xs []float64, i int) string {
	if i >= len(xs) {
		return "?"
	}
	x := xs[i]
	if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
		return "?"
	}
	scaled := func(v float64, unit string) string {
		if v < 10 {
			return trimZeros(strconv.FormatFloat(v, 'f', 1, 64)) + " " + unit
		}
		return strconv.FormatFloat(v, 'f', 0, 64) + " " + unit
	}
	switch {
	case x < 1e3:
		return scaled(x, "ns")
	case x < 1e6:
		return scaled(x/1e3, t.pal.micro)
	case x < 1e9:
		return scaled(x/1e6, "ms")
	}
	return scaled(x/1e9, "s")
}

// ratio formats a count that is usually whole, such as allocations per call.
func ratio(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "?"
	}
	return trimZeros(strconv.FormatFloat(x, 'f', 1, 64))
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// diagnostic writes one diagnostic the way compilers do, with the path joined to the folder
// the user named, so that an editor or terminal can open it from where prep was run.
func (t *textWriter) diagnostic(dir string, d report.Diagnostic) {
	ls := lines(d.Message)
	if len(ls) == 0 {
		ls = []string{""}
	}
	at := d
	at.File, at.Message = repoPath(dir, d.File), ""
	first := printable(ls[0])
	line := strings.Repeat(" ", testIndent) + first
	if loc := strings.TrimSpace(at.String()); loc != "" {
		line = strings.Repeat(" ", testIndent) + t.pal.bold.Sprint(printable(loc)) + " " + first
	}
	t.b.WriteString(strings.TrimRight(line, " ") + "\n")
	t.block(testIndent+2, ls[1:])
}

// block writes lines at an indent. Tabs become spaces at stops of four, measured from the
// message's own left edge: go-cmp diffs and Go snippets align with tabs, and a tab after our
// indent would land on the terminal's stops instead, out of line with its neighbours.
func (t *textWriter) block(indent int, ls []string) {
	prefix := strings.Repeat(" ", indent)
	for _, l := range ls {
		l = expandTabs(printable(l), 4)
		if l == "" {
			t.b.WriteByte('\n')
			continue
		}
		t.b.WriteString(prefix + l + "\n")
	}
}

// summary closes `prep ci` output: one line per graded folder, then the total.
func (t *textWriter) summary(rs []*report.Report) {
	pal := t.pal
	if len(rs) == 0 {
		t.b.WriteString(pal.bold.Sprint("summary") + "\n    no challenges graded\n")
		return
	}
	withDir := false
	for _, r := range rs {
		if r.Dir != "" {
			withDir = true
		}
	}
	header := []cell{{text: "challenge", style: pal.faint}}
	right := []bool{false}
	if withDir {
		header = append(header, cell{text: "folder", style: pal.faint})
		right = append(right, false)
	}
	header = append(header, cell{text: "verdict", style: pal.faint}, cell{text: "score", style: pal.faint}, cell{text: "time", style: pal.faint})
	right = append(right, false, true, true)
	rows := [][]cell{header}
	markers := []string{strings.Repeat(" ", pal.markerWidth())}
	for _, r := range rs {
		status, verdict := report.Fail, pal.red
		if r.Passed {
			status, verdict = report.Pass, pal.green
		}
		markers = append(markers, pal.marker(status).render())
		row := []cell{{text: r.Challenge}}
		if withDir {
			row = append(row, cell{text: displayDir(r.Dir)})
		}
		row = append(row,
			cell{text: string(r.Verdict), style: verdict},
			cell{text: fmt.Sprintf("%d/%d", r.Score, r.MaxScore)},
			cell{text: duration(r.DurationMS), style: pal.faint})
		rows = append(rows, row)
	}
	t.b.WriteString(pal.bold.Sprint("summary") + "\n")
	cols := widths(rows)
	for i, row := range rows {
		t.b.WriteString(markers[i] + " " + layout(row, cols, right, columnGap) + "\n")
	}
	passed, graded, score, maxScore, ms := totals(rs)
	total := pal.boldRed
	if passed == graded {
		total = pal.boldGreen
	}
	t.b.WriteString("\n" + total.Sprintf("%d of %d passed", passed, graded) +
		pal.dot + fmt.Sprintf("score %d/%d", score, maxScore) + pal.faint.Sprint(" in "+duration(ms)) + "\n")
}

// displayDir is a folder as the user would type it again: cleaned, with forward slashes.
func displayDir(dir string) string {
	if dir == "" {
		return ""
	}
	return filepath.ToSlash(filepath.Clean(dir))
}
