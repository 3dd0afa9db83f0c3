package grader

import (
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/grader/rules"
	"github.com/prep-judge/prep/grader/workspace"
)

func TestBadFileName(t *testing.T) {
	reserved := []string{"correctness_test.go", "race_test.go", judgeFile, challenges.BudgetsFile}
	earlier := []workspace.Source{{Name: "lru.go"}}
	for name, want := range map[string]string{
		"cache.go":            "",
		"my-cache.v2.go":      "",
		"Cache_Node.go":       "",
		"Correctness_Test.go": "ends in _test.go in another case",
		"cache_TEST.go":       "ends in _test.go in another case",
		"CORREC~1.go":         "holds '~'",
		"cache\x1b[2J.go":     "holds '\\x1b'",
		"café.go":             "holds 'é'",
		"cache_linux.go":      "limits it to some platforms",
		"cache_Windows.go":    "limits it to some platforms",
		"cache_amd64.go":      "limits it to some platforms",
		"RACE_TEST.GO.go":     "",
		"Race_test.go.go":     "",
		"PREP_JUDGE_TEST.go":  "ends in _test.go in another case",
		"LRU.go":              "differ only in case",
	} {
		got := badFileName(name, reserved, earlier)
		if want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("badFileName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestForbiddenComment(t *testing.T) {
	for _, tc := range []struct {
		text   string
		header bool
		want   string
	}{
		{"// an ordinary comment", false, ""},
		{"//go:generate stringer -type=Kind", false, ""},
		{"//go:noinline", false, ""},
		{"//go:norace", false, "turns the race detector off"},
		{"//go:debug panicnil=1", true, "changes how the runtime behaves"},
		{"//go:build race", true, "build constraint"},
		{"//go:build !race", false, "build constraint"},
		{"//go:linkname x runtime.nanotime", false, "private code"},
		{"//go:embed *.go", false, "hidden tests"},
		{"//go:nosplit", false, "stack"},
		{"//go:uintptrescapes", false, "only //go:generate and //go:noinline are allowed"},
		{"//line correctness_test.go:1", true, "//line directives are not allowed"},
		{"/*line x.go:1:1*/", false, "//line directives are not allowed"},
		{"//export Add", false, "cgo"},
		{"// +build linux", true, "build constraints are not allowed"},
		{"// +build linux", false, ""},
	} {
		got := forbiddenComment(tc.text, tc.header)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("forbiddenComment(%q, %v) = %q, want %q", tc.text, tc.header, got, tc.want)
		}
	}
}

// Screening reads every file on its own, whatever its build constraints, so a file that only
// the race build would compile is checked like any other, and a file with a name that could
// replace one of prep's is never written.
func TestScreenSeesEveryFile(t *testing.T) {
	srcs := []workspace.Source{
		{Name: "cheat.go", Data: []byte("//go:build race\n\npackage lru\n\nimport \"os\"\n\nvar _ = os.Args\n")},
		{Name: "lru.go", Data: []byte("package lru\n\nimport \"sync\"\n\nvar mu sync.Mutex\n")},
		{Name: "Race_Test.go", Data: []byte("package lru\n")},
		{Name: "broken.go", Data: []byte("//go:norace\npackage lru\n\nfunc (\n")},
	}
	diags, unsafe := screen(srcs, []string{"race_test.go"}, rules.AllowedImports)
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	for _, want := range []string{
		"Race_Test.go: the file name Race_Test.go ends in _test.go in another case",
		"broken.go:1:1: //go:norace is not allowed",
		"cheat.go:1:1: //go:build is not allowed",
		`cheat.go:5:8: import "os" is not allowed`,
	} {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, want)
		}
		if !found {
			t.Errorf("no diagnostic %q among:\n%s", want, strings.Join(got, "\n"))
		}
	}
	if len(diags) != 4 {
		t.Errorf("%d diagnostics, want 4:\n%s", len(diags), strings.Join(got, "\n"))
	}
	if !unsafe["Race_Test.go"] || len(unsafe) != 1 {
		t.Errorf("unsafe names = %v, want Race_Test.go alone", unsafe)
	}
}
