package render

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/fatih/color"
	"github.com/google/go-cmp/cmp"

	"github.com/prep-judge/prep/grader/report"
)

// textOutputs renders every fixture, and the multi-report, with p.
func textOutputs(t *testing.T, p Text) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range fixtures {
		var b bytes.Buffer
		if err := p.Print(&b, f.report()); err != nil {
			t.Fatal(err)
		}
		out[f.name] = b.String()
	}
	var b bytes.Buffer
	if err := p.PrintAll(&b, multiReports()); err != nil {
		t.Fatal(err)
	}
	out["multi"] = b.String()
	return out
}

// Without colour the scorecard is plain ASCII (the fixtures' own text is), so that it reads
// the same in any log viewer and greps reliably; no line ends in spaces.
func TestTextPlain(t *testing.T) {
	for _, p := range []Text{{}, {Options: Options{Verbose: true}}} {
		for name, out := range textOutputs(t, p) {
			for i, l := range strings.Split(out, "\n") {
				for _, r := range l {
					if r > 127 || r == '\x1b' {
						t.Errorf("%s (verbose %v) line %d has %q: %q", name, p.Verbose, i+1, r, l)
						break
					}
				}
				if strings.TrimRight(l, " ") != l {
					t.Errorf("%s (verbose %v) line %d ends in spaces: %q", name, p.Verbose, i+1, l)
				}
			}
		}
	}
}

// The caller decides on colour; neither the package-global switch of fatih/color nor
// NO_COLOR, which the caller has already taken into account, may overrule it.
func TestTextColorIsTheCallersChoice(t *testing.T) {
	saved := color.NoColor
	t.Cleanup(func() { color.NoColor = saved })

	for _, global := range []bool{true, false} {
		color.NoColor = global
		t.Setenv("NO_COLOR", map[bool]string{true: "1", false: ""}[global])
		var on, off bytes.Buffer
		if err := (Text{Options: Options{Color: true}}).Print(&on, raceReport()); err != nil {
			t.Fatal(err)
		}
		if err := (Text{}).Print(&off, raceReport()); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(on.String(), "\x1b[31m✗\x1b[0m") {
			t.Errorf("with color.NoColor = %v, the colour printer wrote no red ✗:\n%s", global, on.String())
		}
		if strings.Contains(off.String(), "\x1b") {
			t.Errorf("with color.NoColor = %v, the plain printer wrote ANSI codes:\n%q", global, off.String())
		}
	}
}

// Passing tests are a count unless Verbose asks for them; failing tests and the figures of
// performance tests are always there.
func TestTextListsWhatMatters(t *testing.T) {
	var quiet, verbose bytes.Buffer
	if err := (Text{}).Print(&quiet, wrongAnswerReport()); err != nil {
		t.Fatal(err)
	}
	if err := (Text{Options: Options{Verbose: true}}).Print(&verbose, wrongAnswerReport()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"FAIL  TestEvictionOrder", "FAIL  TestKeys", "7 other tests passed", "PASS  TestGrowth", "allocs/op"} {
		if !strings.Contains(quiet.String(), want) {
			t.Errorf("scorecard lacks %q:\n%s", want, quiet.String())
		}
	}
	if strings.Contains(quiet.String(), "TestGetMissing") {
		t.Errorf("scorecard lists a passing test without Verbose:\n%s", quiet.String())
	}
	if !strings.Contains(verbose.String(), "PASS  TestGetMissing") || strings.Contains(verbose.String(), "other tests passed") {
		t.Errorf("verbose scorecard does not list every test:\n%s", verbose.String())
	}
}

// Every line of a message sits at one indent, tabs become spaces relative to the message,
// and blank lines at its ends are dropped.
func TestTextMessageLayout(t *testing.T) {
	r := &report.Report{
		Challenge: "lru",
		Suites: []report.Suite{{
			Name: report.Correctness, Status: report.Fail, MaxScore: 50,
			Tests: []report.Test{{
				Name: "TestX", Status: report.Fail, Verdict: report.WrongAnswer,
				Message: "\n\nfirst\r\n-\tminus\n  \tplain\n\nlast  \n\n\n",
			}},
		}},
	}
	r.Finish()
	var b bytes.Buffer
	if err := (Text{}).Print(&b, r); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"FAIL  correctness   0/50   1 of 1 test failed   0ms\n" +
		"    FAIL  TestX - wrong answer (0ms)\n" +
		"          first\n" +
		"          -   minus\n" +
		"              plain\n" +
		"\n" +
		"          last\n" +
		"\n" +
		"SKIP  race           0/0   skipped: not run\n"
	got := b.String()
	start := strings.Index(got, "FAIL  correctness")
	end := strings.Index(got, "SKIP  performance")
	if start < 0 || end < 0 {
		t.Fatalf("scorecard lacks its suite lines:\n%s", got)
	}
	if diff := cmp.Diff(want, got[start:end]); diff != "" {
		t.Errorf("message layout (-want +got):\n%s", diff)
	}
}

// A report missing a suite still shows all three: the contract promises them.
func TestTextMissingSuites(t *testing.T) {
	r := &report.Report{Challenge: "lru", Suites: []report.Suite{{Name: report.Race, Status: report.Pass, MaxScore: 20}}}
	r.Finish()
	var b bytes.Buffer
	if err := (Text{}).Print(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	iC, iR, iP := strings.Index(out, "SKIP  correctness"), strings.Index(out, "PASS  race"), strings.Index(out, "SKIP  performance")
	if iC < 0 || iR < iC || iP < iR {
		t.Errorf("suites missing or out of order:\n%s", out)
	}
}

func TestTextPrintAllEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := (Text{}).PrintAll(&b, nil); err != nil {
		t.Fatal(err)
	}
	if want := "summary\n    no challenges graded\n"; b.String() != want {
		t.Errorf("PrintAll(nil) = %q; want %q", b.String(), want)
	}
}

func TestNanos(t *testing.T) {
	tw := Text{}.writer()
	for _, c := range []struct {
		ns   float64
		want string
	}{
		{3.24, "3.2 ns"}, {3, "3 ns"}, {31.2, "31 ns"}, {999.4, "999 ns"}, {1234, "1.2 us"},
		{41250, "41 us"}, {3.5e6, "3.5 ms"}, {2.5e9, "2.5 s"},
		{math.Inf(1), "?"}, {math.NaN(), "?"}, {-1, "?"},
	} {
		if got := tw.nanos([]float64{c.ns}, 0); got != c.want {
			t.Errorf("nanos(%v) = %q; want %q", c.ns, got, c.want)
		}
	}
	if got := tw.nanos(nil, 2); got != "?" {
		t.Errorf("nanos of a missing figure = %q; want ?", got)
	}
	if got := newPalette(true).micro; got != "µs" {
		t.Errorf("colour palette's microseconds = %q; want µs", got)
	}
}

func TestExpandTabs(t *testing.T) {
	for in, want := range map[string]string{
		"no tabs":   "no tabs",
		"\tx":       "    x",
		"-\tx":      "-   x",
		"abcd\tx":   "abcd    x",
		"a\tb\tc":   "a   b   c",
		"\t\tdeep":  "        deep",
		"  \tfield": "    field",
	} {
		if got := expandTabs(in, 4); got != want {
			t.Errorf("expandTabs(%q) = %q; want %q", in, got, want)
		}
	}
}

// A performance test's message repeats its measurements' reasons, which the scorecard shows
// beside the figures; other lines of the message stay.
func TestMessageLinesDropsRepeatedReasons(t *testing.T) {
	m := report.Measurement{Operation: "Put", Reason: "Put grows like O(n), expected O(1)"}
	test := report.Test{
		Message:      "Put: Put grows like O(n), expected O(1)\nwarm-up took 3 runs\nPut grows like O(n), expected O(1)\n",
		Measurements: []report.Measurement{m},
	}
	if diff := cmp.Diff([]string{"warm-up took 3 runs"}, messageLines(test)); diff != "" {
		t.Errorf("messageLines (-want +got):\n%s", diff)
	}
}

// What a learner's program printed reaches the scorecard as text, never as terminal control.
func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"\x1b[31mred\x1b[0m":         "red",
		"\x1b[1;38;5;208mbold\x1b[m": "bold",
		"\x1b]0;title\x07after":      "after",
		"bell\x07 nul\x00 del\x7f":   "bell nul del",
		"tab\tkept, ünïcode kept":    "tab\tkept, ünïcode kept",
	} {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestTextShowsNotes(t *testing.T) {
	r := acceptedReport()
	r.Notes = []string{"the memory limit is not enforced on plan9"}
	var b strings.Builder
	if err := (Text{}).Print(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "note     the memory limit is not enforced on plan9") {
		t.Errorf("the note is missing:\n%s", b.String())
	}
}

func TestTextTimings(t *testing.T) {
	r := acceptedReport()
	r.Timings = []report.Timing{
		{Step: "type-check and compare the API", StartMS: 90, DurationMS: 250},
		{Step: "build the test binary", StartMS: 90, DurationMS: 480},
	}
	var b strings.Builder
	if err := (Text{Options: Options{Timings: true}}).Print(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"timings  at 90ms  0.25s  type-check and compare the API", "at 90ms  0.48s  build the test binary"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the timings lack %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := (Text{}).Print(&b, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "timings") {
		t.Errorf("timings shown without being asked for:\n%s", b.String())
	}
}
