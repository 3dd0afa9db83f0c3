package render

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/prep-judge/prep/grader/report"
)

// GitHub prints GitHub Actions workflow commands: an error annotation for every diagnostic
// and every failing test, pointing at a file and line where one is known so that it shows on
// the pull request's diff, then a plain line with the outcome for the log.
type GitHub struct{}

// Print writes the annotations and summary line of one submission.
func (GitHub) Print(w io.Writer, r *report.Report) error {
	if r == nil {
		return errNilReport
	}
	var b bytes.Buffer
	annotate(&b, r)
	return flush(w, &b)
}

// PrintAll writes every submission's annotations and summary line, then the total.
func (GitHub) PrintAll(w io.Writer, rs []*report.Report) error {
	if err := checkAll(rs); err != nil {
		return err
	}
	var b bytes.Buffer
	for _, r := range rs {
		annotate(&b, r)
	}
	passed, graded, score, maxScore, _ := totals(rs)
	fmt.Fprintf(&b, "prep: %d of %d passed, score %d/%d\n", passed, graded, score, maxScore)
	return flush(w, &b)
}

// annotate writes one report's annotations, diagnostics first since they are usually the
// cause of what follows, then its summary line.
func annotate(b *bytes.Buffer, r *report.Report) {
	for _, d := range r.Diagnostics {
		verdict := d.Verdict
		if verdict == "" {
			verdict = r.Verdict
		}
		var props []string
		if f := repoPath(r.Dir, d.File); f != "" {
			props = append(props, "file="+escapeProperty(f))
			if d.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", d.Line))
				if d.Column > 0 {
					props = append(props, fmt.Sprintf("col=%d", d.Column))
				}
			}
		}
		props = append(props, "title="+escapeProperty("prep "+string(verdict)))
		command(b, props, d.Message)
	}
	for _, s := range suites(r) {
		failedTests := 0
		for _, t := range s.Tests {
			if t.Status != report.Fail && t.Status != report.Error {
				continue
			}
			failedTests++
			title := fmt.Sprintf("prep %s: %s (%s)", r.Challenge, t.Name, annotationKind(t))
			msg := testMessage(t)
			var props []string
			if file, line := locate(msg); file != "" {
				props = append(props, "file="+escapeProperty(repoPath(r.Dir, file)), fmt.Sprintf("line=%d", line))
			}
			command(b, append(props, "title="+escapeProperty(title)), msg)
		}
		// A suite can fail or break with no failing test to say so; its reason is all there is.
		if failedTests == 0 && (s.Status == report.Fail || s.Status == report.Error) {
			what := "failed"
			if s.Status == report.Error {
				what = "could not run"
			}
			title := fmt.Sprintf("prep %s: %s suite %s", r.Challenge, s.Name, what)
			msg := s.Reason
			if strings.TrimSpace(msg) == "" {
				msg = r.Verdict.Describe()
			}
			command(b, []string{"title=" + escapeProperty(title)}, msg)
		}
	}
	line := fmt.Sprintf("prep %s: %s, score %d/%d", r.Challenge, r.Verdict, r.Score, r.MaxScore)
	if !r.Passed {
		line += " - " + r.Verdict.Describe()
	}
	b.WriteString(line + "\n")
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
