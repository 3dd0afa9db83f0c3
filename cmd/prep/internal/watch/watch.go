// Package watch implements `prep watch`: it grades a folder again every time the learner saves
// a file of their solution, and keeps a compact scorecard on the screen.
package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/report"
	"github.com/spf13/cobra"
)

// Defaults of the loop's timing.
const (
	// debounce is how long the files must stay unchanged before grading: an editor's save is
	// often several writes and renames, and a "save all" touches several files.
	debounce = 300 * time.Millisecond
	// pollInterval is how often the files' times and sizes are compared.
	pollInterval = time.Second
)

// WatchOptions are the inputs of `prep watch`.
type WatchOptions struct {
	IO         *iostreams.IOStreams
	Challenges func() (*challenges.Set, error)
	Grade      func(context.Context, grader.Options) (*report.Report, error)
	NewPrinter func(string, cmdutil.PrintOptions) (cmdutil.Printer, error)
	Now        func() time.Time
	// Ctx is cancelled when the user interrupts prep, which is how watching ends.
	Ctx context.Context

	Dir       string
	Challenge string
	Poll      bool
	Full      bool
	Timeout   time.Duration

	// Test seams: the clock the loop waits on, and the source of file events, which returns
	// a channel that receives a value whenever a file of dir may have changed and the
	// function that stops it. Nil means time.After and fsnotify.
	After  func(time.Duration) <-chan time.Time
	Events func(dir string) (<-chan struct{}, func() error, error)
}

// NewCmdWatch returns the `prep watch` command. runF replaces watchRun in tests.
func NewCmdWatch(f *cmdutil.Factory, runF func(*WatchOptions) error) *cobra.Command {
	opts := &WatchOptions{
		IO:         f.IOStreams,
		Challenges: f.Challenges,
		Grade:      f.Grade,
		NewPrinter: f.NewPrinter,
		Now:        f.Now,
	}
	cmd := &cobra.Command{
		Use:   "watch [DIR]",
		Short: "Grade your solution again on every save",
		Long: `Grade the solution in DIR (default: the current folder) now, and again every time you save one
of its .go files, showing a compact scorecard: each suite's score and its first failures.
On a terminal the screen is cleared before each scorecard. A save while grading stops that
grading and starts again with what you saved; your own _test.go files are not graded, so
saving them does not grade again. --full shows the whole scorecard ` + "`prep submit`" + ` prints.

File events tell prep of a save at once. Where they do not arrive, as on network and some
container file systems, prep notices within a second anyway, since it also compares the
files' times and sizes every second; --poll relies on that alone.

Each grading is recorded for ` + "`prep status`" + `. Press Ctrl-C to stop watching; the exit status
is then 0.`,
		Example: `  # solve the challenge in this folder with the scorecard beside your editor
  prep watch

  # watch another folder, showing whole scorecards
  prep watch ~/practice/lru --full

  # on a file system that sends no file events
  prep watch --poll`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cmdutil.FlagErrorf("`prep watch` watches one folder, got %q", args)
			}
			return nil
		},
		ValidArgsFunction: cmdutil.CompleteFolder,
		RunE: func(cmd *cobra.Command, args []string) error {
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
			return watchRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Challenge, "challenge", "", "grade against challenge `NAME` instead of the one the folder was started for")
	cmd.Flags().BoolVar(&opts.Poll, "poll", false, "notice saves only by comparing the files every second, without file events")
	cmd.Flags().BoolVar(&opts.Full, "full", false, "show the whole scorecard, not the compact one")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 0, "the time each suite may take, such as 2m (default: the challenge's own limit)")
	_ = cmd.RegisterFlagCompletionFunc("challenge", func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return cmdutil.CompleteChallenges(f.Challenges), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func watchRun(opts *WatchOptions) error {
	c, err := cmdutil.FolderChallenge(opts.Challenges, opts.Challenge, opts.Dir)
	if err != nil {
		return err
	}
	after := opts.After
	if after == nil {
		after = time.After
	}

	// Saves arrive as pokes: "something may have changed". Whether anything did is decided
	// by comparing snapshots, so that file events and polling may both report one save.
	pokes := make(chan struct{}, 1)
	poke := func() {
		select {
		case pokes <- struct{}{}:
		default:
		}
	}
	ctx, stop := context.WithCancel(opts.Ctx)
	defer stop()
	if !opts.Poll {
		events := opts.Events
		if events == nil {
			events = fileEvents
		}
		ch, closeEvents, err := events(opts.Dir)
		if err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "prep: file events are not available here (%v); checking for saves every second instead\n", err)
		} else {
			defer closeEvents()
			go forward(ctx, ch, poke)
		}
	}
	go pollLoop(ctx, opts.Dir, after, poke)

	s := &screen{opts: opts, challenge: c}
	l := loop{
		pokes:    pokes,
		after:    after,
		debounce: debounce,
		snapshot: func() string { return snapshot(opts.Dir) },
		grade:    s.grade,
	}
	l.run(ctx)
	fmt.Fprintf(opts.IO.ErrOut, "\nstopped watching %s\n", displayDir(opts.Dir))
	return nil
}

// loop is the core of `prep watch`, apart from files and clocks so that tests drive it: it
// grades once, then again whenever the files have changed since the grading under way or
// the last one, debounce after the last poke.
type loop struct {
	pokes    <-chan struct{}
	after    func(time.Duration) <-chan time.Time
	debounce time.Duration
	snapshot func() string
	// grade grades once and shows the result; it returns early, showing nothing, when its
	// context is cancelled.
	grade func(context.Context)
}

// run runs until ctx is cancelled, and returns once no grading is running.
func (l loop) run(ctx context.Context) {
	var (
		graded string             // the snapshot of the grading under way or the last one
		cancel context.CancelFunc // stops the grading under way
		done   chan struct{}      // closed when the grading under way returns; nil when none
		timer  <-chan time.Time   // the end of the debounce; nil when not waiting
	)
	start := func(snap string) {
		graded = snap
		var gctx context.Context
		gctx, cancel = context.WithCancel(ctx)
		d := make(chan struct{})
		done = d
		go func() {
			defer close(d)
			l.grade(gctx)
		}()
	}
	stop := func() {
		if done != nil {
			cancel()
			<-done
			done = nil
		}
	}
	start(l.snapshot())
	for {
		select {
		case <-ctx.Done():
			stop()
			return
		case <-l.pokes:
			timer = l.after(l.debounce)
		case <-timer:
			timer = nil
			if snap := l.snapshot(); snap != graded {
				// What is being graded is out of date: its result would only flash by.
				stop()
				start(snap)
			}
		case <-done:
			cancel()
			done = nil
		}
	}
}

// forward pokes for every value from events until ctx is done or events is closed.
func forward(ctx context.Context, events <-chan struct{}, poke func()) {
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-events:
			if !ok {
				return
			}
			poke()
		}
	}
}

// pollLoop pokes whenever the snapshot of dir differs from the one a poll before: the
// fallback where file events do not arrive, and a safety net where they do.
func pollLoop(ctx context.Context, dir string, after func(time.Duration) <-chan time.Time, poke func()) {
	last := snapshot(dir)
	for {
		select {
		case <-ctx.Done():
			return
		case <-after(pollInterval):
		}
		if snap := snapshot(dir); snap != last {
			last = snap
			poke()
		}
	}
}

// fileEvents reports changes to dir's solution files with fsnotify. Errors, such as an
// overflow of the kernel's queue, poke too: a snapshot then tells whether anything changed.
func fileEvents(dir string) (<-chan struct{}, func() error, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, nil, err
	}
	if err := w.Add(dir); err != nil {
		w.Close()
		return nil, nil, err
	}
	ch := make(chan struct{}, 1)
	send := func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	go func() {
		defer close(ch)
		for {
			select {
			case e, ok := <-w.Events:
				if !ok {
					return
				}
				if e.Op != fsnotify.Chmod && isSolutionFile(filepath.Base(e.Name)) {
					send()
				}
			case _, ok := <-w.Errors:
				if !ok {
					return
				}
				send()
			}
		}
	}()
	return ch, w.Close, nil
}

// isSolutionFile reports whether a file of that name is graded, as workspace.Sources decides:
// editors' swap and backup files, and the learner's own tests, are not.
func isSolutionFile(name string) bool {
	return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") &&
		!strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_")
}

// snapshot describes dir's solution files by name, size and modification time: it changes
// with every save, and costs one listing and a stat a file.
func snapshot(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, e := range entries {
		if e.IsDir() || !isSolutionFile(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			fmt.Fprintf(&b, "%s ?\n", e.Name())
			continue
		}
		fmt.Fprintf(&b, "%s %d %d\n", e.Name(), info.Size(), info.ModTime().UnixNano())
	}
	return b.String()
}

func displayDir(dir string) string {
	if filepath.Clean(dir) == "." {
		return "this folder"
	}
	return filepath.ToSlash(dir)
}
