// Package ci implements `prep ci`: it grades every challenge folder of a practice repository,
// the way a CI job runs it on every push, and prints one document for all of them.
package ci

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/render"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/workspace"
	"github.com/spf13/cobra"
)

// CIOptions are the inputs of `prep ci`.
type CIOptions struct {
	IO               *iostreams.IOStreams
	Challenges       func() (*challenges.Set, error)
	Grade            func(context.Context, grader.Options) (*report.Report, error)
	NewPrinter       func(string, cmdutil.PrintOptions) (cmdutil.Printer, error)
	WriteStepSummary func(io.Writer, []*report.Report) error
	Getenv           func(string) string
	Now              func() time.Time
	// Ctx is cancelled when the user interrupts prep.
	Ctx context.Context

	Dir     string
	Format  string
	Jobs    int
	Timeout time.Duration
	Verbose bool
	Files   cmdutil.ReportFiles
}

// DefaultJobs is how many folders `prep ci` grades at once unless told: half the cores, at
// least one. Each grading already keeps two cores busy, building the plain and the race test
// binaries side by side and then running the correctness and race suites side by side, so
// half the cores' worth of gradings fills the machine without queueing processes for the
// CPU. That matters for the performance suite, which times code: it runs alone within its
// own grading, and compares against the reference in alternating batches, so that load
// slows both alike, but a machine with more runnable processes than cores adds noise no
// alternation removes. --jobs 1 grades one folder at a time, for the quietest measurements.
func DefaultJobs() int { return max(1, runtime.NumCPU()/2) }

// NewCmdCI returns the `prep ci` command. runF replaces ciRun in tests.
func NewCmdCI(f *cmdutil.Factory, runF func(*CIOptions) error) *cobra.Command {
	opts := &CIOptions{
		IO:               f.IOStreams,
		Challenges:       f.Challenges,
		Grade:            f.Grade,
		NewPrinter:       f.NewPrinter,
		WriteStepSummary: f.WriteStepSummary,
		Getenv:           f.Getenv,
		Now:              f.Now,
	}
	cmd := &cobra.Command{
		Use:   "ci [DIR]",
		Short: "Grade every challenge folder of a practice repository",
		Long: `Grade every challenge folder in DIR (default: the current folder) and below it, and print
one report for all of them: what a CI job runs on every push to a practice repository.

A challenge folder is one that ` + "`prep start`" + ` created: it holds .prep/challenge.json. Folders
whose names start with "." or "_", testdata, vendor and node_modules are not searched.
Several folders are graded at once (--jobs, default half the cores, since each grading keeps
two cores busy). The results are recorded in the history that ` + "`prep status`" + ` shows.

Formats: text (every scorecard, then a summary table), json (one "prep.ci/v1" document
holding every report), junit (one test suite per hidden suite of each folder) and github
(annotations at the failing lines; with $GITHUB_STEP_SUMMARY set, a Markdown table is also
appended to the run's summary page). --junit and --json write those reports to files as well,
whatever --format prints.

Exit status: 0 when every folder was graded and passed; 1 when every folder was graded and
at least one did not pass; 2 when a folder could not be graded (an unknown challenge, a
folder without Go files, no Go toolchain) or none was found. The folders that could be
graded are still graded and reported, but a run that misses one is never read as a verdict.`,
		Example: `  # grade the practice repository you are in
  prep ci

  # in GitHub Actions: annotations, a job summary and a JUnit file to upload
  prep ci --format github --junit prep-junit.xml

  # in GitLab CI or Jenkins, keeping the JSON too
  prep ci --junit prep-junit.xml --json prep-report.json

  # one folder at a time, for the steadiest performance measurements
  prep ci ~/practice --jobs 1`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cmdutil.FlagErrorf("`prep ci` grades one repository, got %q", args)
			}
			return nil
		},
		ValidArgsFunction: cmdutil.CompleteFolder,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Jobs < 0 {
				return cmdutil.FlagErrorf("`--jobs` must be at least 1, got %d", opts.Jobs)
			}
			if opts.Jobs == 0 {
				opts.Jobs = DefaultJobs()
			}
			if opts.Timeout < 0 {
				return cmdutil.FlagErrorf("`--timeout` must not be negative, got %s", opts.Timeout)
			}
			opts.Dir = "."
			if len(args) > 0 {
				opts.Dir = args[0]
			}
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return ciRun(opts)
		},
	}
	cmdutil.StringEnumFlag(cmd, &opts.Format, "format", f.Formats, "`FORMAT` of the output")
	cmd.Flags().IntVarP(&opts.Jobs, "jobs", "j", 0, "grade `N` folders at once (default: half the cores, at least 1)")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 0, "the time each suite may take, such as 2m (default: each challenge's own limit)")
	cmd.Flags().BoolVar(&opts.Verbose, "verbose", false, "list passing tests too, not only failing ones")
	opts.Files.AddFlags(cmd)
	return cmd
}

// result is the outcome of one folder: a report, or why there is none.
type result struct {
	folder workspace.Folder
	report *report.Report
	err    error
}

func ciRun(opts *CIOptions) error {
	folders, err := workspace.FindFolders(opts.Dir)
	if err != nil {
		return err
	}
	if len(folders) == 0 {
		return fmt.Errorf("no challenge folders in %s: start one with `prep start NAME`, or pass the folder of your practice repository", opts.Dir)
	}
	set, err := opts.Challenges()
	if err != nil {
		return err
	}
	// Each folder's challenge is looked up once, here: a marker naming a challenge prep does not
	// know makes that folder ungradable, like a marker it cannot read.
	resolved := make([]*challenges.Challenge, len(folders))
	dirs := make([]string, len(folders))
	for i, f := range folders {
		dirs[i] = f.Dir
		if f.Err == nil {
			resolved[i], folders[i].Err = set.Lookup(f.Marker.Challenge)
		}
	}
	// The printer comes first so that a bad format fails before a long grading, not after.
	printer, err := opts.NewPrinter(opts.Format, cmdutil.PrintOptions{
		Color:   opts.IO.ColorEnabled && opts.Format == "text",
		Verbose: opts.Verbose,
		Folders: dirs,
	})
	if err != nil {
		return err
	}

	results, err := gradeAll(opts, folders, resolved)
	if err != nil {
		return err
	}
	var graded []*report.Report
	var failed []result
	for _, r := range results {
		if r.err != nil {
			failed = append(failed, r)
		} else {
			graded = append(graded, r.report)
		}
	}
	if len(graded) == 0 {
		if len(failed) == 1 {
			return failed[0].err
		}
		return ungradable(failed, len(results))
	}

	if opts.Format == "github" {
		for _, r := range failed {
			annotateUngradable(opts.IO.Out, r)
		}
	}
	if err := printer.PrintAll(opts.IO.Out, graded); err != nil {
		return err
	}
	if opts.Format == "github" {
		if path := opts.Getenv("GITHUB_STEP_SUMMARY"); path != "" {
			if err := appendStepSummary(path, opts.WriteStepSummary, graded); err != nil {
				fmt.Fprintf(opts.IO.ErrOut, "prep: warning: could not write the job summary to $GITHUB_STEP_SUMMARY: %v\n", err)
			}
		}
	}
	if err := opts.Files.Write(opts.NewPrinter, graded, true); err != nil {
		return err
	}
	cmdutil.RecordGradings(opts.IO, "ci", opts.Now(), graded...)

	if len(failed) > 0 {
		return ungradable(failed, len(results))
	}
	for _, r := range graded {
		if !r.Passed {
			return cmdutil.ErrNotPassed
		}
	}
	return nil
}

// gradeAll grades the folders against their resolved challenges, opts.Jobs at a time, and returns their results in the order
// of folders. An error is returned only for what stops every grading: an interrupt, or no Go
// toolchain, which would fail each folder alike.
func gradeAll(opts *CIOptions, folders []workspace.Folder, resolved []*challenges.Challenge) ([]result, error) {
	ctx, cancel := context.WithCancelCause(opts.Ctx)
	defer cancel(nil)

	var progress *cmdutil.Progress
	if len(folders) == 1 {
		progress = cmdutil.NewProgress(opts.IO, folders[0].Marker.Challenge)
	} else {
		progress = cmdutil.NewBatchProgress(opts.IO, len(folders))
	}
	results := make([]result, len(folders))
	// Workers take the folders in order, so that they start in the order they are listed.
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(max(1, opts.Jobs), len(folders)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil {
					continue // drain: nothing more is graded after an interrupt
				}
				f := folders[i]
				name := f.Dir
				if len(folders) == 1 {
					name = ""
				}
				event, finish := progress.Track(name)
				r, err := opts.Grade(ctx, grader.Options{
					Dir:       f.Dir,
					Challenge: resolved[i],
					Timeout:   opts.Timeout,
					Progress:  event,
				})
				finish()
				if errors.Is(err, grader.ErrNoGo) {
					cancel(err)
				}
				results[i].report, results[i].err = r, err
			}
		}()
	}
feed:
	for i, f := range folders {
		results[i].folder = f
		if f.Err != nil {
			results[i].err = f.Err
			continue
		}
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	progress.Done()
	if err := context.Cause(ctx); err != nil {
		// Suites cut short by an interrupt fail for no fault of the code: no verdict at all.
		return nil, err
	}
	return results, nil
}

// ungradable is the error that makes the exit status 2 when folders could not be graded,
// saying which and why.
func ungradable(failed []result, total int) error {
	var b strings.Builder
	if len(failed) == total {
		fmt.Fprintf(&b, "could not grade any of the %d challenge folders:", total)
	} else {
		fmt.Fprintf(&b, "could not grade %d of the %d challenge folders:", len(failed), total)
	}
	for _, r := range failed {
		fmt.Fprintf(&b, "\n  %s: %v", r.folder.Dir, r.err)
	}
	return errors.New(b.String())
}

// annotateUngradable writes a GitHub error annotation for a folder that could not be graded,
// so that the run's page shows it beside the failures, not only in the log.
func annotateUngradable(w io.Writer, r result) {
	_ = render.GitHubError(w, "prep could not grade "+r.folder.Dir, r.err.Error())
}

// appendStepSummary appends the Markdown summary to the file GitHub names in
// $GITHUB_STEP_SUMMARY, which other steps of the job may have written to already.
func appendStepSummary(path string, write func(io.Writer, []*report.Report) error, rs []*report.Report) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	err = write(f, rs)
	return errors.Join(err, f.Close())
}
