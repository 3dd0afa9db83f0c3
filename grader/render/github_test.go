package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prep-judge/prep/grader/report"
)

func TestEscapeData(t *testing.T) {
	for in, want := range map[string]string{
		"plain":              "plain",
		"100% done":          "100%25 done",
		"%0A is not a break": "%250A is not a break",
		"two\nlines":         "two%0Alines",
		"cr\rlf\r\n":         "cr%0Dlf%0D%0A",
		"key: a, b":          "key: a, b", // ':' and ',' only end property values
		"::warning::x":       "::warning::x",
	} {
		if got := escapeData(in); got != want {
			t.Errorf("escapeData(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestEscapeProperty(t *testing.T) {
	for in, want := range map[string]string{
		"lru/lru.go":             "lru/lru.go",
		"prep lru: TestX":        "prep lru%3A TestX",
		"a,b":                    "a%2Cb",
		"50%\n":                  "50%25%0A",
		"TestX/case:1,2 (a\rb)":  "TestX/case%3A1%2C2 (a%0Db)",
		"C:\\odd,name:with%both": "C%3A\\odd%2Cname%3Awith%25both",
	} {
		if got := escapeProperty(in); got != want {
			t.Errorf("escapeProperty(%q) = %q; want %q", in, got, want)
		}
	}
}

// Whatever a message holds, each annotation stays one line: a message can neither end it
// early nor smuggle in a workflow command of its own.
func TestGitHubAnnotationIsOneLine(t *testing.T) {
	r := &report.Report{
		Challenge: "lru", Dir: "./practice//lru/",
		Suites: []report.Suite{{
			Name: report.Correctness, Status: report.Fail, MaxScore: 50,
			Tests: []report.Test{{
				Name: "TestX/case:1,2", Status: report.Fail, Verdict: report.WrongAnswer,
				Message: "100% wrong\nwant: 1, 2\r\n::warning::injected\nlone\rcarriage\n\n",
			}},
		}},
		Diagnostics: []report.Diagnostic{
			{File: "sub/x,y.go", Line: 7, Column: 2, Message: "bad: thing\nmore", Verdict: report.Rejected},
			{File: "go.mod", Message: "no line"},
			{Message: "nowhere in particular"},
		},
	}
	r.Finish()
	var b bytes.Buffer
	if err := (GitHub{}).Print(&b, r); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"::error file=practice/lru/sub/x%2Cy.go,line=7,col=2,title=prep rejected::bad: thing%0Amore",
		"::error file=practice/lru/go.mod,title=prep rejected::no line",
		"::error title=prep rejected::nowhere in particular",
		"::error title=prep lru%3A TestX/case%3A1%2C2 (wrong_answer)::100%25 wrong%0Awant: 1, 2%0A::warning::injected%0Alone%0Dcarriage",
		"prep lru: rejected, score 0/50 - the code uses something the rules forbid",
	}
	got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("annotations (-want +got):\n%s", diff)
	}
}

func TestRepoPath(t *testing.T) {
	for _, c := range []struct{ dir, file, want string }{
		{"", "lru.go", "lru.go"},
		{".", "lru.go", "lru.go"},
		{"lru", "lru.go", "lru/lru.go"},
		{"./practice//lru/", "sub/../lru.go", "practice/lru/lru.go"},
		{"../elsewhere", "lru.go", "../elsewhere/lru.go"},
		{"lru", "/abs/lru.go", "/abs/lru.go"},
		{"lru", "", ""},
	} {
		if got := repoPath(c.dir, c.file); got != c.want {
			t.Errorf("repoPath(%q, %q) = %q; want %q", c.dir, c.file, got, c.want)
		}
	}
}

func TestWriteStepSummary(t *testing.T) {
	r := acceptedReport()
	r.Challenge, r.Dir = "my_lru|v2", "a*b"
	var b bytes.Buffer
	if err := WriteStepSummary(&b, []*report.Report{r}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `| ✅ | my\_lru\|v2 | a\*b | `+"`accepted`"+` | 100/100 |`) {
		t.Errorf("summary does not escape its cells:\n%s", b.String())
	}
	b.Reset()
	if err := WriteStepSummary(&b, nil); err != nil {
		t.Fatal(err)
	}
	if want := "### prep\n\nNo challenges graded.\n"; b.String() != want {
		t.Errorf("empty summary = %q; want %q", b.String(), want)
	}
}

// A failing test's annotation points at the learner's file when the message names one: the
// grader writes the learner's files by bare name, and everything else with a directory or as
// a _test.go file.
func TestLocate(t *testing.T) {
	for _, c := range []struct {
		msg  string
		file string
		line int
	}{
		{"data race: a write in lru.(*LRUCache).Put at lru.go:41 conflicts with a read at lru.go:27", "lru.go", 41},
		{"panic: runtime error: index out of range\nin your code:\n    lru.(*LRUCache).evict at evict.go:12\n", "evict.go", 12},
		{"race_test.go:30: unexpected value\n(at list_impl.go:7)", "list_impl.go", 7},
		{"lru.go:5:3: declared and not used: x", "lru.go", 5},
		{"race_test.go:30 +0x8c", "", 0},
		{"/usr/local/go/src/sync/mutex.go:20 +0x1", "", 0},
		{"    challenges/kit/perf.go:88", "", 0},
		{"size x1000 -> time x978", "", 0},
		{"lru.go:0 is no line", "", 0},
	} {
		file, line := locate(c.msg)
		if file != c.file || line != c.line {
			t.Errorf("locate(%q) = %q, %d; want %q, %d", c.msg, file, line, c.file, c.line)
		}
	}
}
