package start

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdtest"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/grader/workspace"
	"github.com/spf13/cobra"
)

func TestNewCmdStart(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    StartOptions
		wantErr string
	}{
		{name: "name", args: []string{"lru"}, want: StartOptions{Name: "lru", Dir: "lru"}},
		{name: "dir", args: []string{"lru", "--dir", "practice/cache"}, want: StartOptions{Name: "lru", Dir: "practice/cache"}},
		{name: "force", args: []string{"--force", "lru"}, want: StartOptions{Name: "lru", Dir: "lru", Force: true}},
		{name: "no name", args: []string{}, wantErr: "name the challenge to start, as in `prep start lru`; run `prep list` to see them"},
		{name: "two names", args: []string{"lru", "twosum"}, wantErr: "`prep start` takes one challenge name, got [\"lru\" \"twosum\"]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
			var got *StartOptions
			cmd := NewCmdStart(f, func(o *StartOptions) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(io.Discard)
			cmd.SetErr(io.Discard)
			cmd.SilenceUsage, cmd.SilenceErrors = true, true
			err := cmd.Execute()
			if tt.wantErr != "" {
				var fe *cmdutil.FlagError
				if !errors.As(err, &fe) || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want the usage error %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != tt.want.Name || got.Dir != tt.want.Dir || got.Force != tt.want.Force {
				t.Errorf("options = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestCompletion(t *testing.T) {
	f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
	cmd := NewCmdStart(f, nil)
	got, directive := cmd.ValidArgsFunction(cmd, nil, "")
	want := []cobra.Completion{"twosum\tTwo sum", "lru\tLRU cache", "ratelimit\tRate limiter"}
	if !slices.Equal(got, want) || directive != cobra.ShellCompDirectiveNoFileComp {
		t.Errorf("completions = %q, %v; want %q", got, directive, want)
	}
	if got, _ := cmd.ValidArgsFunction(cmd, []string{"lru"}, ""); len(got) > 0 {
		t.Errorf("completes a second name: %q", got)
	}
}

// inTempDir makes a fresh temporary folder the working directory, for output that names
// folders the way a learner types them.
func inTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	return dir
}

// newOptions returns the options of `prep start name` over the fake challenges, with the
// buffer behind stdout. It fails the test if anything reaches stderr.
func newOptions(t *testing.T, name string) (*StartOptions, *bytes.Buffer) {
	t.Helper()
	f, out, errOut := cmdtest.Factory(&cmdtest.Grader{})
	t.Cleanup(func() {
		if errOut.Len() > 0 {
			t.Errorf("stderr = %q, want nothing", errOut)
		}
	})
	return &StartOptions{IO: f.IOStreams, Challenges: f.Challenges, Now: f.Now, Name: name, Dir: name}, out
}

// moduleAbove reports whether a go.mod in dir or above makes it part of a module.
func moduleAbove(dir string) bool {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}

func TestStartOutsideModule(t *testing.T) {
	dir := inTempDir(t)
	if moduleAbove(dir) {
		t.Skipf("the temporary folder %s is inside a module", dir)
	}
	opts, out := newOptions(t, "lru")
	if err := startRun(opts); err != nil {
		t.Fatal(err)
	}
	cmdtest.Golden(t, "start.txt", out.Bytes())
	if _, err := os.Stat(filepath.Join(dir, "lru", "go.mod")); err != nil {
		t.Errorf("no go.mod outside a module: %v", err)
	}
}

func TestStartInsideModule(t *testing.T) {
	dir := inTempDir(t)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module practice\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts, out := newOptions(t, "lru")
	opts.Dir = "cache/lru" // as typed, on every system, so that the golden file holds everywhere
	if err := startRun(opts); err != nil {
		t.Fatal(err)
	}
	cmdtest.Golden(t, "start-in-module.txt", out.Bytes())
	if _, err := os.Stat(filepath.Join(dir, "cache", "lru", "go.mod")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("go.mod written inside a module: %v", err)
	}
}

func TestStartInCurrentFolder(t *testing.T) {
	inTempDir(t)
	opts, out := newOptions(t, "twosum")
	opts.Dir = "."
	if err := startRun(opts); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "cd ") {
		t.Errorf("tells the learner to cd into the folder they are in:\n%s", out)
	}
}

func TestStartRefusesToOverwrite(t *testing.T) {
	dir := inTempDir(t)
	if err := os.MkdirAll(filepath.Join(dir, "lru"), 0o755); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "lru", "lru.go")
	if err := os.WriteFile(mine, []byte("my work"), 0o644); err != nil {
		t.Fatal(err)
	}

	opts, out := newOptions(t, "lru")
	err := startRun(opts)
	var exists *workspace.ExistsError
	if !errors.As(err, &exists) {
		t.Fatalf("err = %v, want an ExistsError", err)
	}
	if want := "folder lru already has lru.go; pass `--force` to overwrite, or choose another folder with `--dir`"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if out.Len() > 0 {
		t.Errorf("stdout = %q, want nothing", out)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "lru"))
	if len(entries) != 1 {
		t.Errorf("the refusal wrote files: %v", entries)
	}

	opts, _ = newOptions(t, "lru")
	opts.Force = true
	if err := startRun(opts); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(mine); string(b) == "my work" {
		t.Error("--force did not overwrite lru.go")
	}
}

func TestStartUnknownChallenge(t *testing.T) {
	dir := inTempDir(t)
	opts, _ := newOptions(t, "lur")
	err := startRun(opts)
	var unknown *challenges.UnknownError
	if !errors.As(err, &unknown) || unknown.Suggestion != "lru" {
		t.Fatalf("err = %v, want an UnknownError suggesting lru", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("wrote %v for an unknown challenge", entries)
	}
}

// TestRealStubCompiles starts the embedded challenges the way a learner would and checks that
// what they get builds, tests included: a stub that does not compile would greet every learner
// with an error instead of failing tests.
func TestRealStubCompiles(t *testing.T) {
	set, err := challenges.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range set.All() {
		t.Run(c.Name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), c.Name)
			opts, _ := newOptions(t, c.Name)
			opts.Challenges = challenges.Default
			opts.Dir = dir
			if err := startRun(opts); err != nil {
				t.Fatal(err)
			}
			cmdtest.GoVet(t, dir)
		})
	}
}
