package list

import (
	"encoding/json"
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdtest"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
)

func TestNewCmdList(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantFormat string
		wantErr    string
	}{
		{name: "default", args: []string{}, wantFormat: "text"},
		{name: "json", args: []string{"--format", "json"}, wantFormat: "json"},
		{name: "unknown format", args: []string{"--format", "yaml"}, wantErr: "unknown format \"yaml\" for `--format`; use one of text, json"},
		{name: "report format", args: []string{"--format", "junit"}, wantErr: "unknown format \"junit\" for `--format`; use one of text, json"},
		{name: "argument", args: []string{"lru"}, wantErr: "`prep list` takes no arguments, got [\"lru\"]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
			var got *ListOptions
			cmd := NewCmdList(f, func(o *ListOptions) error { got = o; return nil })
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
				if got != nil {
					t.Error("ran despite the usage error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Format != tt.wantFormat {
				t.Errorf("Format = %q, want %q", got.Format, tt.wantFormat)
			}
		})
	}
}

func TestListText(t *testing.T) {
	f, out, errOut := cmdtest.Factory(&cmdtest.Grader{})
	err := listRun(&ListOptions{IO: f.IOStreams, Challenges: f.Challenges, Format: "text"})
	if err != nil {
		t.Fatal(err)
	}
	cmdtest.Golden(t, "list.txt", out.Bytes())
	if errOut.Len() > 0 {
		t.Errorf("stderr = %q, want nothing", errOut)
	}
}

func TestListJSON(t *testing.T) {
	f, out, errOut := cmdtest.Factory(&cmdtest.Grader{})
	err := listRun(&ListOptions{IO: f.IOStreams, Challenges: f.Challenges, Format: "json"})
	if err != nil {
		t.Fatal(err)
	}
	cmdtest.Golden(t, "list.json", out.Bytes())
	if errOut.Len() > 0 {
		t.Errorf("stderr = %q, want nothing", errOut)
	}

	// The contract fixes the keys: exactly these, topics always an array.
	var entries []map[string]any
	if err := json.Unmarshal(out.Bytes(), &entries); err != nil {
		t.Fatalf("stdout is not a JSON array: %v", err)
	}
	if len(entries) != 3 {
		t.Fatalf("got %d entries, want 3", len(entries))
	}
	for _, e := range entries {
		var keys []string
		for k := range e {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if want := []string{"difficulty", "name", "title", "topics"}; !slices.Equal(keys, want) {
			t.Errorf("keys = %q, want %q", keys, want)
		}
		if _, ok := e["topics"].([]any); !ok {
			t.Errorf("topics of %v is not an array", e["name"])
		}
	}
	if entries[0]["name"] != "twosum" || entries[2]["name"] != "ratelimit" {
		t.Errorf("entries are not easiest first: %v", entries)
	}
}

func TestListChallengesError(t *testing.T) {
	f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
	broken := errors.New("challenge x: challenge.toml: title is empty")
	err := listRun(&ListOptions{IO: f.IOStreams, Challenges: func() (*challenges.Set, error) { return nil, broken }, Format: "text"})
	if !errors.Is(err, broken) {
		t.Errorf("err = %v, want %v", err, broken)
	}
}
