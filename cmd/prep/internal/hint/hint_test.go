package hint

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdtest"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/workspace"
)

func TestNewCmdHint(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    HintOptions
		wantErr string
	}{
		{name: "named", args: []string{"lru"}, want: HintOptions{Name: "lru", Dir: "."}},
		{name: "the folder's", args: []string{}, want: HintOptions{Dir: "."}},
		{name: "all", args: []string{"lru", "--all"}, want: HintOptions{Name: "lru", Dir: ".", All: true}},
		{name: "two names", args: []string{"lru", "topk"}, wantErr: "`prep hint` takes one challenge name, got [\"lru\" \"topk\"]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
			var got *HintOptions
			cmd := NewCmdHint(f, func(o *HintOptions) error { got = o; return nil })
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
			if got.Name != tt.want.Name || got.Dir != tt.want.Dir || got.All != tt.want.All {
				t.Errorf("options = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// longHints replaces the fixed set's one-word hints with ones long enough to wrap.
func longHints() (*challenges.Set, error) {
	set, err := cmdtest.Challenges()
	if err != nil {
		return nil, err
	}
	c, _ := set.Lookup("lru")
	c.Hints = []string{
		"Get and Put both need two things in O(1): finding a key, and knowing which key was used least recently. No single built-in structure gives you both.",
		"Keep the keys in a list ordered by recency, and a map from key to list element.",
		"Use container/list, and one sync.Mutex for every method: Get changes the order too.",
	}
	return set, nil
}

// TestHintSequence asks for hints one after another, as a stuck learner does, and holds the
// whole conversation to a golden file.
func TestHintSequence(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("go.mod", []byte("module practice\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, out, errOut := cmdtest.Factory(&cmdtest.Grader{})
	ask := func(all bool) {
		t.Helper()
		out.WriteString("$ prep hint lru")
		if all {
			out.WriteString(" --all")
		}
		out.WriteString("\n")
		if err := hintRun(&HintOptions{IO: f.IOStreams, Challenges: longHints, Name: "lru", Dir: ".", All: all}); err != nil {
			t.Fatal(err)
		}
		out.WriteString("\n")
	}
	ask(true)  // none yet
	ask(false) // 1
	ask(true)
	ask(false) // 2
	ask(false) // 3
	if err := workspace.AppendHistory(".", workspace.Grading{Dir: "lru", Challenge: "lru", Passed: true, Verdict: report.Accepted}); err != nil {
		t.Fatal(err)
	}
	ask(false) // all shown already, and passed since
	cmdtest.Golden(t, "hints.txt", out.Bytes())
	if errOut.Len() > 0 {
		t.Errorf("stderr = %q", errOut)
	}
	if shown, _ := workspace.HintsShown("."); shown["lru"] != 3 {
		t.Errorf("recorded %d hints shown, want 3", shown["lru"])
	}
}

// In a challenge's folder the name may be left out; the count is the repository's, shared by
// every folder of the challenge.
func TestHintInTheFolder(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("go.mod", []byte("module practice\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := workspace.SetHintsShown(".", "lru", 1); err != nil {
		t.Fatal(err)
	}
	if err := workspace.WriteMarker("lru", workspace.Marker{Challenge: "lru", Started: cmdtest.Now}); err != nil {
		t.Fatal(err)
	}
	t.Chdir("lru")
	f, out, _ := cmdtest.Factory(&cmdtest.Grader{})
	if err := hintRun(&HintOptions{IO: f.IOStreams, Challenges: f.Challenges, Dir: "."}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "Hint 2 of 3 for lru (LRU cache):\n\n2. two\n") {
		t.Errorf("stdout = %q, want the second hint of lru", out)
	}
	if _, err := os.Stat(".prep/hints.json"); err == nil {
		t.Error("the count was kept in the challenge folder, not at the repository's root")
	}
}

func TestHintErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	f, out, _ := cmdtest.Factory(&cmdtest.Grader{})
	err := hintRun(&HintOptions{IO: f.IOStreams, Challenges: f.Challenges, Dir: "."})
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) || err.Error() != "name the challenge, as in `prep hint lru`, or run it in a folder `prep start` created" {
		t.Errorf("err = %v, want a usage error asking for the name", err)
	}
	err = hintRun(&HintOptions{IO: f.IOStreams, Challenges: f.Challenges, Dir: ".", Name: "lur"})
	var unknown *challenges.UnknownError
	if !errors.As(err, &unknown) {
		t.Errorf("err = %v, want an UnknownError", err)
	}
	if out.Len() > 0 {
		t.Errorf("stdout = %q", out)
	}
}

func TestWrap(t *testing.T) {
	var b bytes.Buffer
	writeHint(&b, 12, strings.Repeat("word ", 30)+strings.Repeat("x", 90))
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if len(line) > width && !strings.HasSuffix(line, "xxxx") {
			t.Errorf("line of %d columns: %q", len(line), line)
		}
		if !strings.HasPrefix(line, "12. ") && !strings.HasPrefix(line, "    ") {
			t.Errorf("line not indented past the number: %q", line)
		}
	}
}
