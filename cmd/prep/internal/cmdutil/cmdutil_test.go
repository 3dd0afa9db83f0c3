package cmdutil

import (
	"errors"
	"testing"

	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader"
)

func TestCheckFormat(t *testing.T) {
	formats := []string{"text", "json"}
	if err := CheckFormat("json", formats); err != nil {
		t.Errorf("CheckFormat(json) = %v", err)
	}
	err := CheckFormat("xml", formats)
	var fe *FlagError
	if !errors.As(err, &fe) {
		t.Fatalf("CheckFormat(xml) = %v, want a FlagError", err)
	}
	if want := "unknown format \"xml\" for `--format`; use one of text, json"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
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

	ios.IsStderrTTY = true
	p := NewProgress(ios, "lru")
	report := p.Func()
	report(grader.Event{Step: "building"})
	report(grader.Event{Suite: "race", Step: "running"})
	p.Done()
	report(grader.Event{Suite: "race", Step: "done"})
	want := "\r\x1b[Kgrading lru: building\r\x1b[Kgrading lru: race: running\r\x1b[K"
	if got := errOut.String(); got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}
