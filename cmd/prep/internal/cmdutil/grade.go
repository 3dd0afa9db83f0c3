package cmdutil

import (
	"context"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/report"
	"github.com/spf13/cobra"
)

// GradeRequest says what to grade and how to print the result.
type GradeRequest struct {
	Options grader.Options
	Format  string
	Verbose bool
	Timings bool
	// Files are reports to write beside the one printed.
	Files ReportFiles
}

// GradeAndPrint grades as req says, prints the report to stdout and returns it, with
// ErrNotPassed when it did not pass: the steps `prep submit`, `prep demo` and `prep watch`
// share, so that all of them print and exit alike. The report is nil when it could not grade.
func GradeAndPrint(ctx context.Context, ios *iostreams.IOStreams,
	grade func(context.Context, grader.Options) (*report.Report, error),
	newPrinter func(string, PrintOptions) (Printer, error),
	req GradeRequest,
) (*report.Report, error) {
	// The printer comes first so that a bad format fails before a long grading, not after.
	printer, err := newPrinter(req.Format, PrintOptions{
		// Only the text scorecard has colour: ANSI codes would corrupt JSON, XML and annotations.
		Color:   ios.ColorEnabled && req.Format == "text",
		Verbose: req.Verbose,
		Timings: req.Timings,
		Folders: []string{req.Options.Dir},
	})
	if err != nil {
		return nil, err
	}
	progress := NewProgress(ios, req.Options.Challenge.Name)
	opts := req.Options
	opts.Progress = progress.Func()
	r, err := grade(ctx, opts)
	progress.Done()
	if err != nil {
		return nil, err
	}
	// Suites cut short by an interrupt fail for no fault of the code: that is no verdict.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := printer.Print(ios.Out, r); err != nil {
		return r, err
	}
	if err := req.Files.Write(newPrinter, []*report.Report{r}, false); err != nil {
		return r, err
	}
	if !r.Passed {
		return r, ErrNotPassed
	}
	return r, nil
}

// CompleteFolder completes a command's single folder argument with folder names, and offers
// nothing after it.
func CompleteFolder(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// CompleteChallenges offers the challenge names for shell completion, with their titles for
// shells that show descriptions.
func CompleteChallenges(load func() (*challenges.Set, error)) []cobra.Completion {
	set, err := load()
	if err != nil {
		return nil
	}
	var names []cobra.Completion
	for _, c := range set.All() {
		names = append(names, cobra.CompletionWithDesc(c.Name, c.Title))
	}
	return names
}
