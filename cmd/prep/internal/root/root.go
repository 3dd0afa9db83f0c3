// Package root assembles prep's command tree and turns how a command ended into the exit code
// of the outside contract, in one place.
package root

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/prep-judge/prep/cmd/prep/internal/ci"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/demo"
	"github.com/prep-judge/prep/cmd/prep/internal/hint"
	"github.com/prep-judge/prep/cmd/prep/internal/initcmd"
	"github.com/prep-judge/prep/cmd/prep/internal/list"
	"github.com/prep-judge/prep/cmd/prep/internal/solution"
	"github.com/prep-judge/prep/cmd/prep/internal/start"
	"github.com/prep-judge/prep/cmd/prep/internal/status"
	"github.com/prep-judge/prep/cmd/prep/internal/submit"
	"github.com/prep-judge/prep/cmd/prep/internal/watch"
	"github.com/spf13/cobra"
)

// The exit codes of the outside contract.
const (
	ExitPassed    = 0 // graded, and passed every suite; for commands that grade nothing, success
	ExitNotPassed = 1 // graded, and not passed
	ExitError     = 2 // could not grade: bad usage, unknown challenge, unreadable folder, no Go
)

// NewCmdRoot returns the `prep` command with every subcommand.
func NewCmdRoot(f *cmdutil.Factory, version string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "prep",
		Short: "Practise backend interview challenges in Go, graded like a judge",
		Long: `prep gives you a Go coding challenge to solve in a folder of your own, then grades your
solution against hidden tests for correctness, data races and performance.

Exit status: 0 when a graded solution passed, 1 when it was graded and did not pass, 2 when
something stopped prep from grading (a mistake in the command line, an unknown challenge, a
folder it cannot read, or no Go toolchain).`,
		Example: `  # see what prep does, grading a reference solution
  prep demo

  # choose a challenge, start it, solve it, grade it
  prep list
  prep start lru
  cd lru && go test
  prep submit`,
		Version: version,
		// cobra sets this default only when it reports an unknown command itself; the Args
		// below report it instead and need it for SuggestionsFor.
		SuggestionsMinimumDistance: 2,
		// Errors are printed once, by Execute, which also decides the exit code.
		SilenceErrors: true,
		SilenceUsage:  true,
		// Without Args, cobra reports an unknown command as a plain error, which could not be
		// told apart from a failure of the command itself.
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			msg := fmt.Sprintf("unknown command %q", args[0])
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				msg += fmt.Sprintf("; did you mean %q?", s[0])
			}
			return cmdutil.FlagErrorf("%s", msg)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	cmd.SetVersionTemplate("prep {{.Version}}\n")
	cmd.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return cmdutil.FlagErrorWrap(err)
	})
	ios := f.IOStreams
	cmd.SetIn(ios.In)
	cmd.SetOut(ios.Out)
	cmd.SetErr(ios.ErrOut)

	// Help lists the commands by what they are for, in the order a learner meets them.
	cmd.AddGroup(
		&cobra.Group{ID: "practise", Title: "Practise:"},
		&cobra.Group{ID: "repo", Title: "Practice repositories and CI:"},
	)
	cobra.EnableCommandSorting = false
	for _, c := range []*cobra.Command{
		list.NewCmdList(f, nil),
		start.NewCmdStart(f, nil),
		submit.NewCmdSubmit(f, nil),
		watch.NewCmdWatch(f, nil),
		hint.NewCmdHint(f, nil),
		solution.NewCmdSolution(f, nil),
		status.NewCmdStatus(f, nil),
	} {
		c.GroupID = "practise"
		cmd.AddCommand(c)
	}
	for _, c := range []*cobra.Command{initcmd.NewCmdInit(f, nil), ci.NewCmdCI(f, nil)} {
		c.GroupID = "repo"
		cmd.AddCommand(c)
	}
	cmd.AddCommand(demo.NewCmdDemo(f, nil))
	return cmd
}

// Execute runs prep with args and returns the exit code. It returns only once the command has
// returned, so that the command's deferred cleanups have run before the process exits.
func Execute(ctx context.Context, f *cmdutil.Factory, version string, args []string) int {
	cmd := NewCmdRoot(f, version)
	if args == nil {
		args = []string{} // nil would make cobra read os.Args
	}
	cmd.SetArgs(args)
	failed, err := cmd.ExecuteContextC(ctx)
	code := ExitCode(err)
	if msg := errorMessage(err); msg != "" {
		fmt.Fprintf(f.IOStreams.ErrOut, "prep: %s\n", msg)
		var flagErr *cmdutil.FlagError
		if errors.As(err, &flagErr) && failed != nil {
			fmt.Fprintf(f.IOStreams.ErrOut, "run `%s --help` for usage\n", failed.CommandPath())
		}
	}
	return code
}

// ExitCode maps how a command ended to the exit code of the outside contract.
func ExitCode(err error) int {
	switch {
	case err == nil:
		return ExitPassed
	case errors.Is(err, cmdutil.ErrNotPassed):
		return ExitNotPassed
	}
	return ExitError
}

// errorMessage is what to tell the user about err, empty when there is nothing to add.
func errorMessage(err error) string {
	switch {
	case err == nil, errors.Is(err, cmdutil.ErrNotPassed):
		// The scorecard has said why.
		return ""
	case errors.Is(err, context.Canceled):
		return "interrupted"
	}
	return strings.TrimSpace(err.Error())
}
