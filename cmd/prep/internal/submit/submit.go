// Package submit implements `prep submit`: it grades a learner's folder against the hidden
// suites of its challenge and prints the scorecard.
package submit

import (
	"context"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/report"
	"github.com/spf13/cobra"
)

// SubmitOptions are the inputs of `prep submit`.
type SubmitOptions struct {
	IO         *iostreams.IOStreams
	Challenges func() (*challenges.Set, error)
	Grade      func(context.Context, grader.Options) (*report.Report, error)
	NewPrinter func(string, cmdutil.PrintOptions) (cmdutil.Printer, error)
	Now        func() time.Time
	// Ctx is cancelled when the user interrupts prep.
	Ctx context.Context

	Dir       string
	Format    string
	Challenge string
	Timeout   time.Duration
	Memory    string
	MaxOutput string
	Verbose   bool
	Timings   bool
	Files     cmdutil.ReportFiles

	maxMemory, maxOutput int64
}

// NewCmdSubmit returns the `prep submit` command. runF replaces submitRun in tests.
func NewCmdSubmit(f *cmdutil.Factory, runF func(*SubmitOptions) error) *cobra.Command {
	opts := &SubmitOptions{
		IO:         f.IOStreams,
		Challenges: f.Challenges,
		Grade:      f.Grade,
		NewPrinter: f.NewPrinter,
		Now:        f.Now,
	}
	cmd := &cobra.Command{
		Use:   "submit [DIR]",
		Short: "Grade your solution",
		Long: `Grade the solution in DIR (default: the current folder) against the hidden tests of its
challenge, and print the scorecard.

Every .go file in DIR that is not a test is the solution; your own _test.go files are not
graded. The hidden tests run in three suites: correctness, race (the race detector) and
performance (how the cost of each operation grows). The challenge is the one ` + "`prep start`" + `
created DIR for; pass --challenge to grade a folder prep did not create.

prep never changes, adds or removes a file in DIR outside its .prep dot-folder. When DIR
was made by ` + "`prep start`" + `, the result is recorded for ` + "`prep status`" + ` in the .prep folder at the root
of your practice repository: the nearest folder, DIR or above it, with a go.mod or a .git.

Exit status: 0 when every suite passed, 1 when the solution was graded and did not pass
(including code that does not compile), 2 when it could not be graded.`,
		Example: `  # grade the folder you are in
  prep submit

  # grade a folder that ` + "`prep start`" + ` did not create, listing passing tests too
  prep submit ./mycache --challenge lru --verbose

  # the JSON report, for scripts
  prep submit --format json | jq -r .verdict

  # in CI: annotations in the log, and the JUnit report for the test reporter
  prep submit lru --format github --junit prep-junit.xml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cmdutil.FlagErrorf("`prep submit` grades one folder, got %q", args)
			}
			return nil
		},
		ValidArgsFunction: cmdutil.CompleteFolder,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Timeout < 0 {
				return cmdutil.FlagErrorf("`--timeout` must not be negative, got %s", opts.Timeout)
			}
			var err error
			if opts.Memory != "" {
				if opts.maxMemory, err = challenges.ParseByteSize(opts.Memory); err != nil {
					return cmdutil.FlagErrorf("`--memory`: %w", err)
				}
			}
			if opts.MaxOutput != "" {
				if opts.maxOutput, err = challenges.ParseByteSize(opts.MaxOutput); err != nil {
					return cmdutil.FlagErrorf("`--max-output`: %w", err)
				}
			}
			opts.Dir = "."
			if len(args) > 0 {
				opts.Dir = args[0]
			}
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return submitRun(opts)
		},
	}
	cmdutil.StringEnumFlag(cmd, &opts.Format, "format", f.Formats, "`FORMAT` of the output")
	cmd.Flags().StringVar(&opts.Challenge, "challenge", "", "grade against challenge `NAME` instead of the one the folder was started for")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 0, "the time each suite may take, such as 2m (default: the challenge's own limit)")
	cmd.Flags().StringVar(&opts.Memory, "memory", "", "the `SIZE` of memory a test process may use, such as 1GiB; the race suite gets four times as much (default: the challenge's own, or 512MiB)")
	cmd.Flags().StringVar(&opts.MaxOutput, "max-output", "", "how much a suite's tests may print, as a `SIZE` such as 8MiB (default 4MiB)")
	cmd.Flags().BoolVar(&opts.Verbose, "verbose", false, "list passing tests too, not only failing ones")
	cmd.Flags().BoolVar(&opts.Timings, "timings", false, "show where the time went: the type check, each build and each suite")
	opts.Files.AddFlags(cmd)
	_ = cmd.RegisterFlagCompletionFunc("challenge", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return cmdutil.CompleteChallenges(f.Challenges), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func submitRun(opts *SubmitOptions) error {
	c, err := cmdutil.FolderChallenge(opts.Challenges, opts.Challenge, opts.Dir)
	if err != nil {
		return err
	}
	r, err := cmdutil.GradeAndPrint(opts.Ctx, opts.IO, opts.Grade, opts.NewPrinter, cmdutil.GradeRequest{
		Options: grader.Options{Dir: opts.Dir, Challenge: c, Timeout: opts.Timeout, MaxMemory: opts.maxMemory, MaxOutput: opts.maxOutput},
		Format:  opts.Format,
		Verbose: opts.Verbose,
		Timings: opts.Timings,
		Files:   opts.Files,
	})
	if r != nil {
		cmdutil.RecordGradings(opts.IO, "submit", opts.Now(), r)
	}
	return err
}
