// Package factory wires prep's commands to the real world: the process's streams, the embedded
// challenges, the grader and the report renderers. It is the one place that names them, so
// that the commands and their tests depend only on cmdutil.Factory's function values.
package factory

import (
	"os"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/render"
)

// New returns the Factory of a real run of prep.
func New() *cmdutil.Factory {
	return &cmdutil.Factory{
		IOStreams:        iostreams.System(),
		Challenges:       challenges.Default,
		Grade:            grader.Grade,
		NewPrinter:       NewPrinter,
		Formats:          render.Formats,
		WriteStepSummary: render.WriteStepSummary,
		Now:              time.Now,
		Getenv:           os.Getenv,
	}
}

// NewPrinter returns the printer of a report format, reading the outlines of the folders the
// GitHub annotations point into.
func NewPrinter(format string, opts cmdutil.PrintOptions) (cmdutil.Printer, error) {
	ropts := render.Options{Color: opts.Color, Verbose: opts.Verbose, Timings: opts.Timings}
	if format == "github" {
		ropts.Outlines = outlines(opts.Folders)
	}
	p, err := render.New(format, ropts)
	if err != nil {
		// A nil render.Printer must not become a non-nil cmdutil.Printer.
		return nil, err
	}
	return p, nil
}
