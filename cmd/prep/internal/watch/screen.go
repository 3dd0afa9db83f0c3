package watch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"
	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/report"
)

// screen shows one grading after another: on a terminal each replaces the one before.
type screen struct {
	opts      *WatchOptions
	challenge *challenges.Challenge
}

// clearScreen moves the cursor home and clears the screen, as `clear` does.
const clearScreen = "\x1b[H\x1b[2J"

// Limits of the compact scorecard, which should fit beside an editor.
const (
	maxFailures    = 3   // failing tests shown for each suite
	maxDiagnostics = 5   // compiler errors shown
	maxLine        = 100 // columns of a failure's first line
)

// grade grades once and shows the result, or nothing when ctx is cancelled: a newer save
// or Ctrl-C made this grading moot.
func (s *screen) grade(ctx context.Context) {
	opts := s.opts
	newPrinter := func(format string, po cmdutil.PrintOptions) (cmdutil.Printer, error) {
		p := page{screen: s, color: po.Color}
		if opts.Full {
			inner, err := opts.NewPrinter(format, po)
			if err != nil {
				return nil, err
			}
			p.inner = inner
		}
		return p, nil
	}
	r, err := cmdutil.GradeAndPrint(ctx, opts.IO, opts.Grade, newPrinter, cmdutil.GradeRequest{
		Options: grader.Options{Dir: opts.Dir, Challenge: s.challenge, Timeout: opts.Timeout},
		Format:  "text",
	})
	if r != nil {
		// A grading that finished is recorded, even when a save or Ctrl-C came just after it:
		// the learner may have seen its scorecard.
		cmdutil.RecordGradings(opts.IO, "watch", opts.Now(), r)
	}
	if ctx.Err() != nil {
		return
	}
	if err != nil && !errors.Is(err, cmdutil.ErrNotPassed) {
		var b bytes.Buffer
		s.header(&b, nil)
		fmt.Fprintf(&b, "could not grade: %v\n", err)
		s.footer(&b)
		opts.IO.Out.Write(b.Bytes())
	}
}

// header clears the screen on a terminal and names what was graded, and when.
func (s *screen) header(b *bytes.Buffer, r *report.Report) {
	if s.opts.IO.IsStdoutTTY {
		b.WriteString(clearScreen)
	}
	fmt.Fprintf(b, "%s (%s) in %s · graded at %s", s.challenge.Name, s.challenge.Title, displayDir(s.opts.Dir), s.opts.Now().Format("15:04:05"))
	if r != nil {
		fmt.Fprintf(b, " in %s", seconds(r.DurationMS))
	}
	b.WriteString("\n\n")
}

func (s *screen) footer(b *bytes.Buffer) {
	fmt.Fprintf(b, "\nwatching %s for saves · Ctrl-C to stop\n", displayDir(s.opts.Dir))
	if !s.opts.IO.IsStdoutTTY {
		// Without a screen to clear, a blank line sets the next grading apart.
		b.WriteString("\n")
	}
}

// page is the printer of one grading on the screen: the compact scorecard, or inner's.
type page struct {
	screen *screen
	inner  cmdutil.Printer
	color  bool
}

// Print writes the header, the scorecard and the footer in one write, so that the screen is
// never seen half drawn.
func (p page) Print(w io.Writer, r *report.Report) error {
	var b bytes.Buffer
	p.screen.header(&b, r)
	if p.inner != nil {
		if err := p.inner.Print(&b, r); err != nil {
			return err
		}
	} else {
		compact(&b, r, p.color)
	}
	p.screen.footer(&b)
	_, err := w.Write(b.Bytes())
	return err
}

// PrintAll is not needed on a screen that shows one grading at a time.
func (p page) PrintAll(w io.Writer, rs []*report.Report) error {
	return errors.New("prep watch prints one report at a time")
}

// compact writes a scorecard that fits beside an editor: a line a suite, with the first line
// of its first failures, then the compiler's errors and the verdict.
func compact(b *bytes.Buffer, r *report.Report, useColor bool) {
	paint := func(attr color.Attribute) *color.Color {
		c := color.New(attr)
		if useColor {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	green, red, yellow, faint := paint(color.FgGreen), paint(color.FgRed), paint(color.FgYellow), paint(color.Faint)
	width := 0
	for _, s := range r.Suites {
		width = max(width, len(scoreOf(s)))
	}
	for _, s := range r.Suites {
		mark, style, note := "FAIL", red, ""
		failures := failing(s)
		switch s.Status {
		case report.Pass:
			mark, style = "PASS", green
		case report.Skipped:
			mark, style, note = "SKIP", yellow, firstLine(s.Reason)
		case report.Error:
			mark, style, note = "ERR ", yellow, firstLine(s.Reason)
		default:
			if len(failures) > 0 {
				c := s.Count()
				note = fmt.Sprintf("%d of %d %s failed", c.Failed, c.Tests, plural(c.Tests, "test", "tests"))
			} else {
				note = firstLine(s.Reason)
			}
		}
		line := fmt.Sprintf("%s  %-11s  %*s", style.Sprint(mark), s.Name, width, scoreOf(s))
		if note != "" {
			line += "   " + faint.Sprint(clip(note))
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
		for i, t := range failures {
			if i == maxFailures {
				fmt.Fprintf(b, "      %s\n", faint.Sprintf("and %d more", len(failures)-maxFailures))
				break
			}
			fmt.Fprintf(b, "      %s\n", clip(t.Name+": "+why(t)))
		}
	}
	if len(r.Diagnostics) > 0 {
		b.WriteString("\n")
		for i, d := range r.Diagnostics {
			if i == maxDiagnostics {
				fmt.Fprintf(b, "%s\n", faint.Sprintf("and %d more", len(r.Diagnostics)-maxDiagnostics))
				break
			}
			b.WriteString(clip(d.String()) + "\n")
		}
	}
	verdict := red
	if r.Passed {
		verdict = green
	}
	fmt.Fprintf(b, "\n%s  %d/%d  %s\n", verdict.Sprint(string(r.Verdict)), r.Score, r.MaxScore, r.Summary())
}

// why is the headline of a failing test: its message's first line, or the reason of the
// first measurement that failed, for a performance test whose message is empty.
func why(t report.Test) string {
	if l := firstLine(t.Message); l != "" {
		return l
	}
	for _, m := range t.Measurements {
		if !m.Passed {
			return firstLine(m.Reason)
		}
	}
	return string(t.Verdict)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func scoreOf(s report.Suite) string { return fmt.Sprintf("%d/%d", s.Score, s.MaxScore) }

// failing returns the tests of s that failed or could not run.
func failing(s report.Suite) []report.Test {
	var out []report.Test
	for _, t := range s.Tests {
		if t.Status == report.Fail || t.Status == report.Error {
			out = append(out, t)
		}
	}
	return out
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// clip shortens a line to maxLine columns.
func clip(s string) string {
	s = firstLine(s)
	if utf8.RuneCountInString(s) <= maxLine {
		return s
	}
	return string([]rune(s)[:maxLine-1]) + "…"
}

// seconds formats a duration in milliseconds briefly: 0.4s, 3.3s, 12s.
func seconds(ms int64) string {
	if ms < 10_000 {
		return fmt.Sprintf("%.1fs", float64(ms)/1000)
	}
	return fmt.Sprintf("%ds", (ms+500)/1000)
}
