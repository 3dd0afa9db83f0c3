// Package solution implements `prep solution`: the reference solution of a challenge, with
// the explanation of how it works, for a learner who has passed it and wants to compare.
package solution

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader/workspace"
	"github.com/spf13/cobra"
)

// SolutionOptions are the inputs of `prep solution`.
type SolutionOptions struct {
	IO         *iostreams.IOStreams
	Challenges func() (*challenges.Set, error)

	// Name is the challenge; empty means the one the current folder was started for.
	Name string
	// Dir is where prep runs: its practice repository's history says what was passed.
	Dir   string
	Force bool
}

// NewCmdSolution returns the `prep solution` command. runF replaces solutionRun in tests.
func NewCmdSolution(f *cmdutil.Factory, runF func(*SolutionOptions) error) *cobra.Command {
	opts := &SolutionOptions{IO: f.IOStreams, Challenges: f.Challenges}
	cmd := &cobra.Command{
		Use:   "solution [NAME]",
		Short: "Show the reference solution of a challenge you have passed",
		Long: `Show how the reference solution of challenge NAME (default: the challenge of the folder you
are in) works, and its code, as Markdown.

It is shown once you have passed the challenge: once ` + "`prep submit`" + `, ` + "`prep ci`" + ` or ` + "`prep watch`" + `
graded a folder of it as passed in this practice repository. Reading it first takes away the
practice; --force shows it anyway.`,
		Example: `  # compare your solution with the reference
  prep solution lru

  # read it with a Markdown viewer
  prep solution lru | glow -

  # give up and read it now
  prep solution lru --force`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cmdutil.FlagErrorf("`prep solution` takes one challenge name, got %q", args)
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
			if len(args) > 0 {
				opts.Name = args[0]
			}
			opts.Dir = "."
			if runF != nil {
				return runF(opts)
			}
			return solutionRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "show it even though you have not passed the challenge")
	return cmd
}

func solutionRun(opts *SolutionOptions) error {
	c, err := cmdutil.ChallengeOf(opts.Challenges, opts.Name, opts.Dir, "solution")
	if err != nil {
		return err
	}
	p, err := workspace.LoadPractice(opts.Dir)
	if err != nil {
		return err
	}
	if !p.Passed(c.Name) {
		if !opts.Force {
			return fmt.Errorf("you have not passed %s yet, so its solution stays hidden: `prep hint %s` gives a hint, and `--force` shows the solution anyway", c.Name, c.Name)
		}
		fmt.Fprintf(opts.IO.ErrOut, "You have not passed %s yet; showing its solution since you passed `--force`.\n", c.Name)
	}

	var b bytes.Buffer
	explanation, err := c.Solution()
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(&b, "# %s: the reference solution\n", c.Title)
	case err != nil:
		return fmt.Errorf("challenge %s: reading its explanation: %w", c.Name, err)
	default:
		b.Write(bytes.TrimRight(explanation, "\n"))
		b.WriteByte('\n')
	}
	files, err := c.ReferenceFiles()
	if err != nil {
		return fmt.Errorf("challenge %s: reading its reference solution: %w", c.Name, err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(&b, "\n## The code: %s\n\n```go\n%s\n```\n", name, strings.TrimRight(string(files[name]), "\n"))
	}
	_, err = opts.IO.Out.Write(b.Bytes())
	return err
}
