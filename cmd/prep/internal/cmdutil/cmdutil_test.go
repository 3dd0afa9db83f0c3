package cmdutil

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader"
)

// An enum flag refuses a value outside its options while the flags are parsed, as a usage
// error in its own words, and keeps its default and a good value.
func TestStringEnumFlag(t *testing.T) {
	run := func(args ...string) (string, error) {
		var format string
		cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }, SilenceUsage: true, SilenceErrors: true}
		StringEnumFlag(cmd, &format, "format", []string{"text", "json"}, "`FORMAT` of the output")
		cmd.SetArgs(args)
		err := cmd.Execute()
		return format, err
	}
	if got, err := run(); err != nil || got != "text" {
		t.Errorf("no flag: %q, %v; want the first option", got, err)
	}
	if got, err := run("--format", "json"); err != nil || got != "json" {
		t.Errorf("--format json: %q, %v", got, err)
	}
	_, err := run("--format", "xml")
	var fe *FlagError
	if !errors.As(err, &fe) {
		t.Fatalf("--format xml: %v, want a FlagError", err)
	}
	if want := "unknown format \"xml\" for `--format`; use one of text, json"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if _, err := run("--colour"); !errors.As(err, &fe) {
		t.Errorf("another flag's error %v is not a FlagError", err)
	}
}

func TestFlagErrorWraps(t *testing.T) {
	cause := errors.New("cause")
	if err := FlagErrorf("bad: %w", cause); !errors.Is(err, cause) {
		t.Errorf("FlagErrorf does not wrap its cause")
	}
}

func TestProgress(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	if p := NewProgress(ios, "lru"); p.Func() != nil {
		t.Error("progress shown although stderr is not a terminal")
	}
	NewProgress(ios, "lru").Done() // a nil Progress must be safe to finish
	if event, finish := NewBatchProgress(ios, 3).Track("lru"); event != nil {
		t.Error("batch progress shown although stderr is not a terminal")
	} else {
		finish()
	}

	ios.IsStderrTTY = true
	p := NewProgress(ios, "lru")
	report := p.Func()
	report(grader.Event{Step: "building"})
	report(grader.Event{Suite: "correctness", Step: "running"})
	report(grader.Event{Suite: "race", Step: "running"})
	report(grader.Event{Suite: "correctness", Step: "done"})
	report(grader.Event{Suite: "race", Step: "done"})
	report(grader.Event{Suite: "performance", Step: "running"})
	p.Done()
	report(grader.Event{Suite: "performance", Step: "done"})
	want := []string{
		"",
		"grading lru: building",
		"grading lru: running correctness (0 of 3 suites done)",
		"grading lru: running correctness and race (0 of 3 suites done)",
		"grading lru: running race (1 of 3 suites done)",
		"grading lru: 2 of 3 suites done",
		"grading lru: running performance (2 of 3 suites done)",
		"",
	}
	if got := strings.Split(errOut.String(), "\r\x1b[K"); !slices.Equal(got, want) {
		t.Errorf("progress lines:\n%q\nwant\n%q", got, want)
	}
}

func TestBatchProgress(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	ios.IsStderrTTY = true
	p := NewBatchProgress(ios, 3)
	lru, lruDone := p.Track("lru")
	topk, topkDone := p.Track("practice/topk")
	lru(grader.Event{Step: "building"})
	topk(grader.Event{Step: "building"})
	lru(grader.Event{Suite: "correctness", Step: "running"})
	lru(grader.Event{Suite: "race", Step: "running"})
	lru(grader.Event{Suite: "correctness", Step: "done"})
	lruDone()
	lru(grader.Event{Suite: "race", Step: "done"}) // late: ignored
	topk(grader.Event{Suite: "performance", Step: "running"})
	topkDone()
	p.Done()
	want := []string{
		"",
		"grading 3 folders, 0 done · lru: building · practice/topk: starting",
		"grading 3 folders, 0 done · lru: building · practice/topk: building",
		"grading 3 folders, 0 done · lru: correctness (0/3) · practice/topk: building",
		"grading 3 folders, 0 done · lru: correctness+race (0/3) · practice/topk: build…",
		"grading 3 folders, 0 done · lru: race (1/3) · practice/topk: building",
		"grading 3 folders, 1 done · practice/topk: building",
		"grading 3 folders, 1 done · practice/topk: performance (0/3)",
		"grading 3 folders, 2 done",
		"",
	}
	if got := strings.Split(errOut.String(), "\r\x1b[K"); !slices.Equal(got, want) {
		t.Errorf("progress lines:\n%q\nwant\n%q", got, want)
	}
}

// A line wider than the terminal would wrap, and the next rewrite would leave its first part
// behind.
func TestProgressFitsALine(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	ios.IsStderrTTY = true
	p := NewBatchProgress(ios, 9)
	for _, name := range []string{"a-long-folder-name/lru", "another-long-folder-name/topk", "yet-another/ratelimiter"} {
		event, _ := p.Track(name)
		event(grader.Event{Suite: "correctness", Step: "running"})
	}
	lines := strings.Split(errOut.String(), "\r\x1b[K")
	last := lines[len(lines)-1]
	if n := utf8.RuneCountInString(last); n > lineWidth || !strings.HasSuffix(last, "…") {
		t.Errorf("last line has %d columns, want at most %d ending in …: %q", n, lineWidth, last)
	}
}

// Commands that take one folder complete it with folder names, and nothing after it.
func TestCompleteFolder(t *testing.T) {
	if _, d := CompleteFolder(nil, nil, ""); d != cobra.ShellCompDirectiveFilterDirs {
		t.Errorf("the first argument completes with directive %d, want folders (%d)", d, cobra.ShellCompDirectiveFilterDirs)
	}
	if _, d := CompleteFolder(nil, []string{"lru"}, ""); d != cobra.ShellCompDirectiveNoFileComp {
		t.Errorf("a second argument completes with directive %d, want nothing (%d)", d, cobra.ShellCompDirectiveNoFileComp)
	}
}
