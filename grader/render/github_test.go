package render

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

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
		"::error title=prep lru%3A TestX/case%3A1%2C2 (wrong_answer)::100%25 wrong%0Awant: 1, 2%0A::warning::injected%0Alonecarriage",
		"prep lru: rejected, score 0/50 - the code uses something the rules forbid",
	}
	got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("annotations (-want +got):\n%s", diff)
	}
}

// What a learner's program printed reaches GitHub's log as text: an escape sequence in a
// message, a test name or a log line is dropped, never passed to whoever reads the log in a
// terminal.
func TestGitHubDropsTerminalControl(t *testing.T) {
	var tests []report.Test
	for i := range 12 {
		tests = append(tests, report.Test{
			Name: fmt.Sprintf("Test%02d\x1b[2J", i), Status: report.Fail, Verdict: report.WrongAnswer,
			Message: "got \x1b[31mred\x1b[0m\x1b]0;title\x07 and \x1b[1A\x1b[2Kerased\x00\x7f\nsecond \x1b[8mline",
		})
	}
	r := &report.Report{Challenge: "lru", Dir: "lru", Suites: []report.Suite{{Name: report.Correctness, Status: report.Fail, MaxScore: 50, Tests: tests}}}
	r.Finish()
	var b bytes.Buffer
	if err := (GitHub{}).Print(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, r := range out {
		if r != '\n' && unicode.IsControl(r) {
			t.Fatalf("the output holds the control character %q:\n%q", r, out)
		}
	}
	for _, want := range []string{"::got red and erased%0Asecond line", ": got red and erased\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestRepoPath(t *testing.T) {
	// An absolute path needs a volume on Windows; /abs/lru.go there is relative to the drive.
	abs, absWant := "/abs/lru.go", "/abs/lru.go"
	if runtime.GOOS == "windows" {
		abs, absWant = `C:\abs\lru.go`, "C:/abs/lru.go"
	}
	for _, c := range []struct{ dir, file, want string }{
		{"", "lru.go", "lru.go"},
		{".", "lru.go", "lru.go"},
		{"lru", "lru.go", "lru/lru.go"},
		{"./practice//lru/", "sub/../lru.go", "practice/lru/lru.go"},
		{"../elsewhere", "lru.go", "../elsewhere/lru.go"},
		{"lru", abs, absWant},
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

// A failing test whose message names no line of the solution is placed by the folder's
// outline: at the function the message calls, at the operation a measurement timed, or at
// the solution's first file.
func TestGitHubOutlinePlacesFailures(t *testing.T) {
	r := &report.Report{
		Challenge: "lru", Dir: "practice/lru", Verdict: report.WrongAnswer, Score: 0, MaxScore: 100,
		Suites: []report.Suite{
			{Name: report.Correctness, Status: report.Fail, MaxScore: 50, Tests: []report.Test{
				{Name: "TestCalls", Status: report.Fail, Verdict: report.WrongAnswer,
					Message: "call 4: c.Get(1) returned -1, want 1\nreproduce it with this test:\nfunc TestRepro(t *testing.T) {\n\tc := Constructor(1)\n}"},
				{Name: "TestConstructor", Status: report.Fail, Verdict: report.WrongAnswer, Message: "Constructor(0) did not panic"},
				{Name: "TestVague", Status: report.Fail, Verdict: report.WrongAnswer, Message: "the cache lost a key"},
				{Name: "TestPlaced", Status: report.Fail, Verdict: report.RuntimeError, Message: "panic at evict.go:9 in Get(2)"},
			}},
			{Name: report.Race, Status: report.Fail, MaxScore: 20, Reason: "the race binary exited early"},
			{Name: report.Performance, Status: report.Fail, MaxScore: 30, Tests: []report.Test{
				{Name: "TestGrowth", Status: report.Fail, Verdict: report.TooSlow, Measurements: []report.Measurement{
					{Operation: "Get", Passed: true, Reason: "Get is fine"},
					{Operation: "Put", Passed: false, Reason: "Put grows like O(n)"},
				}},
			}},
		},
	}
	outline := Outline{
		Files: []string{"lru.go", "evict.go"},
		Funcs: map[string]Position{
			"Constructor": {File: "lru.go", Line: 10},
			"Get":         {File: "lru.go", Line: 17},
			"Put":         {File: "evict.go", Line: 4},
		},
	}
	var b bytes.Buffer
	if err := (GitHub{Outlines: map[string]Outline{"practice/lru": outline}}).Print(&b, r); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if i := strings.Index(l, ",title="); i >= 0 {
			got = append(got, l[:i+len(",title=")])
		}
	}
	want := []string{
		"::error file=practice/lru/lru.go,line=17,title=",  // c.Get(1), not TestRepro nor Constructor
		"::error file=practice/lru/lru.go,line=10,title=",  // Constructor(0)
		"::error file=practice/lru/lru.go,title=",          // no call: the first file
		"::error file=practice/lru/evict.go,line=9,title=", // the message's own place wins
		"::error file=practice/lru/lru.go,title=",          // a failed suite without tests
		"::error file=practice/lru/evict.go,line=4,title=", // the failing measurement's operation
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("annotation places (-want +got):\n%s\n%s", diff, b.String())
	}

	// Without an outline nothing is guessed.
	b.Reset()
	if err := (GitHub{}).Print(&b, r); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "file="); n != 1 {
		t.Errorf("without an outline, %d annotations name a file, want only the one the message names:\n%s", n, b.String())
	}
}

func TestShare(t *testing.T) {
	for _, tt := range []struct {
		counts []int
		budget int
		want   []int
	}{
		{[]int{13}, 10, []int{10}},
		{[]int{8, 8}, 10, []int{5, 5}},
		{[]int{0, 13, 1, 2}, 10, []int{0, 7, 1, 2}},
		{[]int{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, 10, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}},
		{[]int{2, 1}, 10, []int{2, 1}},
		{nil, 10, []int{}},
	} {
		if got := share(tt.counts, tt.budget); !cmp.Equal(got, tt.want, cmpopts.EquateEmpty()) {
			t.Errorf("share(%v, %d) = %v, want %v", tt.counts, tt.budget, got, tt.want)
		}
	}
}

// GitHub drops error annotations past ten a step without a word, so past ten the rest are
// log lines, and each failing folder gets its first annotation before any gets a second.
func TestGitHubAnnotationBudget(t *testing.T) {
	failing := func(dir string, n int) *report.Report {
		r := &report.Report{Challenge: "lru", Dir: dir, Suites: []report.Suite{{Name: report.Correctness, Status: report.Fail, MaxScore: 50}}}
		for i := range n {
			r.Suites[0].Tests = append(r.Suites[0].Tests, report.Test{
				Name: fmt.Sprintf("Test%02d", i), Status: report.Fail, Verdict: report.WrongAnswer,
				Message: fmt.Sprintf("::warning::call %d went wrong at lru.go:%d\nmore", i, 10+i),
			})
		}
		r.Finish()
		return r
	}
	var b bytes.Buffer
	if err := (GitHub{}).PrintAll(&b, []*report.Report{failing("a", 12), failing("b", 2)}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n := strings.Count(out, "::error "); n != 10 {
		t.Errorf("%d annotations, want 10:\n%s", n, out)
	}
	for _, want := range []string{
		"::error file=b/lru.go,line=11,title=prep lru (b)%3A Test01 (wrong_answer)::",
		"::error file=a/lru.go,line=17,title=prep lru (a)%3A Test07 (wrong_answer)::",
		"\nprep lru (a): Test08 (wrong_answer) at a/lru.go:18: ::warning::call 8 went wrong at lru.go:18\n",
		"\nprep: 4 more problems are listed without an annotation: GitHub shows at most 10 error annotations a step\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "::") && !strings.HasPrefix(line, "::error ") {
			t.Errorf("a message became a workflow command: %q", line)
		}
	}
}

// An error that belongs to no report is escaped like every annotation: a newline or a colon
// in its title or message cannot end the command or start another.
func TestGitHubError(t *testing.T) {
	var b bytes.Buffer
	if err := GitHubError(&b, "prep could not grade a:b,c", "line one\nline two 100%"); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "::error title=prep could not grade a%3Ab%2Cc::line one%0Aline two 100%25\n"; got != want {
		t.Errorf("GitHubError wrote %q, want %q", got, want)
	}
}
