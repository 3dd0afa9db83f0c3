// Package hint implements `prep hint`: the hints of a challenge, one more each time, from a
// gentle nudge to a specific plan, so that a stuck learner takes only as much help as they need.
package hint

import (
	"fmt"
	"io"
	"strings"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader/workspace"
	"github.com/spf13/cobra"
)

// HintOptions are the inputs of `prep hint`.
type HintOptions struct {
	IO         *iostreams.IOStreams
	Challenges func() (*challenges.Set, error)

	// Name is the challenge; empty means the one the current folder was started for.
	Name string
	// Dir is where prep runs: its practice repository keeps the count of hints shown.
	Dir string
	All bool
}

// NewCmdHint returns the `prep hint` command. runF replaces hintRun in tests.
func NewCmdHint(f *cmdutil.Factory, runF func(*HintOptions) error) *cobra.Command {
	opts := &HintOptions{IO: f.IOStreams, Challenges: f.Challenges}
	cmd := &cobra.Command{
		Use:   "hint [NAME]",
		Short: "Show the next hint for a challenge",
		Long: `Show the next hint for challenge NAME (default: the challenge of the folder you are in). Each
challenge has a few hints, from a gentle nudge to a specific plan; every call shows one more
and says how many are left, so take only as many as you need.

--all shows again every hint shown so far, without showing a new one. The count is kept per
challenge in .prep/hints.json at the root of your practice repository.`,
		Example: `  # stuck on the LRU cache: one hint
  prep hint lru

  # inside the challenge's folder, the name can go
  cd lru && prep hint

  # read again the hints you have had
  prep hint lru --all`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cmdutil.FlagErrorf("`prep hint` takes one challenge name, got %q", args)
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
			return hintRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.All, "all", false, "show every hint shown so far, and no new one")
	return cmd
}

func hintRun(opts *HintOptions) error {
	c, err := cmdutil.ChallengeOf(opts.Challenges, opts.Name, opts.Dir, "hint")
	if err != nil {
		return err
	}
	root, err := workspace.FindRoot(opts.Dir)
	if err != nil {
		return err
	}
	shownBy, err := workspace.HintsShown(root)
	if err != nil {
		return err
	}
	total := len(c.Hints)
	shown := min(shownBy[c.Name], total)
	out := opts.IO.Out
	if total == 0 {
		fmt.Fprintf(out, "%s (%s) has no hints.\n", c.Name, c.Title)
		return nil
	}
	if opts.All || shown == total {
		if shown == 0 {
			fmt.Fprintf(out, "No hints for %s (%s) shown yet; `prep hint %s` shows the first of %d.\n", c.Name, c.Title, c.Name, total)
			return nil
		}
		fmt.Fprintf(out, "Hints for %s (%s), %d of %d shown:\n", c.Name, c.Title, shown, total)
		for i := range shown {
			fmt.Fprintln(out)
			writeHint(out, i+1, c.Hints[i])
		}
		fmt.Fprintln(out)
		remaining(out, root, c, shown)
		return nil
	}

	shown++
	if err := workspace.SetHintsShown(root, c.Name, shown); err != nil {
		return fmt.Errorf("recording the hints shown: %w", err)
	}
	fmt.Fprintf(out, "Hint %d of %d for %s (%s):\n\n", shown, total, c.Name, c.Title)
	writeHint(out, shown, c.Hints[shown-1])
	fmt.Fprintln(out)
	remaining(out, root, c, shown)
	return nil
}

// remaining says what more there is to read after shown hints; the reference solution, once
// they are all read, when root's history says the learner passed.
func remaining(w io.Writer, root string, c *challenges.Challenge, shown int) {
	switch left := len(c.Hints) - shown; left {
	case 0:
		if passed(root, c.Name) {
			fmt.Fprintf(w, "That is every hint. You have passed: `prep solution %s` shows the reference solution.\n", c.Name)
		} else {
			fmt.Fprintf(w, "That is every hint. Once you pass, `prep solution %s` shows the reference solution.\n", c.Name)
		}
	case 1:
		fmt.Fprintf(w, "1 hint left: `prep hint %s` shows it.\n", c.Name)
	default:
		fmt.Fprintf(w, "%d hints left: `prep hint %s` shows the next.\n", left, c.Name)
	}
}

// passed reports whether the history at root has a passing grading of challenge. A history
// that cannot be read only costs the hint's last sentence its precision.
func passed(root, challenge string) bool {
	gs, _ := workspace.ReadHistory(root)
	for _, g := range gs {
		if g.Challenge == challenge && g.Passed {
			return true
		}
	}
	return false
}

// width is the column hints wrap at: they are prose, read in a terminal.
const width = 80

// writeHint writes hint n wrapped, its lines indented past its number.
func writeHint(w io.Writer, n int, text string) {
	label := fmt.Sprintf("%d. ", n)
	indent := strings.Repeat(" ", len(label))
	for i, line := range wrap(text, width-len(label)) {
		if i == 0 {
			fmt.Fprintln(w, label+line)
		} else {
			fmt.Fprintln(w, indent+line)
		}
	}
}

// wrap breaks text into lines of at most width columns at spaces; a word longer than width
// has a line of its own. Blank lines in text are kept, as paragraph breaks.
func wrap(text string, width int) []string {
	var lines []string
	for _, para := range strings.Split(strings.TrimSpace(text), "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			switch {
			case line == "":
				line = word
			case len(line)+1+len(word) <= width:
				line += " " + word
			default:
				lines = append(lines, line)
				line = word
			}
		}
		lines = append(lines, line)
	}
	return lines
}
