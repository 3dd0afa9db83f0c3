package demo

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdtest"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/workspace"
)

func TestNewCmdDemo(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantName   string
		wantFormat string
		wantErr    string
	}{
		{name: "default", args: []string{}, wantName: "lru", wantFormat: "text"},
		{name: "named", args: []string{"twosum"}, wantName: "twosum", wantFormat: "text"},
		{name: "json", args: []string{"lru", "--format", "json"}, wantName: "lru", wantFormat: "json"},
		{name: "unknown format", args: []string{"--format", "html"}, wantErr: "unknown format \"html\" for `--format`; use one of text, json, junit, github"},
		{name: "two names", args: []string{"lru", "twosum"}, wantErr: "`prep demo` takes one challenge name, got [\"lru\" \"twosum\"]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
			var got *DemoOptions
			cmd := NewCmdDemo(f, func(o *DemoOptions) error { got = o; return nil })
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
			if got.Name != tt.wantName || got.Format != tt.wantFormat {
				t.Errorf("options = %+v, want name %s and format %s", got, tt.wantName, tt.wantFormat)
			}
		})
	}
}

const note = "Grading the reference solution of lru in a temporary folder, removed afterwards.\n"

func TestDemoRun(t *testing.T) {
	tests := []struct {
		name    string
		grader  cmdtest.Grader
		cancel  bool // interrupt while grading
		wantErr error
		wantOut string
	}{
		{name: "passed", grader: cmdtest.Grader{Report: cmdtest.Passed}, wantOut: "[text color=false verbose=true] lru passed=true verdict=accepted\n"},
		{name: "not passed", grader: cmdtest.Grader{Report: cmdtest.Failed}, wantErr: cmdutil.ErrNotPassed, wantOut: "[text color=false verbose=true] lru passed=false verdict=wrong_answer\n"},
		{name: "could not grade", grader: cmdtest.Grader{Err: grader.ErrNoGo}, wantErr: grader.ErrNoGo},
		{name: "interrupted", grader: cmdtest.Grader{Report: cmdtest.Failed}, cancel: true, wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			g := tt.grader
			var graded string
			g.Before = func(o grader.Options) {
				graded = o.Dir
				checkReferenceFolder(t, o.Dir)
				if tt.cancel {
					cancel()
				}
			}
			f, out, errOut := cmdtest.Factory(&g)
			tmp := t.TempDir()

			err := demoRun(&DemoOptions{
				IO: f.IOStreams, Challenges: f.Challenges, Grade: f.Grade, NewPrinter: f.NewPrinter, Now: f.Now,
				Ctx: ctx, TempDir: tmp, Name: "lru", Format: "text",
			})

			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if graded == "" {
				t.Fatal("the grader was not called")
			}
			if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
				t.Errorf("the temporary folder was left behind: %v", entries)
			}
			if out.String() != tt.wantOut {
				t.Errorf("stdout = %q, want %q", out, tt.wantOut)
			}
			if errOut.String() != note {
				t.Errorf("stderr = %q, want %q", errOut, note)
			}
		})
	}
}

// checkReferenceFolder checks that dir is a started folder with the reference in place of the
// stub.
func checkReferenceFolder(t *testing.T, dir string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "lru.go"))
	if err != nil || string(b) != "package lru\n\n// Reference.\n" {
		t.Errorf("lru.go = %q, %v; want the reference", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "lru_test.go")); err != nil {
		t.Errorf("the visible tests are missing: %v", err)
	}
	if m, err := workspace.ReadMarker(dir); err != nil || m.Challenge != "lru" {
		t.Errorf("marker = %+v, %v", m, err)
	}
}

func TestDemoUnknownChallenge(t *testing.T) {
	g := &cmdtest.Grader{}
	f, _, errOut := cmdtest.Factory(g)
	tmp := t.TempDir()
	err := demoRun(&DemoOptions{
		IO: f.IOStreams, Challenges: f.Challenges, Grade: f.Grade, NewPrinter: f.NewPrinter, Now: f.Now,
		Ctx: context.Background(), TempDir: tmp, Name: "lur", Format: "text",
	})
	var unknown *challenges.UnknownError
	if !errors.As(err, &unknown) {
		t.Errorf("err = %v, want an UnknownError", err)
	}
	if len(g.Calls) > 0 || errOut.Len() > 0 {
		t.Errorf("went on after an unknown name: %d calls, stderr %q", len(g.Calls), errOut)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
		t.Errorf("made a temporary folder: %v", entries)
	}
}

// TestRealReferenceBuilds checks, for every embedded challenge, that the folder the demo grades
// builds: the reference in place of the stub, beside the visible tests.
func TestRealReferenceBuilds(t *testing.T) {
	set, err := challenges.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range set.All() {
		t.Run(c.Name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), c.Name)
			if err := placeReference(c, dir, time.Now); err != nil {
				t.Fatal(err)
			}
			cmdtest.GoVet(t, dir)
		})
	}
}
