// Package render turns grading reports into what people and machines read: the text
// scorecard, the JSON report of the outside contract, JUnit XML for CI test reporters and
// GitHub Actions annotations. Renderers only format: they never run anything, never read the
// environment and never decide a verdict, so the same report always prints the same bytes.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/prep-judge/prep/grader/report"
)

// Printer writes reports in one output format.
type Printer interface {
	// Print writes the result of grading one submission, for `prep submit`.
	Print(w io.Writer, r *report.Report) error
	// PrintAll writes the results of grading several submissions as one document, for
	// `prep ci`.
	PrintAll(w io.Writer, rs []*report.Report) error
}

// Options tune the printers: most are for the text scorecard, Outlines for the GitHub
// annotations; each format ignores what is not for it.
type Options struct {
	// Color turns on ANSI colour and Unicode symbols. The caller decides: only when stdout is
	// a terminal and NO_COLOR is unset.
	Color bool
	// Verbose lists passing tests and their messages too.
	Verbose bool
	// Timings adds where the time went, step by step, to the text scorecard.
	Timings bool
	// Outlines say where each graded folder's solution declares its functions, by the
	// report's Dir, for the GitHub annotations; the caller reads them from the folders,
	// since renderers read nothing.
	Outlines map[string]Outline
}

// Formats lists the names New accepts, in the order help text should show them.
var Formats = []string{"text", "json", "junit", "github"}

// New returns the printer for the named format.
func New(format string, opts Options) (Printer, error) {
	switch format {
	case "text":
		return Text{Options: opts}, nil
	case "json":
		return JSON{}, nil
	case "junit":
		return JUnit{}, nil
	case "github":
		return GitHub{Outlines: opts.Outlines}, nil
	}
	return nil, fmt.Errorf("unknown format %q: use %s", format, formatList())
}

// formatList says "text, json, junit or github", so that the error keeps up with Formats.
func formatList() string {
	n := len(Formats)
	if n == 1 {
		return Formats[0]
	}
	return strings.Join(Formats[:n-1], ", ") + " or " + Formats[n-1]
}

var errNilReport = errors.New("render: no report to print")

// flush writes a finished document in one call, so that a failed write reports one error and
// a reader never sees half a JSON or XML document followed by an error.
func flush(w io.Writer, b *bytes.Buffer) error {
	_, err := w.Write(b.Bytes())
	return err
}

// checkAll rejects nil reports up front, before anything is written.
func checkAll(rs []*report.Report) error {
	for i, r := range rs {
		if r == nil {
			return fmt.Errorf("render: report %d is nil", i)
		}
	}
	return nil
}

// suites returns the report's suites in contract order, with a skipped stand-in for any
// suite the report lacks. Every format promises the three suites; a grader that forgot one
// must not turn into a scorecard that silently omits it. Suites the contract does not name
// follow, in the report's order, since new ones may be added.
func suites(r *report.Report) []report.Suite {
	out := make([]report.Suite, 0, max(len(r.Suites), len(report.SuiteNames)))
	for _, name := range report.SuiteNames {
		if s := r.Suite(name); s != nil {
			out = append(out, *s)
		} else {
			out = append(out, report.Suite{Name: name, Status: report.Skipped, Reason: "not run", Tests: []report.Test{}})
		}
	}
	for _, s := range r.Suites {
		if !isContractSuite(s.Name) {
			out = append(out, s)
		}
	}
	return out
}

func isContractSuite(name string) bool { return slices.Contains(report.SuiteNames, name) }

// lines splits a message into its lines for display: Windows line ends become plain ones,
// trailing spaces go, and so do blank lines at either end, which only add ragged gaps.
func lines(msg string) []string {
	msg = strings.ReplaceAll(msg, "\r\n", "\n")
	ls := strings.Split(msg, "\n")
	for i, l := range ls {
		ls[i] = strings.TrimRight(l, " \t\r")
	}
	for len(ls) > 0 && ls[0] == "" {
		ls = ls[1:]
	}
	for len(ls) > 0 && ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// firstLine is a message's headline, for places that take one line only.
func firstLine(msg string) string {
	if ls := lines(msg); len(ls) > 0 {
		return ls[0]
	}
	return ""
}

// tidy is a message with the blank lines at either end removed, for formats that keep a
// message's own lines, and with nothing a terminal would act on rather than show (see
// printable): a message can quote what the learner's code printed, and GitHub's log, a JUnit
// viewer or the terminal of someone reading either must show it, not obey it.
func tidy(msg string) string {
	ls := lines(msg)
	for i, l := range ls {
		ls[i] = printable(l)
	}
	return strings.Join(ls, "\n")
}

// seconds formats milliseconds as JUnit wants its time attributes: seconds, shortest form.
func seconds(ms int64) string {
	return strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)
}

// duration formats milliseconds as people read them on a scorecard: 12ms, 0.41s, 12.3s,
// 2m05s. Below a tenth of a second milliseconds read better than 0.01s.
func duration(ms int64) string {
	switch {
	case ms < 0:
		return "0ms"
	case ms < 100:
		return fmt.Sprintf("%dms", ms)
	case ms < 9_995: // below what would round to 10.00s
		return fmt.Sprintf("%.2fs", float64(ms)/1000)
	case ms < 59_950: // below what would round to 60.0s
		return fmt.Sprintf("%.1fs", float64(ms)/1000)
	}
	s := (ms + 500) / 1000
	return fmt.Sprintf("%dm%02ds", s/60, s%60)
}

// totals adds up several reports for the `prep ci` summaries. Passed needs at least one
// report: a run that graded nothing must not look green.
func totals(rs []*report.Report) (passed, graded, score, maxScore int, ms int64) {
	for _, r := range rs {
		if r.Passed {
			passed++
		}
		score += r.Score
		maxScore += r.MaxScore
		ms += r.DurationMS
	}
	return passed, len(rs), score, maxScore, ms
}

// labels name each report in a document that holds several: by its challenge, or by its
// folder when another report is of the same challenge, so that a repository holding one
// challenge twice yields JUnit suites and annotations that can be told apart.
func labels(rs []*report.Report) []string {
	count := map[string]int{}
	for _, r := range rs {
		count[r.Challenge]++
	}
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Challenge
		if count[r.Challenge] > 1 && r.Dir != "" {
			out[i] = displayDir(r.Dir)
		}
	}
	return out
}

func allPassed(rs []*report.Report) bool {
	passed, graded, _, _, _ := totals(rs)
	return graded > 0 && passed == graded
}

// finite stands in for values JSON cannot encode. A solution that takes no measurable time
// at one size, or a reference that does, yields infinite ratios; the scorecard still has to
// print, and the measurement's Reason already says what happened.
func finite(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return 0
	case math.IsInf(x, 1):
		return math.MaxFloat64
	case math.IsInf(x, -1):
		return -math.MaxFloat64
	}
	return x
}
