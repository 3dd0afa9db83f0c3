// Package demo implements `prep demo`: the quickest way to see what prep does. It grades a
// challenge's reference solution in a temporary folder, so a newcomer sees a whole scorecard
// before writing any code.
package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/workspace"
	"github.com/spf13/cobra"
)

// DefaultChallenge is what `prep demo` grades when no challenge is named.
const DefaultChallenge = "lru"

// DemoOptions are the inputs of `prep demo`.
type DemoOptions struct {
	IO         *iostreams.IOStreams
	Challenges func() (*challenges.Set, error)
	Grade      func(context.Context, grader.Options) (*report.Report, error)
	NewPrinter func(string, cmdutil.PrintOptions) (cmdutil.Printer, error)
	Now        func() time.Time
	// Ctx is cancelled when the user interrupts prep.
	Ctx context.Context
	// TempDir is where the temporary folder is made; empty means the system's default.
	TempDir string

	Name   string
	Format string
}

// NewCmdDemo returns the `prep demo` command. runF replaces demoRun in tests.
func NewCmdDemo(f *cmdutil.Factory, runF func(*DemoOptions) error) *cobra.Command {
	opts := &DemoOptions{
		IO:         f.IOStreams,
		Challenges: f.Challenges,
		Grade:      f.Grade,
		NewPrinter: f.NewPrinter,
		Now:        f.Now,
	}
	cmd := &cobra.Command{
		Use:   "demo [NAME]",
		Short: "Grade a reference solution, to see what prep does",
		Long: `Grade the reference solution of challenge NAME (default ` + DefaultChallenge + `) and print the whole
scorecard, to see what ` + "`prep submit`" + ` will tell you about your own solution.

The reference is graded in a temporary folder that is removed afterwards, even when you
interrupt it; nothing is written where you run it.

Exit status: 0 when the reference passed, as it should; 1 when it did not; 2 when it could
not be graded, for instance because Go is not installed.`,
		Example: `  # grade the LRU cache reference
  prep demo

  # from a checkout of prep, with no install
  go run ./cmd/prep demo lru

  # see the JSON report a script would get
  prep demo lru --format json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cmdutil.FlagErrorf("`prep demo` takes one challenge name, got %q", args)
			}
			return nil
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return cmdutil.CompleteChallenges(f.Challenges), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = DefaultChallenge
			if len(args) > 0 {
				opts.Name = args[0]
			}
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return demoRun(opts)
		},
	}
	cmdutil.StringEnumFlag(cmd, &opts.Format, "format", f.Formats, "`FORMAT` of the output")
	return cmd
}

func demoRun(opts *DemoOptions) error {
	set, err := opts.Challenges()
	if err != nil {
		return err
	}
	c, err := set.Lookup(opts.Name)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.ErrOut, "Grading the reference solution of %s in a temporary folder, removed afterwards.\n", c.Name)

	tmp, err := os.MkdirTemp(opts.TempDir, "prep-demo-")
	if err != nil {
		return err
	}
	// An interrupt cancels opts.Ctx rather than ending the process, so this runs on every path.
	defer func() {
		if rmErr := os.RemoveAll(tmp); rmErr != nil {
			fmt.Fprintf(opts.IO.ErrOut, "could not remove the temporary folder: %v\n", rmErr)
		}
	}()

	dir := filepath.Join(tmp, c.Name)
	if err := placeReference(c, dir, opts.Now); err != nil {
		return fmt.Errorf("preparing the reference of %s: %w", c.Name, err)
	}
	_, err = cmdutil.GradeAndPrint(opts.Ctx, opts.IO, opts.Grade, opts.NewPrinter, cmdutil.GradeRequest{
		Options: grader.Options{Dir: dir, Challenge: c},
		Format:  opts.Format,
		// The demo is there to show everything a scorecard can say.
		Verbose: true,
	})
	return err
}

// placeReference starts c in dir as a learner would, then swaps the stub for the reference, so
// that the demo grades exactly the kind of folder `prep submit` does.
func placeReference(c *challenges.Challenge, dir string, now func() time.Time) error {
	if _, err := workspace.Scaffold(c, dir, workspace.ScaffoldOptions{Now: now}); err != nil {
		return err
	}
	stubs, err := c.StubFiles()
	if err != nil {
		return err
	}
	for name := range stubs {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	ref, err := c.ReferenceFiles()
	if err != nil {
		return err
	}
	for name, data := range ref {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
