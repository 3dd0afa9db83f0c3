package cmdutil

import (
	"fmt"
	"io"
	"sync"

	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader"
)

// Progress shows what the grader is doing on one line of stderr, rewritten in place, so that
// a learner waiting for the slower suites sees that something is happening. Rewriting a line
// only makes sense on a terminal, so NewProgress gives nil elsewhere and a nil Progress shows
// nothing: logs and piped output stay clean.
type Progress struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	shown bool
	done  bool
}

// NewProgress returns a Progress for grading the named challenge, or nil when stderr is not a
// terminal.
func NewProgress(ios *iostreams.IOStreams, challenge string) *Progress {
	if !ios.IsStderrTTY {
		return nil
	}
	return &Progress{w: ios.ErrOut, label: "grading " + challenge}
}

// Func returns the callback for grader.Options.Progress, nil when there is nothing to show.
func (p *Progress) Func() func(grader.Event) {
	if p == nil {
		return nil
	}
	return p.event
}

func (p *Progress) event(e grader.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	what := e.Step
	if e.Suite != "" {
		what = e.Suite + ": " + e.Step
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s: %s", p.label, what)
	p.shown = true
}

// Done erases the line before the report is printed, and ignores events that arrive late.
func (p *Progress) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	p.done = true
}
