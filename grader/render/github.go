package render

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/prep-judge/prep/grader/report"
)

// GitHub prints GitHub Actions workflow commands: an error annotation for every diagnostic
// and every failing test, pointing at a file and line where one is known so that it shows on
// the pull request's diff, then a plain line with the outcome for the log.
//
// GitHub shows at most maxAnnotations error annotations for a step and silently drops the
// rest, so past that many the printers write plain log lines instead, and share the
// annotations out among the submissions: each failing one gets its first before any gets a
// second, so that none is left without a mark on the diff.
type GitHub struct {
	// Outlines, by report Dir, place the annotations of failing tests whose messages name no
	// line of the solution; without one such an annotation names no file.
	Outlines map[string]Outline
}

// maxAnnotations is how many error annotations GitHub shows for one step.
const maxAnnotations = 10

// Print writes the annotations and summary line of one submission.
func (g GitHub) Print(w io.Writer, r *report.Report) error {
	if r == nil {
		return errNilReport
	}
	return g.print(w, []*report.Report{r}, []string{r.Challenge}, false)
}

// PrintAll writes every submission's annotations and summary line, then the total.
func (g GitHub) PrintAll(w io.Writer, rs []*report.Report) error {
	if err := checkAll(rs); err != nil {
		return err
	}
	names := labels(rs)
	for i, r := range rs {
		if names[i] != r.Challenge {
			names[i] = r.Challenge + " (" + names[i] + ")"
		}
	}
	return g.print(w, rs, names, true)
}

// print writes each report's annotations and summary line, naming the reports by names in
// titles, and the total when total is set.
func (g GitHub) print(w io.Writer, rs []*report.Report, names []string, total bool) error {
	all := make([][]annotation, len(rs))
	counts := make([]int, len(rs))
	for i, r := range rs {
		all[i] = g.annotations(r, names[i])
		counts[i] = len(all[i])
	}
	quota := share(counts, maxAnnotations)
	var b bytes.Buffer
	plain := 0
	for i, r := range rs {
		for j, a := range all[i] {
			if j < quota[i] {
				a.command(&b)
			} else {
				a.plain(&b)
				plain++
			}
		}
		line := fmt.Sprintf("prep %s: %s, score %d/%d", names[i], r.Verdict, r.Score, r.MaxScore)
		if !r.Passed {
			line += " - " + r.Summary()
		}
		b.WriteString(line + "\n")
	}
	if total {
		passed, graded, score, maxScore, _ := totals(rs)
		fmt.Fprintf(&b, "prep: %d of %d passed, score %d/%d\n", passed, graded, score, maxScore)
	}
	if plain > 0 {
		fmt.Fprintf(&b, "prep: %d more %s listed without an annotation: GitHub shows at most %d error annotations a step\n",
			plain, pluralize(plain, "problem is", "problems are"), maxAnnotations)
	}
	return flush(w, &b)
}

// share divides budget among lists of counts[i] items, one item at a time in turn, and
// returns how many of each list's items fit: the first items of every list before the second
// of any.
func share(counts []int, budget int) []int {
	quota := make([]int, len(counts))
	for more := true; more && budget > 0; {
		more = false
		for i := range counts {
			if budget > 0 && quota[i] < counts[i] {
				quota[i]++
				budget--
				more = true
			}
		}
	}
	return quota
}

func pluralize(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// annotation is one problem to mark: where, under what title, and what to say.
type annotation struct {
	file      string // as the repository names it; empty for none
	line, col int
	title     string
	msg       string
}

// command writes the annotation as a workflow command. Everything after "::" is escaped so
// that it stays on one line: a message can never end it early or start a command of its own.
func (a annotation) command(b *bytes.Buffer) {
	var props []string
	if a.file != "" {
		props = append(props, "file="+escapeProperty(printable(a.file)))
		if a.line > 0 {
			props = append(props, fmt.Sprintf("line=%d", a.line))
			if a.col > 0 {
				props = append(props, fmt.Sprintf("col=%d", a.col))
			}
		}
	}
	props = append(props, "title="+escapeProperty(printable(a.title)))
	command(b, props, a.msg)
}

// plain writes the annotation as a log line, for problems past what GitHub annotates: the
// title, the place and the message's first line, which the log shows as written.
func (a annotation) plain(b *bytes.Buffer) {
	b.WriteString(printable(a.title))
	if a.file != "" {
		b.WriteString(" at " + printable(a.file))
		if a.line > 0 {
			fmt.Fprintf(b, ":%d", a.line)
		}
	}
	// The line starts with the title, "prep ...", so whatever the message holds, the runner
	// reads no workflow command in it: commands start a line.
	b.WriteString(": " + printable(firstLine(a.msg)) + "\n")
}

// annotations are one report's problems, diagnostics first since they are usually the cause
// of what follows; label names the report in titles.
func (g GitHub) annotations(r *report.Report, label string) []annotation {
	outline := g.Outlines[r.Dir]
	var out []annotation
	for _, d := range r.Diagnostics {
		verdict := d.Verdict
		if verdict == "" {
			verdict = r.Verdict
		}
		a := annotation{file: repoPath(r.Dir, d.File), title: "prep " + string(verdict), msg: d.Message}
		if a.file != "" {
			a.line, a.col = d.Line, d.Column
		}
		out = append(out, a)
	}
	for _, s := range suites(r) {
		failedTests := 0
		for _, t := range s.Tests {
			if t.Status != report.Fail && t.Status != report.Error {
				continue
			}
			failedTests++
			msg := testMessage(t)
			file, line := locate(msg)
			if file == "" {
				file, line = outline.place(t, msg)
			}
			out = append(out, annotation{
				file: repoPath(r.Dir, file), line: line,
				title: fmt.Sprintf("prep %s: %s (%s)", label, t.Name, annotationKind(t)),
				msg:   msg,
			})
		}
		// A suite can fail or break with no failing test to say so; its reason is all there is.
		notJudged := s.Status == report.Skipped && slices.Contains(r.NotJudged(), s.Name)
		if failedTests == 0 && (s.Status == report.Fail || s.Status == report.Error || notJudged) {
			what := "failed"
			switch {
			case s.Status == report.Error:
				what = "could not run"
			case notJudged:
				what = "was not judged"
			}
			msg := s.Reason
			if strings.TrimSpace(msg) == "" {
				msg = r.Verdict.Describe()
			}
			a := annotation{title: fmt.Sprintf("prep %s: %s suite %s", label, s.Name, what), msg: msg}
			if s.Status == report.Fail && len(outline.Files) > 0 {
				a.file = repoPath(r.Dir, outline.Files[0])
			}
			out = append(out, a)
		}
	}
	return out
}

// call matches a call in a test's message, such as the c.Get(1) of "call 4: c.Get(1)
// returned -1, want 1", capturing the name called.
var call = regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*)\(`)

// place is where in the solution a failing test's annotation belongs when its message names
// no line: at the declaration of the operation a failing measurement timed, else of the
// first function of the solution the message calls, else at the solution's first file, with
// no line. An empty outline places nothing.
func (o Outline) place(t report.Test, msg string) (file string, line int) {
	for _, m := range t.Measurements {
		if p, ok := o.Funcs[m.Operation]; ok && !m.Passed {
			return p.File, p.Line
		}
	}
	for _, m := range call.FindAllStringSubmatch(msg, -1) {
		if p, ok := o.Funcs[m[1]]; ok {
			return p.File, p.Line
		}
	}
	if len(o.Files) > 0 {
		return o.Files[0], 0
	}
	return "", 0
}

// annotationKind is what an annotation's title says went wrong in a test.
func annotationKind(t report.Test) string {
	switch {
	case t.Status == report.Error:
		return "could not run"
	case t.Verdict == "":
		return "failed"
	}
	return string(t.Verdict)
}

// testMessage is the body of a failing test's annotation. A performance test's message only
// repeats its measurements' reasons, so the annotation says each failing reason once.
func testMessage(t report.Test) string {
	if msg := strings.Join(messageLines(t), "\n"); msg != "" {
		return msg
	}
	var reasons []string
	for _, m := range t.Measurements {
		if !m.Passed && m.Reason != "" {
			reasons = append(reasons, m.Reason)
		}
	}
	if len(reasons) > 0 {
		return strings.Join(reasons, "\n")
	}
	return annotationKind(t)
}

// learnerFile matches a place in a learner's file within a test's message, such as the
// "at lru.go:31" of a race or panic explanation. The grader rewrites the temporary module's
// paths so that the learner's files appear by bare name, relative to the graded folder; hidden
// tests (_test.go), the kit and the standard library keep a directory or a test suffix, and
// never match.
var learnerFile = regexp.MustCompile(`(?:^|[\s(])([\w.+-]+\.go):(\d+)`)

// locate returns the first place in the learner's files that msg names, if any.
func locate(msg string) (file string, line int) {
	for _, m := range learnerFile.FindAllStringSubmatch(msg, -1) {
		if strings.HasSuffix(m[1], "_test.go") {
			continue
		}
		n, err := strconv.Atoi(m[2])
		if err != nil || n <= 0 {
			continue
		}
		return m[1], n
	}
	return "", 0
}

// command writes one workflow command. Everything after "::" is escaped so that the command
// stays on one line: a message can never end it early or start a command of its own.
func command(b *bytes.Buffer, props []string, msg string) {
	b.WriteString("::error")
	if len(props) > 0 {
		b.WriteString(" " + strings.Join(props, ","))
	}
	b.WriteString("::" + escapeData(tidy(msg)) + "\n")
}

// GitHubError writes an error annotation with a title and no place, as a workflow command
// escaped the way every annotation of this package is: for an error that belongs to no
// report, such as a folder that could not be graded.
func GitHubError(w io.Writer, title, msg string) error {
	var b bytes.Buffer
	command(&b, []string{"title=" + escapeProperty(printable(title))}, msg)
	return flush(w, &b)
}

// The escapes GitHub's runner undoes, as in @actions/core's command.ts: '%' first of all,
// since the escapes themselves start with it.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes a workflow command's message.
func escapeData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a workflow command's property value, where ':' and ',' would
// otherwise end the value.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

// repoPath is a diagnostic's file as the repository names it: the graded folder as the user
// named it, joined with the file, which the contract makes relative to that folder. From the
// repository's root, where CI runs, that is the path GitHub annotations need.
func repoPath(dir, file string) string {
	if file == "" {
		return ""
	}
	if filepath.IsAbs(file) {
		return filepath.ToSlash(filepath.Clean(file))
	}
	return filepath.ToSlash(filepath.Join(dir, file))
}

// WriteStepSummary writes a Markdown table of the reports for $GITHUB_STEP_SUMMARY, which
// GitHub shows on the run's summary page: one row per graded folder with its verdict, score
// and the state of each suite. The caller opens the file, in append mode as GitHub expects.
func WriteStepSummary(w io.Writer, rs []*report.Report) error {
	if err := checkAll(rs); err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString("### prep\n\n")
	if len(rs) == 0 {
		b.WriteString("No challenges graded.\n")
		return flush(w, &b)
	}
	withDir := false
	for _, r := range rs {
		if r.Dir != "" {
			withDir = true
		}
	}
	head := []string{"", "challenge"}
	align := []string{":-:", "---"}
	if withDir {
		head = append(head, "folder")
		align = append(align, "---")
	}
	head = append(head, "verdict", "score")
	align = append(align, "---", "--:")
	for _, name := range report.SuiteNames {
		head = append(head, name)
		align = append(align, "---")
	}
	tableRow(&b, head)
	tableRow(&b, align)
	for _, r := range rs {
		mark := "❌"
		if r.Passed {
			mark = "✅"
		}
		row := []string{mark, markdown(r.Challenge)}
		if withDir {
			row = append(row, markdown(displayDir(r.Dir)))
		}
		row = append(row, "`"+string(r.Verdict)+"`", fmt.Sprintf("%d/%d", r.Score, r.MaxScore))
		for _, s := range suites(r)[:len(report.SuiteNames)] {
			row = append(row, suiteCell(s))
		}
		tableRow(&b, row)
	}
	passed, graded, score, maxScore, ms := totals(rs)
	fmt.Fprintf(&b, "\n**%d of %d passed** · score %d/%d in %s\n", passed, graded, score, maxScore, duration(ms))
	return flush(w, &b)
}

func suiteCell(s report.Suite) string {
	switch s.Status {
	case report.Pass:
		return fmt.Sprintf("✅ %d/%d", s.Score, s.MaxScore)
	case report.Skipped:
		return "⏭️ skipped"
	case report.Error:
		return "⚠️ could not run"
	}
	return fmt.Sprintf("❌ %d/%d", s.Score, s.MaxScore)
}

func tableRow(b *bytes.Buffer, cells []string) {
	b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

// markdown escapes text for a table cell: a '|' would end the cell, and names such as
// my_lru must not turn into emphasis.
var markdown = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`,
	"\r\n", " ", "\n", " ", "\r", " ",
).Replace
