package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prep-judge/prep/grader/report"
)

// parsed is what a JUnit reader takes from the document, declared apart from the printer's
// own types so that the test reads the XML the way an outside tool does.
type parsed struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Classname string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, data []byte) parsed {
	t.Helper()
	var doc parsed
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("JUnit output does not parse: %v\n%s", err, data)
	}
	return doc
}

// counts are the totals a reader would compute itself, to hold the attributes against.
type counts struct{ tests, failures, errors, skipped int }

// checkCounts holds every count attribute against the elements it counts.
func checkCounts(t *testing.T, name string, doc parsed) counts {
	t.Helper()
	var all counts
	for _, s := range doc.Suites {
		var c counts
		for _, tc := range s.Cases {
			c.tests++
			if tc.Failure != nil {
				c.failures++
			}
			if tc.Error != nil {
				c.errors++
			}
			if tc.Skipped != nil {
				c.skipped++
			}
		}
		if got := (counts{s.Tests, s.Failures, s.Errors, s.Skipped}); got != c {
			t.Errorf("%s: suite %s says %+v; its cases are %+v", name, s.Name, got, c)
		}
		all.tests += c.tests
		all.failures += c.failures
		all.errors += c.errors
		all.skipped += c.skipped
	}
	if got := (counts{doc.Tests, doc.Failures, doc.Errors, doc.Skipped}); got != all {
		t.Errorf("%s: testsuites says %+v; its cases are %+v", name, got, all)
	}
	return all
}

func TestJUnitCounts(t *testing.T) {
	want := map[string]counts{
		"accepted":      {11, 0, 0, 0},
		"wrong_answer":  {11, 2, 0, 0},
		"race_detected": {11, 1, 0, 0},
		"too_slow":      {11, 1, 0, 0},
		"compile_error": {4, 1, 0, 3}, // build fails; the three suites show as skipped
		"suite_error":   {11, 0, 1, 1},
		// Nothing failed; the race suite is skipped, with the reason (the exit code says it is
		// not a pass).
		"race_not_judged": {11, 0, 0, 1},
	}
	for _, f := range fixtures {
		var b bytes.Buffer
		if err := (JUnit{}).Print(&b, f.report()); err != nil {
			t.Fatal(err)
		}
		doc := parseJUnit(t, b.Bytes())
		if got := checkCounts(t, f.name, doc); got != want[f.name] {
			t.Errorf("%s: counts %+v; want %+v", f.name, got, want[f.name])
		}
		var names []string
		for _, s := range doc.Suites {
			names = append(names, s.Name)
			for _, c := range s.Cases {
				if wantClass := strings.ReplaceAll(s.Name, "/", "."); c.Classname != wantClass {
					t.Errorf("%s: case %s has classname %q; want %q", f.name, c.Name, c.Classname, wantClass)
				}
			}
		}
		wantNames := []string{"lru/correctness", "lru/race", "lru/performance"}
		if f.name == "compile_error" {
			wantNames = append([]string{"lru/build"}, wantNames...)
		}
		if diff := cmp.Diff(wantNames, names); diff != "" {
			t.Errorf("%s: suites (-want +got):\n%s", f.name, diff)
		}
	}
}

func TestJUnitPrintAll(t *testing.T) {
	var b bytes.Buffer
	if err := (JUnit{}).PrintAll(&b, multiReports()); err != nil {
		t.Fatal(err)
	}
	doc := parseJUnit(t, b.Bytes())
	if got, want := checkCounts(t, "multi", doc), (counts{26, 2, 0, 3}); got != want {
		t.Errorf("counts %+v; want %+v", got, want)
	}
	if len(doc.Suites) != 10 || doc.Name != "prep" {
		t.Errorf("got %d suites in %q; want 10 in \"prep\"", len(doc.Suites), doc.Name)
	}
	// The three reports are all of lru: reporters merge suites of one name, so each is
	// named by its folder instead.
	seen := map[string]bool{}
	for _, s := range doc.Suites {
		if seen[s.Name] {
			t.Errorf("two suites are named %q", s.Name)
		}
		seen[s.Name] = true
	}
}

// Messages hold whatever a learner's code printed: markup, CDATA terminators, ANSI escapes,
// NUL bytes. The document must stay well-formed and keep all that XML can hold.
func TestJUnitHostileMessages(t *testing.T) {
	msg := "got <nil> & \"quoted\" 'text' ]]> <![CDATA[x]]>\n\x1b[31mred\x1b[0m \x00 \x7f done\r\nlast line"
	r := &report.Report{
		Challenge: `l"r<u`,
		Suites: []report.Suite{{
			Name: report.Correctness, Status: report.Fail, MaxScore: 1,
			Tests: []report.Test{{Name: "Test<&>\"", Status: report.Fail, Verdict: report.WrongAnswer, Message: msg}},
		}},
	}
	r.Finish()
	var b bytes.Buffer
	if err := (JUnit{}).Print(&b, r); err != nil {
		t.Fatal(err)
	}
	doc := parseJUnit(t, b.Bytes())
	c := doc.Suites[0].Cases[0]
	if c.Name != "Test<&>\"" || doc.Suites[0].Name != `l"r<u/correctness` {
		t.Errorf("names came back as %q and %q", c.Name, doc.Suites[0].Name)
	}
	if c.Failure == nil {
		t.Fatalf("no failure element:\n%s", b.String())
	}
	if want := "got <nil> & \"quoted\" 'text' ]]> <![CDATA[x]]>"; c.Failure.Message != want {
		t.Errorf("failure message = %q; want the first line %q", c.Failure.Message, want)
	}
	for _, want := range []string{"]]> <![CDATA[x]]>", "\ufffd[31mred", "\x7f done", "\nlast line"} {
		if !strings.Contains(c.Failure.Text, want) {
			t.Errorf("failure text lacks %q: %q", want, c.Failure.Text)
		}
	}
}

// Code that never reached the tests fails as "build"; diagnostics that only point at lines
// of failing tests leave the build passing.
func TestJUnitBuildCase(t *testing.T) {
	for _, c := range []struct {
		verdict report.Verdict
		tests   bool
		fails   bool
	}{
		{report.CompileError, false, true},
		{report.Rejected, true, true},
		{report.RuntimeError, true, false},
		{"", false, true},
	} {
		r := acceptedReport()
		if !c.tests {
			r = compileErrorReport()
		}
		r.Diagnostics = []report.Diagnostic{{File: "lru.go", Line: 3, Message: "here", Verdict: c.verdict}}
		var b bytes.Buffer
		if err := (JUnit{}).Print(&b, r); err != nil {
			t.Fatal(err)
		}
		doc := parseJUnit(t, b.Bytes())
		build := doc.Suites[0]
		name := fmt.Sprintf("%s with tests %v", c.verdict, c.tests)
		if build.Name != "lru/build" || len(build.Cases) != 1 || build.Cases[0].Name != "build" {
			t.Fatalf("%s: first suite is %q, not lru/build with one case", name, build.Name)
		}
		if got := build.Cases[0].Failure != nil; got != c.fails {
			t.Errorf("%s: build fails = %v; want %v", name, got, c.fails)
		}
	}
}
