package render

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"

	"github.com/prep-judge/prep/grader/report"
)

// JUnit prints JUnit XML, the format the test reporters of GitLab, Jenkins and GitHub read:
// one <testsuite> per hidden suite, named "lru/correctness", and one <testcase> per test.
// Code that never reached the tests, because it did not compile or broke the rules, shows as
// a failing testcase named "build", so that the reporter has a failure to show instead of an
// empty run.
type JUnit struct{}

// The XML vocabulary, as the common JUnit schema has it. encoding/xml escapes every attribute
// and text, and replaces characters XML cannot hold (the ANSI escapes in a test's output,
// say), so whatever a message holds, the document stays well-formed.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Time     string      `xml:"time,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Classname string        `xml:"classname,attr"`
		Name      string        `xml:"name,attr"`
		Time      string        `xml:"time,attr"`
		Failure   *junitProblem `xml:"failure,omitempty"`
		Error     *junitProblem `xml:"error,omitempty"`
		Skipped   *junitSkipped `xml:"skipped,omitempty"`
		SystemOut string        `xml:"system-out,omitempty"`
	}
	junitProblem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
	junitSkipped struct {
		Message string `xml:"message,attr,omitempty"`
	}
)

// Print writes one submission as a JUnit document.
func (JUnit) Print(w io.Writer, r *report.Report) error {
	if r == nil {
		return errNilReport
	}
	return writeJUnit(w, []*report.Report{r}, []string{r.Challenge})
}

// PrintAll writes every submission's suites into one JUnit document.
func (JUnit) PrintAll(w io.Writer, rs []*report.Report) error {
	if err := checkAll(rs); err != nil {
		return err
	}
	return writeJUnit(w, rs, labels(rs))
}

// writeJUnit writes the reports, naming each one's suites by its label.
func writeJUnit(w io.Writer, rs []*report.Report, names []string) error {
	doc := junitSuites{Name: "prep", Suites: []junitSuite{}}
	var ms int64
	for i, r := range rs {
		ms += r.DurationMS
		doc.Suites = append(doc.Suites, junitReport(r, names[i])...)
	}
	for _, s := range doc.Suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
	}
	doc.Time = seconds(ms)

	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	b.WriteByte('\n')
	return flush(w, &b)
}

// junitReport is one submission's suites, named after label: the build first, when there is
// something to say about it, then the hidden suites in contract order.
func junitReport(r *report.Report, label string) []junitSuite {
	var out []junitSuite
	if len(r.Diagnostics) > 0 {
		out = append(out, countCases(junitSuite{
			Name:  label + "/build",
			Cases: []junitCase{buildCase(r, label)},
		}))
	}
	for _, s := range suites(r) {
		js := junitSuite{Name: label + "/" + s.Name, Time: seconds(s.DurationMS), Cases: []junitCase{}}
		class := label + "." + s.Name
		for _, t := range s.Tests {
			js.Cases = append(js.Cases, testCase(class, t))
		}
		// A suite that did not run has no tests; one case in its name keeps it visible in
		// the reporter, marked skipped or broken, instead of vanishing.
		if len(s.Tests) == 0 && s.Status != report.Pass {
			js.Cases = append(js.Cases, suiteCase(class, s, r.Verdict))
		}
		out = append(out, countCases(js))
	}
	return out
}

// buildCase holds the diagnostics. It fails when they stopped the code before the tests
// (a compile error, an API mismatch, rejected code); otherwise they only point at lines that
// failing tests already report, and it passes with them in its output.
func buildCase(r *report.Report, label string) junitCase {
	var text []string
	var verdicts []report.Verdict
	for _, d := range r.Diagnostics {
		d.File = repoPath(r.Dir, d.File)
		text = append(text, tidy(d.String()))
		verdicts = append(verdicts, d.Verdict)
	}
	c := junitCase{Classname: label + ".build", Name: "build", Time: "0"}
	verdict := report.First(verdicts...)
	if verdict == report.Accepted {
		verdict = r.Verdict
	}
	stopped := verdict.Rank() <= report.Rejected.Rank() || !anyTests(r)
	if !stopped {
		c.SystemOut = strings.Join(text, "\n")
		return c
	}
	c.Failure = &junitProblem{Message: firstLine(text[0]), Type: string(verdict), Text: strings.Join(text, "\n")}
	return c
}

func anyTests(r *report.Report) bool {
	for _, s := range r.Suites {
		if len(s.Tests) > 0 {
			return true
		}
	}
	return false
}

func testCase(class string, t report.Test) junitCase {
	c := junitCase{Classname: class, Name: t.Name, Time: seconds(t.DurationMS)}
	body := joinNonEmpty("\n\n", strings.Join(messageLines(t), "\n"), plainMeasurements(t.Measurements))
	switch t.Status {
	case report.Pass:
		c.SystemOut = body
	case report.Skipped:
		c.Skipped = &junitSkipped{Message: firstLine(t.Message)}
	case report.Error:
		c.Error = &junitProblem{Message: headline(body, "could not run"), Type: string(report.Error), Text: body}
	default:
		kind := string(t.Verdict)
		if kind == "" {
			kind = "failed"
		}
		c.Failure = &junitProblem{Message: headline(body, kind), Type: kind, Text: body}
	}
	return c
}

func suiteCase(class string, s report.Suite, verdict report.Verdict) junitCase {
	c := junitCase{Classname: class, Name: s.Name, Time: seconds(s.DurationMS)}
	reason := tidy(s.Reason)
	switch s.Status {
	case report.Skipped:
		c.Skipped = &junitSkipped{Message: firstLine(reason)}
	case report.Error:
		c.Error = &junitProblem{Message: headline(reason, "could not run"), Type: string(report.Error), Text: reason}
	default:
		c.Failure = &junitProblem{Message: headline(reason, verdict.Describe()), Type: string(verdict), Text: reason}
	}
	return c
}

// headline is the first line of a message, or a fallback for an empty one, since reporters
// show the message attribute as the failure's title.
func headline(msg, fallback string) string {
	if l := firstLine(msg); l != "" {
		return l
	}
	return fallback
}

func countCases(s junitSuite) junitSuite {
	s.Tests = len(s.Cases)
	for _, c := range s.Cases {
		switch {
		case c.Failure != nil:
			s.Failures++
		case c.Error != nil:
			s.Errors++
		case c.Skipped != nil:
			s.Skipped++
		}
	}
	if s.Time == "" {
		s.Time = "0"
	}
	return s
}

// plainMeasurements renders measurements as the uncoloured scorecard does, so that a CI
// reporter shows the same figures a learner sees in the terminal.
func plainMeasurements(ms []report.Measurement) string {
	if len(ms) == 0 {
		return ""
	}
	t := Text{}.writer()
	for _, m := range ms {
		t.measurement(0, m)
	}
	return tidy(t.b.String())
}
