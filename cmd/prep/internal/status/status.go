// Package status implements `prep status`: where the learner stands in every challenge, from
// the folders of their practice repository and the history of their gradings.
package status

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/workspace"
	"github.com/spf13/cobra"
)

// Schema names the version of the document `prep status --format json` prints.
const Schema = "prep.status/v1"

// formats are the output formats of `prep status`; the first is the default.
var formats = []string{"text", "json"}

// StatusOptions are the inputs of `prep status`.
type StatusOptions struct {
	IO         *iostreams.IOStreams
	Challenges func() (*challenges.Set, error)
	Now        func() time.Time

	Dir    string
	Format string
}

// NewCmdStatus returns the `prep status` command. runF replaces statusRun in tests.
func NewCmdStatus(f *cmdutil.Factory, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{IO: f.IOStreams, Challenges: f.Challenges, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "status [DIR]",
		Short: "Show your progress in every challenge",
		Long: `Show every challenge prep has, easiest first, and where you stand in each: not started, or
for each folder you started it in, your best score, the verdict and time of your last grading,
and how many of its hints you have read.

The practice repository is the one DIR (default: the current folder) belongs to: the nearest
folder, DIR itself or above it, that holds a go.mod or a .git. Its challenge folders are found
by their .prep/challenge.json; gradings by ` + "`prep submit`" + `, ` + "`prep ci`" + ` and ` + "`prep watch`" + ` are recorded in
.prep/history.jsonl at its root, never in your solution files.

With --format json it prints a "prep.status/v1" document for scripts.`,
		Example: `  # where you stand
  prep status

  # the challenges you have passed, with jq
  prep status --format json | jq -r '.challenges[] | select(.passed) | .name'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cmdutil.FlagErrorf("`prep status` takes one folder, got %q", args)
			}
			return nil
		},
		ValidArgsFunction: cmdutil.CompleteFolder,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = "."
			if len(args) > 0 {
				opts.Dir = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return statusRun(opts)
		},
	}
	cmdutil.StringEnumFlag(cmd, &opts.Format, "format", formats, "`FORMAT` of the output")
	return cmd
}

// The document of --format json. Times are RFC 3339 in UTC; a challenge not started has no
// folders.
type (
	document struct {
		Schema     string      `json:"schema"`
		Root       string      `json:"root"`
		Challenges []challenge `json:"challenges"`
	}
	challenge struct {
		Name       string   `json:"name"`
		Title      string   `json:"title,omitempty"`
		Difficulty string   `json:"difficulty,omitempty"`
		Passed     bool     `json:"passed"`
		HintsShown int      `json:"hints_shown"`
		Hints      int      `json:"hints"`
		Folders    []folder `json:"folders"`

		unknown bool // prep has no such challenge: a folder's marker names it
	}
	folder struct {
		// Dir is relative to the repository's root, with forward slashes.
		Dir      string    `json:"dir"`
		Started  time.Time `json:"started,omitzero"`
		Gradings int       `json:"gradings"`
		Passed   bool      `json:"passed"`
		// Best is the highest score of any grading, nil when never graded.
		Best *score   `json:"best,omitempty"`
		Last *grading `json:"last,omitempty"`
		// Problem says why the folder's challenge is unknown, when it is.
		Problem string `json:"problem,omitempty"`
	}
	score struct {
		Score    int `json:"score"`
		MaxScore int `json:"max_score"`
	}
	grading struct {
		Time     time.Time      `json:"time"`
		Verdict  report.Verdict `json:"verdict"`
		Score    int            `json:"score"`
		MaxScore int            `json:"max_score"`
		By       string         `json:"by,omitempty"`
	}
)

func statusRun(opts *StatusOptions) error {
	set, err := opts.Challenges()
	if err != nil {
		return err
	}
	p, err := workspace.LoadPractice(opts.Dir)
	if err != nil {
		return err
	}
	doc := build(set, p)
	if opts.Format == "json" {
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(opts.IO.Out, "%s\n", b)
		return err
	}
	return printText(opts, doc)
}

// build gathers every challenge of set, in its order, with the folders of p started for it;
// then the folders whose challenge prep does not know, under the name their marker gives.
func build(set *challenges.Set, p *workspace.Practice) document {
	doc := document{Schema: Schema, Root: p.Root, Challenges: []challenge{}}
	index := map[string]int{}
	for _, c := range set.All() {
		index[c.Name] = len(doc.Challenges)
		doc.Challenges = append(doc.Challenges, challenge{
			Name: c.Name, Title: c.Title, Difficulty: c.Difficulty,
			HintsShown: min(p.Hints[c.Name], len(c.Hints)), Hints: len(c.Hints),
			Folders: []folder{},
		})
	}
	for _, f := range p.Folders {
		fo := folder{Dir: workspace.RelDir(p.Root, f.Dir)}
		name := f.Marker.Challenge
		if f.Err != nil {
			name = "?"
			fo.Problem = f.Err.Error()
		}
		i, known := index[name]
		if !known {
			if fo.Problem == "" {
				fo.Problem = fmt.Sprintf("prep has no challenge %q; a newer prep may have it", name)
			}
			index[name] = len(doc.Challenges)
			i = index[name]
			doc.Challenges = append(doc.Challenges, challenge{Name: name, Folders: []folder{}, unknown: true})
		}
		fo.Started = f.Marker.Started
		for _, g := range p.Gradings(f.Dir) {
			if g.Challenge != name {
				continue // graded with --challenge as something else
			}
			fo.Gradings++
			fo.Passed = fo.Passed || g.Passed
			if fo.Best == nil || g.Score > fo.Best.Score {
				fo.Best = &score{Score: g.Score, MaxScore: g.MaxScore}
			}
			if fo.Last == nil || !g.Time.Before(fo.Last.Time) {
				fo.Last = &grading{Time: g.Time, Verdict: g.Verdict, Score: g.Score, MaxScore: g.MaxScore, By: g.By}
			}
		}
		c := &doc.Challenges[i]
		c.Folders = append(c.Folders, fo)
	}
	// Passed in any folder, including folders since removed: the history keeps them all.
	for i := range doc.Challenges {
		doc.Challenges[i].Passed = p.Passed(doc.Challenges[i].Name)
	}
	return doc
}

func printText(opts *StatusOptions, doc document) error {
	out := opts.IO.Out
	now := opts.Now()
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CHALLENGE\tDIFFICULTY\tFOLDER\tSTATUS\tBEST\tLAST\tWHEN\tHINTS")
	passed, started, known, next := 0, 0, 0, ""
	for _, c := range doc.Challenges {
		if !c.unknown {
			known++
		}
		hints := "-"
		if c.Hints > 0 {
			hints = fmt.Sprintf("%d/%d", c.HintsShown, c.Hints)
		}
		difficulty := orDash(c.Difficulty)
		if c.Passed && !c.unknown {
			passed++
		}
		if len(c.Folders) == 0 && c.Passed {
			// Its folder is gone, but the history remembers.
			fmt.Fprintf(tw, "%s\t%s\t-\tpassed earlier\t-\t-\t-\t%s\n", c.Name, difficulty, hints)
			continue
		}
		if len(c.Folders) == 0 {
			fmt.Fprintf(tw, "%s\t%s\t-\tnot started\t-\t-\t-\t%s\n", c.Name, difficulty, hints)
			if next == "" {
				next = c.Name
			}
			continue
		}
		if !c.unknown {
			started++
		}
		for _, f := range c.Folders {
			state, best, last, when := "started", "-", "-", "-"
			switch {
			case f.Problem != "":
				state = "unknown challenge"
			case f.Passed:
				state = "passed"
			case f.Gradings > 0:
				state = "not passed"
			}
			if f.Best != nil {
				best = fmt.Sprintf("%d/%d", f.Best.Score, f.Best.MaxScore)
			}
			if f.Last != nil {
				last = string(f.Last.Verdict)
				when = ago(now, f.Last.Time)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Name, difficulty, f.Dir, state, best, last, when, hints)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "\n%d of %d challenges passed, %d started\n", passed, known, started)
	if abs, err := filepath.Abs(opts.Dir); err != nil || abs != doc.Root {
		fmt.Fprintf(out, "practice repository: %s\n", doc.Root)
	}
	for _, c := range doc.Challenges {
		for _, f := range c.Folders {
			if f.Problem != "" {
				fmt.Fprintf(out, "%s: %s\n", f.Dir, f.Problem)
			}
		}
	}
	if next != "" {
		fmt.Fprintf(out, "next: `prep start %s`; `prep hint NAME` when you are stuck\n", next)
	}
	return nil
}

// ago says how long before now t was, as a person glances at it.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh ago", int(d/time.Hour))
	case d < 7*24*time.Hour:
		return fmt.Sprintf("%dd ago", int(d/(24*time.Hour)))
	}
	return t.Local().Format("2006-01-02")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
