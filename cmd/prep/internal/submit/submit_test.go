package submit

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/cmd/prep/internal/cmdtest"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/workspace"
	"github.com/spf13/cobra"
)

func TestNewCmdSubmit(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    SubmitOptions
		wantErr string
	}{
		{name: "defaults", args: []string{}, want: SubmitOptions{Dir: ".", Format: "text"}},
		{name: "folder", args: []string{"practice/lru"}, want: SubmitOptions{Dir: "practice/lru", Format: "text"}},
		{
			name: "every flag",
			args: []string{"lru", "--format", "json", "--challenge", "lru", "--timeout", "2m", "--verbose"},
			want: SubmitOptions{Dir: "lru", Format: "json", Challenge: "lru", Timeout: 2 * time.Minute, Verbose: true},
		},
		{name: "github", args: []string{"--format=github"}, want: SubmitOptions{Dir: ".", Format: "github"}},
		{
			name: "report files", args: []string{"--junit", "out/junit.xml", "--json", "report.json"},
			want: SubmitOptions{Dir: ".", Format: "text", Files: cmdutil.ReportFiles{JUnit: "out/junit.xml", JSON: "report.json"}},
		},
		{name: "unknown format", args: []string{"--format", "xml"}, wantErr: "unknown format \"xml\" for `--format`; use one of text, json, junit, github"},
		{name: "two folders", args: []string{"a", "b"}, wantErr: "`prep submit` grades one folder, got [\"a\" \"b\"]"},
		{name: "negative timeout", args: []string{"--timeout", "-1s"}, wantErr: "`--timeout` must not be negative, got -1s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
			var got *SubmitOptions
			cmd := NewCmdSubmit(f, func(o *SubmitOptions) error { got = o; return nil })
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
			if got.Dir != tt.want.Dir || got.Format != tt.want.Format || got.Challenge != tt.want.Challenge ||
				got.Timeout != tt.want.Timeout || got.Verbose != tt.want.Verbose || got.Files != tt.want.Files {
				t.Errorf("options = %+v, want %+v", got, tt.want)
			}
			if got.Ctx == nil {
				t.Error("no context")
			}
		})
	}
}

// folder makes a solution folder holding lru.go, started for challenge (none when empty).
func folder(t *testing.T, challenge string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "lru.go"), []byte("package lru\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if challenge != "" {
		if err := workspace.WriteMarker(dir, workspace.Marker{Challenge: challenge, Started: cmdtest.Now}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestSubmitRun(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	tests := []struct {
		name   string
		marker string // the challenge the folder was started for; empty for none
		dir    string // overrides the folder made from marker
		opts   SubmitOptions
		grader cmdtest.Grader

		wantErr       error  // matched with errors.Is
		wantErrText   string // the whole message, {dir} standing for the folder
		wantChallenge string // what the grader was asked to grade; empty when it must not run
		wantOut       string
	}{
		{
			name: "passed", marker: "lru", opts: SubmitOptions{Format: "text"}, grader: cmdtest.Grader{Report: cmdtest.Passed},
			wantChallenge: "lru", wantOut: "[text color=false verbose=false] lru passed=true verdict=accepted\n",
		},
		{
			name: "not passed", marker: "lru", opts: SubmitOptions{Format: "text", Verbose: true}, grader: cmdtest.Grader{Report: cmdtest.Failed},
			wantErr: cmdutil.ErrNotPassed, wantChallenge: "lru", wantOut: "[text color=false verbose=true] lru passed=false verdict=wrong_answer\n",
		},
		{
			name: "could not grade", marker: "lru", opts: SubmitOptions{Format: "text"}, grader: cmdtest.Grader{Err: grader.ErrNoGo},
			wantErr: grader.ErrNoGo, wantChallenge: "lru",
		},
		{
			name: "json", marker: "lru", opts: SubmitOptions{Format: "json"}, grader: cmdtest.Grader{Report: cmdtest.Failed},
			wantErr: cmdutil.ErrNotPassed, wantChallenge: "lru", wantOut: "[json color=false verbose=false] lru passed=false verdict=wrong_answer\n",
		},
		{
			name: "challenge flag overrides the marker", marker: "twosum", opts: SubmitOptions{Format: "text", Challenge: "lru"},
			grader: cmdtest.Grader{Report: cmdtest.Passed}, wantChallenge: "lru", wantOut: "[text color=false verbose=false] lru passed=true verdict=accepted\n",
		},
		{
			name: "challenge flag without a marker", opts: SubmitOptions{Format: "text", Challenge: "lru"},
			grader: cmdtest.Grader{Report: cmdtest.Passed}, wantChallenge: "lru", wantOut: "[text color=false verbose=false] lru passed=true verdict=accepted\n",
		},
		{
			name: "no marker", opts: SubmitOptions{Format: "text"},
			wantErrText: "folder {dir} was not started by `prep start`, so prep cannot tell which challenge it holds; pass `--challenge NAME` (see `prep list`)",
		},
		{
			name: "missing folder", dir: missing, opts: SubmitOptions{Format: "text"},
			wantErrText: "folder {dir} does not exist: check the path, or create it with `prep start NAME`",
		},
		{
			name: "unknown challenge", marker: "lru", opts: SubmitOptions{Format: "text", Challenge: "lur"},
			wantErrText: "unknown challenge \"lur\"; did you mean \"lru\"? (run `prep list` to see them all)",
		},
		{
			name: "marker names a challenge prep no longer has", marker: "gone", opts: SubmitOptions{Format: "text"},
			wantErrText: "unknown challenge \"gone\" (run `prep list` to see them all)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir
			if dir == "" {
				dir = folder(t, tt.marker)
			}
			g := tt.grader
			f, out, errOut := cmdtest.Factory(&g)
			opts := tt.opts
			opts.IO, opts.Challenges, opts.Grade, opts.NewPrinter, opts.Now = f.IOStreams, f.Challenges, f.Grade, f.NewPrinter, f.Now
			opts.Ctx, opts.Dir = context.Background(), dir

			err := submitRun(&opts)

			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("err = %v, want %v", err, tt.wantErr)
				}
			case tt.wantErrText != "":
				if want := strings.ReplaceAll(tt.wantErrText, "{dir}", dir); err == nil || err.Error() != want {
					t.Errorf("err = %v, want %q", err, want)
				}
			case err != nil:
				t.Errorf("err = %v", err)
			}
			if tt.wantChallenge == "" && len(g.Calls) > 0 {
				t.Errorf("graded although it should not have: %+v", g.Calls)
			}
			if tt.wantChallenge != "" {
				if len(g.Calls) != 1 {
					t.Fatalf("graded %d times, want once", len(g.Calls))
				}
				if c := g.Calls[0]; c.Challenge == nil || c.Challenge.Name != tt.wantChallenge || c.Dir != dir || c.Timeout != opts.Timeout {
					t.Errorf("grader options = %+v, want challenge %s in %s", c, tt.wantChallenge, dir)
				}
			}
			if out.String() != tt.wantOut {
				t.Errorf("stdout = %q, want %q", out, tt.wantOut)
			}
			if errOut.Len() > 0 {
				t.Errorf("stderr = %q, want nothing", errOut)
			}
		})
	}
}

func TestSubmitColorOnlyForText(t *testing.T) {
	for format, want := range map[string]string{
		"text":  "[text color=true verbose=false] lru passed=true verdict=accepted\n",
		"json":  "[json color=false verbose=false] lru passed=true verdict=accepted\n",
		"junit": "[junit color=false verbose=false] lru passed=true verdict=accepted\n",
	} {
		t.Run(format, func(t *testing.T) {
			f, out, _ := cmdtest.Factory(&cmdtest.Grader{Report: cmdtest.Passed})
			f.IOStreams.ColorEnabled = true
			err := submitRun(&SubmitOptions{
				IO: f.IOStreams, Challenges: f.Challenges, Grade: f.Grade, NewPrinter: f.NewPrinter, Now: f.Now,
				Ctx: context.Background(), Dir: folder(t, "lru"), Format: format,
			})
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != want {
				t.Errorf("stdout = %q, want %q", out, want)
			}
		})
	}
}

func TestSubmitProgress(t *testing.T) {
	dir := folder(t, "lru")
	g := &cmdtest.Grader{Report: cmdtest.Passed}
	f, out, errOut := cmdtest.Factory(g)
	g.Before = func(o grader.Options) {
		if o.Progress == nil {
			t.Fatal("no progress callback although stderr is a terminal")
		}
		o.Progress(grader.Event{Suite: "correctness", Step: "running"})
	}
	f.IOStreams.IsStderrTTY = true
	err := submitRun(&SubmitOptions{
		IO: f.IOStreams, Challenges: f.Challenges, Grade: f.Grade, NewPrinter: f.NewPrinter, Now: f.Now,
		Ctx: context.Background(), Dir: dir, Format: "json",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "grading lru: running correctness (0 of 3 suites done)") {
		t.Errorf("stderr = %q, want the progress line", errOut)
	}
	if strings.Contains(out.String(), "running") {
		t.Errorf("progress reached stdout: %q", out)
	}
}

func TestSubmitInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The grader noticed nothing and returned a failing report, as suites killed halfway do.
	g := &cmdtest.Grader{Report: cmdtest.Failed, Before: func(grader.Options) { cancel() }}
	f, out, _ := cmdtest.Factory(g)
	err := submitRun(&SubmitOptions{
		IO: f.IOStreams, Challenges: f.Challenges, Grade: f.Grade, NewPrinter: f.NewPrinter, Now: f.Now,
		Ctx: ctx, Dir: folder(t, "lru"), Format: "text",
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if out.Len() > 0 {
		t.Errorf("printed a scorecard of an interrupted grading: %q", out)
	}
}

func TestCompletion(t *testing.T) {
	f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
	cmd := NewCmdSubmit(f, nil)
	complete, ok := cmd.GetFlagCompletionFunc("challenge")
	if !ok {
		t.Fatal("no completion for `--challenge`")
	}
	got, _ := complete(cmd, nil, "")
	want := []cobra.Completion{"twosum\tTwo sum", "lru\tLRU cache", "ratelimit\tRate limiter"}
	if !slices.Equal(got, want) {
		t.Errorf("completions = %q, want %q", got, want)
	}
}

// The contract: submit changes nothing in the folder outside dot-folders. The grading is
// recorded in the practice repository's history, for `prep status`.
func TestSubmitRecordsHistoryOnly(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module practice\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "lru")
	if err := workspace.WriteMarker(dir, workspace.Marker{Challenge: "lru", Started: cmdtest.Now}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "lru.go"), []byte("package lru\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := listFiles(t, dir)
	f, _, errOut := cmdtest.Factory(&cmdtest.Grader{Report: cmdtest.Failed})
	err := submitRun(&SubmitOptions{
		IO: f.IOStreams, Challenges: f.Challenges, Grade: f.Grade, NewPrinter: f.NewPrinter, Now: f.Now,
		Ctx: context.Background(), Dir: dir, Format: "text",
	})
	if !errors.Is(err, cmdutil.ErrNotPassed) {
		t.Fatalf("err = %v", err)
	}
	if after := listFiles(t, dir); !slices.Equal(before, after) {
		t.Errorf("the folder changed outside its dot-folder:\nbefore %q\nafter  %q", before, after)
	}
	gs, err := workspace.ReadHistory(root)
	if err != nil || len(gs) != 1 {
		t.Fatalf("history = %+v, %v; want one grading", gs, err)
	}
	want := workspace.Grading{Time: cmdtest.Now, Dir: "lru", Challenge: "lru", Verdict: cmdtest.Failed.Verdict, Score: 50, MaxScore: 100, By: "submit"}
	if gs[0] != want {
		t.Errorf("history = %+v, want %+v", gs[0], want)
	}
	if errOut.Len() > 0 {
		t.Errorf("stderr = %q", errOut)
	}
}

func TestSubmitReportFiles(t *testing.T) {
	out := t.TempDir()
	f, _, _ := cmdtest.Factory(&cmdtest.Grader{Report: cmdtest.Passed})
	err := submitRun(&SubmitOptions{
		IO: f.IOStreams, Challenges: f.Challenges, Grade: f.Grade, NewPrinter: f.NewPrinter, Now: f.Now,
		Ctx: context.Background(), Dir: folder(t, "lru"), Format: "github",
		Files: cmdutil.ReportFiles{JUnit: filepath.Join(out, "junit.xml")},
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "junit.xml"))
	if want := "[junit color=false verbose=false] lru passed=true verdict=accepted\n"; err != nil || string(b) != want {
		t.Errorf("junit.xml = %q, %v; want %q", b, err, want)
	}
}

// listFiles lists the files in dir outside dot-folders, with their contents.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files = append(files, path+"="+string(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
