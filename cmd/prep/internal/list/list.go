// Package list implements `prep list`: the challenges prep can grade, for people choosing one
// and for scripts.
package list

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/spf13/cobra"
)

// formats are the output formats of `prep list`; the first is the default.
var formats = []string{"text", "json"}

// ListOptions are the inputs of `prep list`.
type ListOptions struct {
	IO         *iostreams.IOStreams
	Challenges func() (*challenges.Set, error)

	Format string
}

// NewCmdList returns the `prep list` command. runF replaces listRun in tests.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IOStreams, Challenges: f.Challenges}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the challenges",
		Long: `List every challenge prep can grade, easiest first, with its difficulty, title and topics.

With --format json it prints a JSON array of {"name", "title", "difficulty", "topics"}
objects for scripts.`,
		Example: `  # choose a challenge
  prep list

  # the names of the medium challenges, with jq
  prep list --format json | jq -r '.[] | select(.difficulty == "medium") | .name'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return cmdutil.FlagErrorf("`prep list` takes no arguments, got %q", args)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return listRun(opts)
		},
	}
	cmdutil.StringEnumFlag(cmd, &opts.Format, "format", formats, "`FORMAT` of the output")
	return cmd
}

// entry is one challenge in the JSON output, whose fields the outside contract fixes.
type entry struct {
	Name       string   `json:"name"`
	Title      string   `json:"title"`
	Difficulty string   `json:"difficulty"`
	Topics     []string `json:"topics"`
}

func listRun(opts *ListOptions) error {
	set, err := opts.Challenges()
	if err != nil {
		return err
	}
	all := set.All()
	if opts.Format == "json" {
		entries := make([]entry, 0, len(all))
		for _, c := range all {
			topics := c.Topics
			if topics == nil {
				topics = []string{}
			}
			entries = append(entries, entry{Name: c.Name, Title: c.Title, Difficulty: c.Difficulty, Topics: topics})
		}
		b, err := json.MarshalIndent(entries, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(opts.IO.Out, "%s\n", b)
		return err
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tDIFFICULTY\tTITLE\tTOPICS")
	for _, c := range all {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Name, c.Difficulty, c.Title, strings.Join(c.Topics, ", "))
	}
	return tw.Flush()
}
