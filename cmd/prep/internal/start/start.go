// Package start implements `prep start`: it gives a learner a folder to solve a challenge in.
package start

import (
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader/workspace"
	"github.com/spf13/cobra"
)

// StartOptions are the inputs of `prep start`.
type StartOptions struct {
	IO         *iostreams.IOStreams
	Challenges func() (*challenges.Set, error)
	Now        func() time.Time

	Name  string
	Dir   string
	Force bool
}

// NewCmdStart returns the `prep start` command. runF replaces startRun in tests.
func NewCmdStart(f *cmdutil.Factory, runF func(*StartOptions) error) *cobra.Command {
	opts := &StartOptions{IO: f.IOStreams, Challenges: f.Challenges, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "start NAME",
		Short: "Start a challenge in a new folder",
		Long: `Start challenge NAME in a folder of its own: ./NAME, or the folder --dir names.

The folder gets the stub to fill in, example tests to run with ` + "`go test`" + `, README.md with
the problem statement, and .prep/challenge.json, which tells ` + "`prep submit`" + ` which
challenge the folder holds. Where the folder is not inside a Go module, a go.mod makes it one.

prep never overwrites a file: if any of these exists already, it writes nothing and says
which; --force overwrites them.

Run ` + "`prep list`" + ` to see the challenges.`,
		Example: `  # start the LRU cache challenge in ./lru
  prep start lru

  # start it inside your practice repository
  prep start lru --dir ~/practice/lru

  # throw away your attempt and start again
  prep start lru --force`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) == 0:
				return cmdutil.FlagErrorf("name the challenge to start, as in `prep start lru`; run `prep list` to see them")
			case len(args) > 1:
				return cmdutil.FlagErrorf("`prep start` takes one challenge name, got %q", args)
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
			opts.Name = args[0]
			if opts.Dir == "" {
				opts.Dir = opts.Name
			}
			if runF != nil {
				return runF(opts)
			}
			return startRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "the folder to start in (default ./NAME)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite files that already exist")
	_ = cmd.MarkFlagDirname("dir")
	return cmd
}

func startRun(opts *StartOptions) error {
	set, err := opts.Challenges()
	if err != nil {
		return err
	}
	c, err := set.Lookup(opts.Name)
	if err != nil {
		return err
	}
	res, err := workspace.Scaffold(c, opts.Dir, workspace.ScaffoldOptions{Force: opts.Force, Now: opts.Now})
	if err != nil {
		return err
	}

	out := opts.IO.Out
	fmt.Fprintf(out, "Started %s (%s) in %s:\n", c.Name, c.Title, opts.Dir)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	var stubs []string
	for _, name := range res.Files {
		fmt.Fprintf(tw, "  %s\t%s\n", filepath.ToSlash(name), describe(name))
		if isStub(name) {
			stubs = append(stubs, name)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(out, "\nNext:")
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	if filepath.Clean(opts.Dir) != "." {
		fmt.Fprintf(tw, "  cd %s\n", shellQuote(opts.Dir))
	}
	if len(stubs) > 0 {
		fmt.Fprintf(tw, "  # read README.md, then write your solution in %s\n", strings.Join(stubs, ", "))
	}
	fmt.Fprintf(tw, "  go test\t# run the example tests\n")
	fmt.Fprintf(tw, "  prep submit\t# grade it against the hidden tests\n")
	return tw.Flush()
}

func isStub(name string) bool {
	return filepath.Dir(name) == "." && strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
}

// describe says in a few words why a written file is there.
func describe(name string) string {
	switch {
	case name == "README.md":
		return "the problem statement"
	case name == "go.mod":
		return "makes the folder a Go module, so that `go test` works in it"
	case filepath.Dir(name) == workspace.StateDir:
		return "tells `prep submit` which challenge this is"
	case strings.HasSuffix(name, "_test.go"):
		return "example tests"
	case isStub(name):
		return "the stub: your solution goes here"
	}
	return ""
}

// shellQuote quotes a path with spaces in the one way sh, cmd.exe and PowerShell all accept.
func shellQuote(path string) string {
	if strings.ContainsAny(path, " \t") {
		return `"` + path + `"`
	}
	return path
}
