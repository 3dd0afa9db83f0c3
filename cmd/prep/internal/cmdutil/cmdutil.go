// Package cmdutil is what prep's commands share: the Factory that hands them their
// dependencies and the errors from which the root command decides the exit code.
//
// The Factory lives here rather than beside its constructor in package factory so that the
// commands and their tests depend only on function values, never on the grader and renderers
// that package factory wires in.
package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/report"
)

// Factory holds what commands need from the outside world. Tests fill it with fakes.
type Factory struct {
	IOStreams *iostreams.IOStreams
	// Challenges returns the challenges prep knows.
	Challenges func() (*challenges.Set, error)
	// Grade grades a folder. An error means it could not grade; a failed submission is a
	// report that did not pass.
	Grade func(ctx context.Context, opts grader.Options) (*report.Report, error)
	// NewPrinter returns the printer of a report format, one of Formats.
	NewPrinter func(format string, opts PrintOptions) (Printer, error)
	// Formats are the report formats NewPrinter knows, the first being the default.
	Formats []string
	// WriteStepSummary writes the Markdown table of reports that GitHub Actions shows on a
	// run's summary page.
	WriteStepSummary func(w io.Writer, rs []*report.Report) error
	// Now is the clock; tests stop it.
	Now func() time.Time
	// Getenv reads the environment, for the few settings CI systems pass that way.
	Getenv func(key string) string
}

// Printer writes reports in one format.
type Printer interface {
	// Print writes the report of one grading, as `prep submit` does.
	Print(w io.Writer, r *report.Report) error
	// PrintAll writes the reports of several gradings as one document, as `prep ci` does.
	PrintAll(w io.Writer, rs []*report.Report) error
}

// PrintOptions change how a report is printed.
type PrintOptions struct {
	Color   bool
	Verbose bool
	// Timings adds where the grading time went to the text scorecard.
	Timings bool
	// Folders are the folders being graded, as the reports' Dir will name them: formats
	// that point into the learner's code, such as GitHub annotations, read them to place
	// failures whose messages name no line.
	Folders []string
}

// ErrNotPassed is returned by a command that graded and printed a report that did not pass. It
// carries no message of its own, since the report already says what went wrong.
var ErrNotPassed = errors.New("not passed")

// FlagError is a mistake in how a command was called: the fix is in the command line, so the
// user is pointed at --help.
type FlagError struct {
	err error
}

// FlagErrorf returns a FlagError with a formatted message; %w wraps as in fmt.Errorf.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{err: fmt.Errorf(format, args...)}
}

// FlagErrorWrap marks err as a mistake in the command line.
func FlagErrorWrap(err error) error { return &FlagError{err: err} }

func (e *FlagError) Error() string { return e.err.Error() }

func (e *FlagError) Unwrap() error { return e.err }
