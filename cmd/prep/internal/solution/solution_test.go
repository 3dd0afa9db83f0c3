package solution

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdtest"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/workspace"
)

func TestNewCmdSolution(t *testing.T) {
	f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
	var got *SolutionOptions
	cmd := NewCmdSolution(f, func(o *SolutionOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"lru", "--force"})
	cmd.SetOut(io.Discard)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Name != "lru" || !got.Force || got.Dir != "." {
		t.Errorf("options = %+v", got)
	}

	cmd = NewCmdSolution(f, func(*SolutionOptions) error { return nil })
	cmd.SetArgs([]string{"lru", "topk"})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	var fe *cmdutil.FlagError
	if err := cmd.Execute(); !errors.As(err, &fe) {
		t.Errorf("two names: err = %v, want a usage error", err)
	}
}

// withExplanation is a set of one challenge with an explanation, as real challenges have,
// and a reference of two files.
func withExplanation() (*challenges.Set, error) {
	return challenges.Load(fstest.MapFS{
		"lru/challenge.toml": {Data: []byte(`title = "LRU cache"
difficulty = "medium"
topics = ["caching"]
package = "lru"
hints = ["one", "two", "three"]

[points]
correctness = 100
`)},
		"lru/README.md":             {Data: []byte("# LRU cache\n")},
		"lru/SOLUTION.md":           {Data: []byte("# LRU cache: how the reference solution works\n\nA map and a list.\n\n")},
		"lru/_scaffold/lru.go":      {Data: []byte("package lru\n")},
		"lru/reference/lru.go":      {Data: []byte("package lru\n\n// Reference.\n")},
		"lru/reference/list.go":     {Data: []byte("package lru\n\ntype list struct{}\n")},
		"lru/reference/lru_test.go": {Data: []byte("package lru\n")},
	})
}

func run(t *testing.T, load func() (*challenges.Set, error), force bool) (string, string, error) {
	t.Helper()
	f, out, errOut := cmdtest.Factory(&cmdtest.Grader{})
	err := solutionRun(&SolutionOptions{IO: f.IOStreams, Challenges: load, Name: "lru", Dir: ".", Force: force})
	return out.String(), errOut.String(), err
}

func TestSolution(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("go.mod", []byte("module practice\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// Not passed: hidden, and nothing printed.
	out, errOut, err := run(t, withExplanation, false)
	if err == nil || !strings.HasPrefix(err.Error(), "you have not passed lru yet, so its solution stays hidden") || out != "" {
		t.Errorf("before passing: err %v, stdout %q", err, out)
	}
	if errors.Is(err, cmdutil.ErrNotPassed) {
		t.Error("a hidden solution exits as if a grading had failed")
	}

	// --force shows it, saying so on stderr.
	forced, errOut, err := run(t, withExplanation, true)
	if err != nil || !strings.Contains(errOut, "showing its solution since you passed `--force`") {
		t.Errorf("--force: err %v, stderr %q", err, errOut)
	}

	// Passed once, in any folder: shown.
	if err := workspace.AppendHistory(".",
		workspace.Grading{Dir: "lru", Challenge: "lru", Verdict: report.WrongAnswer},
		workspace.Grading{Dir: "old/lru", Challenge: "lru", Passed: true, Verdict: report.Accepted},
	); err != nil {
		t.Fatal(err)
	}
	out, errOut, err = run(t, withExplanation, false)
	if err != nil || errOut != "" {
		t.Fatalf("after passing: err %v, stderr %q", err, errOut)
	}
	if out != forced {
		t.Errorf("--force showed something else:\n%s\nthan passing:\n%s", forced, out)
	}
	cmdtest.Golden(t, "solution.md", []byte(out))

	// A challenge without an explanation still shows its code, under a title of its own.
	out, _, err = run(t, cmdtest.Challenges, false)
	if err != nil || !strings.HasPrefix(out, "# LRU cache: the reference solution\n\n## The code: lru.go\n") {
		t.Errorf("without SOLUTION.md: err %v, stdout %q", err, out)
	}
}
