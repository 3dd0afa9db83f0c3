package root

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdtest"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/workspace"
)

func TestExitCode(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, 0},
		{cmdutil.ErrNotPassed, 1},
		{fmt.Errorf("grading: %w", cmdutil.ErrNotPassed), 1},
		{cmdutil.FlagErrorf("bad flag"), 2},
		{&challenges.UnknownError{Name: "x"}, 2},
		{&workspace.InputError{Dir: "x", Problem: "does not exist"}, 2},
		{grader.ErrNoGo, 2},
		{context.Canceled, 2},
		{errors.New("anything else"), 2},
	}
	for _, tt := range tests {
		if got := ExitCode(tt.err); got != tt.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

// started makes a folder started for lru, holding a solution file.
func started(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "lru.go"), []byte("package lru\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := workspace.WriteMarker(dir, workspace.Marker{Challenge: "lru", Started: cmdtest.Now}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestExecute(t *testing.T) {
	dir := started(t)
	empty := t.TempDir()
	tests := []struct {
		name      string
		args      []string
		grader    cmdtest.Grader
		cancelled bool

		wantCode   int
		wantStderr string // exactly; {dir} stands for the solution folder
		wantStdout string // a part of stdout
	}{
		{name: "no command", args: []string{}, wantCode: 0, wantStdout: "Practice repositories and CI:\n  init "},
		{name: "version", args: []string{"--version"}, wantCode: 0, wantStdout: "prep 1.2.3\n"},
		{name: "help of a command", args: []string{"help", "submit"}, wantCode: 0, wantStdout: "Examples:"},
		{name: "help flag", args: []string{"start", "--help"}, wantCode: 0, wantStdout: "prep start lru --force"},
		{name: "completion", args: []string{"completion", "bash"}, wantCode: 0, wantStdout: "bash completion"},
		{name: "list", args: []string{"list"}, wantCode: 0, wantStdout: "LRU cache"},
		{name: "submit passed", args: []string{"submit", dir}, grader: cmdtest.Grader{Report: cmdtest.Passed}, wantCode: 0, wantStdout: "lru passed=true"},
		{name: "submit not passed", args: []string{"submit", dir}, grader: cmdtest.Grader{Report: cmdtest.Failed}, wantCode: 1, wantStdout: "lru passed=false"},
		{name: "demo passed", args: []string{"demo"}, grader: cmdtest.Grader{Report: cmdtest.Passed}, wantCode: 0,
			wantStderr: "Grading the reference solution of lru in a temporary folder, removed afterwards.\n"},
		{name: "demo not passed", args: []string{"demo", "lru"}, grader: cmdtest.Grader{Report: cmdtest.Failed}, wantCode: 1,
			wantStderr: "Grading the reference solution of lru in a temporary folder, removed afterwards.\n"},
		{
			name: "unknown command", args: []string{"sumbit"}, wantCode: 2,
			wantStderr: "prep: unknown command \"sumbit\"; did you mean \"submit\"?\nrun `prep --help` for usage\n",
		},
		{name: "ci passed", args: []string{"ci", dir}, grader: cmdtest.Grader{Report: cmdtest.Passed}, wantCode: 0, wantStdout: "lru in " + filepath.ToSlash(dir) + " passed=true"},
		{name: "ci not passed", args: []string{"ci", dir, "--format", "junit"}, grader: cmdtest.Grader{Report: cmdtest.Failed}, wantCode: 1, wantStdout: "[junit all"},
		{
			name: "ci could not grade", args: []string{"ci", dir}, grader: cmdtest.Grader{Err: grader.ErrNoGo}, wantCode: 2,
			wantStderr: "prep: " + grader.ErrNoGo.Error() + "\n",
		},
		{
			name: "ci finds nothing", args: []string{"ci", empty}, wantCode: 2,
			wantStderr: "prep: no challenge folders in " + empty + ": start one with `prep start NAME`, or pass the folder of your practice repository\n",
		},
		{name: "status", args: []string{"status", dir}, wantCode: 0, wantStdout: "challenges passed, 1 started\n"},
		{
			name: "hint of an unknown challenge", args: []string{"hint", "lur"}, wantCode: 2,
			wantStderr: "prep: unknown challenge \"lur\"; did you mean \"lru\"? (run `prep list` to see them all)\n",
		},
		{
			name: "init with an unknown CI", args: []string{"init", "--ci", "travis"}, wantCode: 2,
			wantStderr: "prep: unknown CI \"travis\" for `--ci`; use one of github, gitlab\nrun `prep init --help` for usage\n",
		},
		{
			name: "watch a folder not started", args: []string{"watch", empty}, wantCode: 2,
			wantStderr: "prep: folder " + empty + " has no Go files: grade the folder that holds your solution, or create one with `prep start NAME`\n",
		},
		{
			name: "unknown flag", args: []string{"list", "--colour"}, wantCode: 2,
			wantStderr: "prep: unknown flag: --colour\nrun `prep list --help` for usage\n",
		},
		{
			name: "bad flag value", args: []string{"submit", "--timeout", "soon"}, wantCode: 2,
			wantStderr: "prep: invalid argument \"soon\" for \"--timeout\" flag: time: invalid duration \"soon\"\nrun `prep submit --help` for usage\n",
		},
		{
			name: "missing argument", args: []string{"start"}, wantCode: 2,
			wantStderr: "prep: name the challenge to start, as in `prep start lru`; run `prep list` to see them\nrun `prep start --help` for usage\n",
		},
		{
			name: "unknown format", args: []string{"submit", "--format", "xml"}, wantCode: 2,
			wantStderr: "prep: unknown format \"xml\" for `--format`; use one of text, json, junit, github\nrun `prep submit --help` for usage\n",
		},
		{
			name: "unknown challenge", args: []string{"start", "lur"}, wantCode: 2,
			wantStderr: "prep: unknown challenge \"lur\"; did you mean \"lru\"? (run `prep list` to see them all)\n",
		},
		{
			name: "folder not started", args: []string{"submit", empty}, wantCode: 2,
			wantStderr: "prep: folder " + empty + " has no Go files: grade the folder that holds your solution, or create one with `prep start NAME`\n",
		},
		{
			name: "no go", args: []string{"submit", dir}, grader: cmdtest.Grader{Err: grader.ErrNoGo}, wantCode: 2,
			wantStderr: "prep: " + grader.ErrNoGo.Error() + "\n",
		},
		{
			name: "interrupted", args: []string{"submit", dir}, grader: cmdtest.Grader{Report: cmdtest.Failed}, cancelled: true, wantCode: 2,
			wantStderr: "prep: interrupted\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancelled {
				cancel()
			}
			g := tt.grader
			f, stdout, stderr := cmdtest.Factory(&g)

			code := Execute(ctx, f, "1.2.3", tt.args)

			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d\nstderr: %s", code, tt.wantCode, stderr)
			}
			if stderr.String() != tt.wantStderr {
				t.Errorf("stderr = %q, want %q", stderr, tt.wantStderr)
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout does not contain %q:\n%s", tt.wantStdout, stdout)
			}
		})
	}
}

// TestHelpTeachesByExample holds every command to the house rule that --help shows realistic
// invocations and explains what the command does.
func TestHelpTeachesByExample(t *testing.T) {
	f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
	root := NewCmdRoot(f, "dev")
	// cobra adds its help and completion commands only when it executes, so these are prep's.
	for _, cmd := range append(root.Commands(), root) {
		t.Run(cmd.Name(), func(t *testing.T) {
			if cmd.Long == "" {
				t.Error("no Long description")
			}
			n := strings.Count(cmd.Example, "\n  prep ") + strings.Count(cmd.Example, "\n  go run ")
			if n < 2 || n > 4 {
				t.Errorf("Example has %d invocations, want 2 to 4:\n%s", n, cmd.Example)
			}
		})
	}
}
