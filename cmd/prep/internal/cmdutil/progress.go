package cmdutil

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/report"
)

// Progress shows what the grader is doing on one line of stderr, rewritten in place, so that
// a learner waiting for the slower suites sees that something is happening: building, then
// which suites are running and how many of the three are done; for `prep ci`, how many
// folders are graded and what each running grading is doing. The grader reports steps and
// suites, not single tests, so that is the finest it can show.
//
// Rewriting a line only makes sense on a terminal, so NewProgress gives nil elsewhere and a
// nil Progress shows nothing: logs and piped output stay clean.
type Progress struct {
	mu       sync.Mutex
	w        io.Writer
	label    string // what the whole line is about, such as "grading lru"
	total    int    // gradings expected; a single grading shows no count
	finished int
	tasks    []*task // the gradings under way, in the order they started
	shown    bool
	done     bool
}

// task is one grading under way.
type task struct {
	name       string
	step       string   // a step outside any suite, such as "building"
	running    []string // the suites running
	suitesDone int
}

// lineWidth bounds the progress line: a line longer than the terminal wraps, and "\r" then
// returns only to the start of its last part, leaving the rest behind on the screen. Most
// terminals are at least 80 columns wide.
const lineWidth = 79

// NewProgress returns a Progress for grading the named challenge, or nil when stderr is not a
// terminal.
func NewProgress(ios *iostreams.IOStreams, challenge string) *Progress {
	if !ios.IsStderrTTY {
		return nil
	}
	return &Progress{w: ios.ErrOut, label: "grading " + challenge, total: 1}
}

// NewBatchProgress returns a Progress for total gradings, each added with Track, or nil when
// stderr is not a terminal.
func NewBatchProgress(ios *iostreams.IOStreams, total int) *Progress {
	if !ios.IsStderrTTY {
		return nil
	}
	return &Progress{w: ios.ErrOut, label: fmt.Sprintf("grading %d folders", total), total: total}
}

// Func returns the callback for grader.Options.Progress of a single grading, nil when there
// is nothing to show.
func (p *Progress) Func() func(grader.Event) {
	if p == nil {
		return nil
	}
	event, _ := p.Track("")
	return event
}

// Track adds a grading named name (a folder, for `prep ci`) and returns the callback for its
// grader.Options.Progress, nil when there is nothing to show, and the function to call when
// it has finished.
func (p *Progress) Track(name string) (event func(grader.Event), finish func()) {
	if p == nil {
		return nil, func() {}
	}
	t := &task{name: name}
	p.mu.Lock()
	p.tasks = append(p.tasks, t)
	p.mu.Unlock()
	event = func(e grader.Event) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.done || !slices.Contains(p.tasks, t) {
			return
		}
		switch {
		case e.Suite == "":
			t.step = e.Step
		case e.Step == "running":
			t.step = ""
			t.running = append(t.running, e.Suite)
		case e.Step == "done":
			t.running = slices.DeleteFunc(t.running, func(s string) bool { return s == e.Suite })
			t.suitesDone++
		}
		p.draw()
	}
	finish = func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if i := slices.Index(p.tasks, t); i >= 0 {
			p.tasks = slices.Delete(p.tasks, i, i+1)
			p.finished++
			if !p.done && p.total > 1 {
				p.draw()
			}
		}
	}
	return event, finish
}

// draw rewrites the line; p.mu is held.
func (p *Progress) draw() {
	var parts []string
	if p.total > 1 {
		parts = append(parts, fmt.Sprintf("%s, %d done", p.label, p.finished))
		for _, t := range p.tasks {
			parts = append(parts, t.name+": "+t.describe(true))
		}
	} else if len(p.tasks) > 0 {
		parts = append(parts, p.label+": "+p.tasks[0].describe(false))
	}
	line := strings.Join(parts, " · ")
	if utf8.RuneCountInString(line) > lineWidth {
		line = string([]rune(line)[:lineWidth-1]) + "…"
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.shown = true
}

// describe says what a grading is doing, briefly when several share the line.
func (t *task) describe(brief bool) string {
	total := len(report.SuiteNames)
	switch {
	case len(t.running) > 0 && brief:
		return fmt.Sprintf("%s (%d/%d)", strings.Join(t.running, "+"), t.suitesDone, total)
	case len(t.running) > 0:
		return fmt.Sprintf("running %s (%d of %d suites done)", strings.Join(t.running, " and "), t.suitesDone, total)
	case t.step != "":
		return t.step
	case t.suitesDone > 0:
		return fmt.Sprintf("%d of %d suites done", t.suitesDone, total)
	}
	return "starting"
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
