package status

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/cmd/prep/internal/cmdtest"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/workspace"
)

func TestNewCmdStatus(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantDir    string
		wantFormat string
		wantErr    string
	}{
		{name: "defaults", args: []string{}, wantDir: ".", wantFormat: "text"},
		{name: "folder and json", args: []string{"practice", "--format", "json"}, wantDir: "practice", wantFormat: "json"},
		{name: "report format", args: []string{"--format", "junit"}, wantErr: "unknown format \"junit\" for `--format`; use one of text, json"},
		{name: "two folders", args: []string{"a", "b"}, wantErr: "`prep status` takes one folder, got [\"a\" \"b\"]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
			var got *StatusOptions
			cmd := NewCmdStatus(f, func(o *StatusOptions) error { got = o; return nil })
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
			if got.Dir != tt.wantDir || got.Format != tt.wantFormat {
				t.Errorf("options = %+v", got)
			}
		})
	}
}

// practice makes a practice repository in a fresh working directory: lru started twice,
// graded three times in one folder and never in the other; a folder of a challenge this prep
// does not have; two hints of lru read.
func practice(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
	if err := os.WriteFile("go.mod", []byte("module practice\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for dir, challenge := range map[string]string{"lru": "lru", "cache/lru-again": "lru", "old": "gone"} {
		if err := workspace.WriteMarker(dir, workspace.Marker{Challenge: challenge, Started: cmdtest.Now.Add(-72 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	at := func(ago time.Duration) time.Time { return cmdtest.Now.Add(-ago) }
	err := workspace.AppendHistory(".",
		workspace.Grading{Time: at(50 * time.Hour), Dir: "lru", Challenge: "lru", Verdict: report.WrongAnswer, Score: 50, MaxScore: 100, By: "submit"},
		workspace.Grading{Time: at(3 * time.Hour), Dir: "lru", Challenge: "lru", Passed: true, Verdict: report.Accepted, Score: 100, MaxScore: 100, By: "submit"},
		workspace.Grading{Time: at(5 * time.Minute), Dir: "lru", Challenge: "lru", Verdict: report.TooSlow, Score: 70, MaxScore: 100, By: "watch"},
		workspace.Grading{Time: at(time.Hour), Dir: "deleted", Challenge: "twosum", Passed: true, Verdict: report.Accepted, Score: 100, MaxScore: 100, By: "ci"},
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := workspace.SetHintsShown(".", "lru", 2); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, format, dir string) []byte {
	t.Helper()
	f, out, errOut := cmdtest.Factory(&cmdtest.Grader{})
	if err := statusRun(&StatusOptions{IO: f.IOStreams, Challenges: f.Challenges, Now: f.Now, Dir: dir, Format: format}); err != nil {
		t.Fatal(err)
	}
	if errOut.Len() > 0 {
		t.Errorf("stderr = %q", errOut)
	}
	return out.Bytes()
}

func TestStatusText(t *testing.T) {
	practice(t)
	cmdtest.Golden(t, "status.txt", run(t, "text", "."))
}

func TestStatusJSON(t *testing.T) {
	practice(t)
	out := run(t, "json", ".")
	var doc struct {
		Schema string `json:"schema"`
		Root   string `json:"root"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	root, _ := os.Getwd()
	if doc.Schema != Schema || doc.Root != root {
		t.Errorf("schema %q, root %q; want %q, %q", doc.Schema, doc.Root, Schema, root)
	}
	// The temporary folder differs from run to run.
	rootJSON, _ := json.Marshal(root)
	cmdtest.Golden(t, "status.json", bytes.Replace(out, rootJSON, []byte(`"/practice"`), 1))
}

// From inside a challenge folder, the whole repository is shown, and where it is.
func TestStatusInsideAFolder(t *testing.T) {
	practice(t)
	t.Chdir("lru")
	// The root as prep finds it, from the working directory: on macOS the temporary folder is
	// reached through a symbolic link (/var is /private/var), which the move into lru resolves.
	wd, _ := os.Getwd()
	root := filepath.Dir(wd)
	out := string(run(t, "text", "."))
	if want := "practice repository: " + root + "\n"; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if !strings.Contains(out, "cache/lru-again") {
		t.Errorf("the other folders are missing:\n%s", out)
	}
}

func TestStatusNothingStarted(t *testing.T) {
	t.Chdir(t.TempDir())
	cmdtest.Golden(t, "status-empty.txt", run(t, "text", "."))
}
