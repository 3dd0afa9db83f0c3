package watch

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdtest"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/workspace"
)

func TestNewCmdWatch(t *testing.T) {
	f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
	var got *WatchOptions
	cmd := NewCmdWatch(f, func(o *WatchOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"practice/lru", "--poll", "--full", "--challenge", "lru", "--timeout", "1m"})
	cmd.SetOut(io.Discard)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Dir != "practice/lru" || !got.Poll || !got.Full || got.Challenge != "lru" || got.Timeout != time.Minute || got.Ctx == nil {
		t.Errorf("options = %+v", got)
	}

	cmd = NewCmdWatch(f, func(*WatchOptions) error { return nil })
	cmd.SetArgs([]string{"a", "b"})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	var fe *cmdutil.FlagError
	if err := cmd.Execute(); !errors.As(err, &fe) {
		t.Errorf("two folders: err = %v, want a usage error", err)
	}
}

// clock is a fake clock whose timers fire when the test says. A timer's channel is unbuffered,
// so firing it returns only once the loop has taken the tick.
type clock struct{ created chan chan time.Time }

func newClock() *clock { return &clock{created: make(chan chan time.Time, 16)} }

func (c *clock) after(time.Duration) <-chan time.Time {
	ch := make(chan time.Time)
	c.created <- ch
	return ch
}

// harness drives a loop: pokes go in, gradings are seen starting and are let finish.
type harness struct {
	t       *testing.T
	clock   *clock
	pokes   chan struct{}
	started chan context.Context
	release chan struct{}
	mu      sync.Mutex
	snap    string
}

func newHarness(t *testing.T) (*harness, loop) {
	h := &harness{t: t, clock: newClock(), pokes: make(chan struct{}), started: make(chan context.Context, 16), release: make(chan struct{}), snap: "v1"}
	return h, loop{
		pokes:    h.pokes,
		after:    h.clock.after,
		debounce: debounce,
		snapshot: func() string { h.mu.Lock(); defer h.mu.Unlock(); return h.snap },
		grade: func(ctx context.Context) {
			h.started <- ctx
			select {
			case <-h.release:
			case <-ctx.Done():
			}
		},
	}
}

func (h *harness) save(snap string) {
	h.mu.Lock()
	h.snap = snap
	h.mu.Unlock()
}

func (h *harness) noGrading() {
	h.t.Helper()
	select {
	case <-h.started:
		h.t.Fatal("graded although nothing changed")
	default:
	}
}

func wait[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("no %s", what)
	}
	panic("unreachable")
}

func TestLoop(t *testing.T) {
	h, l := newHarness(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { l.run(ctx); close(done) }()

	// It grades at once, then waits.
	wait(t, h.started, "first grading")
	h.release <- struct{}{}

	// A poke with nothing changed, from a touch or from file events and polling both
	// reporting one save, does not grade again.
	h.pokes <- struct{}{}
	wait(t, h.clock.created, "debounce timer") <- time.Time{}
	h.noGrading()

	// A save grades again once the files have been quiet for the debounce.
	h.save("v2")
	h.pokes <- struct{}{}
	wait(t, h.clock.created, "debounce timer")
	h.pokes <- struct{}{} // a second write of the same save restarts the wait
	wait(t, h.clock.created, "restarted debounce timer") <- time.Time{}
	second := wait(t, h.started, "grading after a save")

	// A save while grading stops that grading and starts again.
	h.save("v3")
	h.pokes <- struct{}{}
	wait(t, h.clock.created, "debounce timer") <- time.Time{}
	third := wait(t, h.started, "grading after a save while grading")
	if second.Err() == nil {
		t.Error("the out-of-date grading was not stopped")
	}

	// Ctrl-C stops the grading under way and ends the loop.
	cancel()
	wait(t, done, "end of the loop")
	if third.Err() == nil {
		t.Error("the grading under way was not stopped")
	}
}

func TestIsSolutionFile(t *testing.T) {
	for name, want := range map[string]bool{
		"lru.go": true, "evict.go": true,
		"lru_test.go": false, ".lru.go.swp": false, "lru.go~": false, "#lru.go#": false, "4913": false,
		"_scratch.go": false, ".#lru.go": false, "README.md": false,
	} {
		if got := isSolutionFile(name); got != want {
			t.Errorf("isSolutionFile(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestSnapshot(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("lru.go", "package lru\n")
	before := snapshot(dir)
	write("lru_test.go", "package lru\n")
	write("notes.txt", "x")
	if snapshot(dir) != before {
		t.Error("a test file or a non-Go file changed the snapshot")
	}
	write("lru.go", "package lru // saved\n")
	if snapshot(dir) == before {
		t.Error("a save did not change the snapshot")
	}
	if s := snapshot(filepath.Join(dir, "gone")); !strings.HasPrefix(s, "error: ") {
		t.Errorf("snapshot of a missing folder = %q", s)
	}
}

func reports() map[string]*report.Report {
	passed := &report.Report{Challenge: "lru", DurationMS: 3300, Suites: []report.Suite{
		{Name: report.Correctness, Status: report.Pass, MaxScore: 50, Tests: []report.Test{{Name: "TestA", Status: report.Pass}}},
		{Name: report.Race, Status: report.Pass, MaxScore: 20, Tests: []report.Test{{Name: "TestB", Status: report.Pass}}},
		{Name: report.Performance, Status: report.Pass, MaxScore: 30, Tests: []report.Test{{Name: "TestC", Status: report.Pass}}},
	}}
	var many []report.Test
	for _, name := range []string{"TestClassicSequence", "TestEdgeCases/capacity_one", "TestEdgeCases/eviction_order", "TestRandomOperations"} {
		many = append(many, report.Test{Name: name, Status: report.Fail, Verdict: report.WrongAnswer,
			Message: "call 4: c.Get(1) returned -1, want 1 (key 1 should still be cached: the cache keeps its 2 most recently used keys, which are 2 and 1)\n\nmore"})
	}
	failed := &report.Report{Challenge: "lru", DurationMS: 2150, Suites: []report.Suite{
		{Name: report.Correctness, Status: report.Fail, MaxScore: 50, Tests: append(many, report.Test{Name: "TestOK", Status: report.Pass})},
		{Name: report.Race, Status: report.Error, MaxScore: 20, Reason: "the race suite could not run: signal: killed"},
		{Name: report.Performance, Status: report.Fail, MaxScore: 30, Tests: []report.Test{{Name: "TestGrowth", Status: report.Fail, Verdict: report.TooSlow,
			Measurements: []report.Measurement{{Operation: "Put", Reason: "Put grows like O(n), expected O(1)"}}}}},
	}}
	compile := &report.Report{Challenge: "lru", DurationMS: 400, Suites: []report.Suite{
		{Name: report.Correctness, Status: report.Skipped, MaxScore: 50, Reason: "not run: the code does not compile"},
		{Name: report.Race, Status: report.Skipped, MaxScore: 20, Reason: "not run: the code does not compile"},
		{Name: report.Performance, Status: report.Skipped, MaxScore: 30, Reason: "not run: the code does not compile"},
	}, Diagnostics: []report.Diagnostic{
		{File: "lru.go", Line: 44, Column: 35, Message: "undefined: lis", Verdict: report.CompileError},
		{File: "lru.go", Line: 52, Column: 1, Message: "missing return", Verdict: report.CompileError},
	}}
	for _, r := range []*report.Report{passed, failed, compile} {
		r.Finish()
	}
	return map[string]*report.Report{"passed": passed, "failed": failed, "compile_error": compile}
}

// TestCompact holds the compact scorecard of each kind of result to a golden file, as a
// terminal shows it: the screen cleared first.
func TestCompact(t *testing.T) {
	set, _ := cmdtest.Challenges()
	c, _ := set.Lookup("lru")
	for name, r := range reports() {
		t.Run(name, func(t *testing.T) {
			f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
			f.IOStreams.IsStdoutTTY = true
			s := &screen{opts: &WatchOptions{IO: f.IOStreams, Now: f.Now, Dir: "."}, challenge: c}
			var b bytes.Buffer
			if err := (page{screen: s}).Print(&b, r); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(b.String(), clearScreen) {
				t.Error("the screen is not cleared on a terminal")
			}
			cmdtest.Golden(t, "compact-"+name+".txt", bytes.TrimPrefix(b.Bytes(), []byte(clearScreen)))
		})
	}
}

// started makes a folder started for lru in a practice repository, with a solution file.
func started(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module practice\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "lru")
	if err := workspace.WriteMarker(dir, workspace.Marker{Challenge: "lru", Started: cmdtest.Now}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "lru.go"), []byte("package lru\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestWatchRun watches a real folder with real file events (or polling) and a fake grader:
// a save grades again, Ctrl-C ends watching with no error, and every grading is recorded.
func TestWatchRun(t *testing.T) {
	for _, tt := range []struct {
		name   string
		poll   bool
		events func(string) (<-chan struct{}, func() error, error)
	}{
		{name: "file events"},
		{name: "poll", poll: true},
		{name: "no file events", events: func(string) (<-chan struct{}, func() error, error) {
			return nil, nil, errors.New("too many open files")
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := started(t)
			graded := make(chan grader.Options, 8)
			g := &cmdtest.Grader{Report: *reports()["failed"], Before: func(o grader.Options) { graded <- o }}
			f, _, _ := cmdtest.Factory(g)
			out, errOut := &syncBuffer{}, &syncBuffer{}
			f.IOStreams.Out, f.IOStreams.ErrOut = out, errOut
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			result := make(chan error)
			go func() {
				result <- watchRun(&WatchOptions{
					IO: f.IOStreams, Challenges: f.Challenges, Grade: g.Grade, NewPrinter: f.NewPrinter, Now: f.Now,
					Ctx: ctx, Dir: dir, Poll: tt.poll, Events: tt.events,
				})
			}()
			if o := wait(t, graded, "first grading"); o.Challenge == nil || o.Challenge.Name != "lru" || o.Dir != dir {
				t.Errorf("graded %+v", o)
			}
			// Let the first grading print before saving, so that it is not cut short.
			deadline := time.Now().Add(5 * time.Second)
			for !strings.Contains(out.String(), "watching") && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			// Some file systems keep modification times to the second.
			time.Sleep(10 * time.Millisecond)
			if err := os.WriteFile(filepath.Join(dir, "lru.go"), []byte("package lru // saved\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			wait(t, graded, "grading after a save")
			header := "lru (LRU cache) in " + filepath.ToSlash(dir)
			for strings.Count(out.String(), header) < 2 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			cancel()
			if err := wait(t, result, "end of watching"); err != nil {
				t.Errorf("watching ended with %v, want no error", err)
			}
			if n := strings.Count(out.String(), header); n != 2 {
				t.Errorf("showed %d scorecards, want 2:\n%s", n, out)
			}
			if !strings.HasSuffix(errOut.String(), "stopped watching "+filepath.ToSlash(dir)+"\n") {
				t.Errorf("stderr = %q", errOut)
			}
			if tt.events != nil && !strings.Contains(errOut.String(), "file events are not available here (too many open files); checking for saves every second instead") {
				t.Errorf("stderr does not say that file events failed: %q", errOut)
			}
			gs, _ := workspace.ReadHistory(filepath.Dir(dir))
			if len(gs) != 2 || gs[0].By != "watch" {
				t.Errorf("history = %+v, want the two gradings by watch", gs)
			}
		})
	}
}

func TestWatchNotStarted(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte("package x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
	err := watchRun(&WatchOptions{IO: f.IOStreams, Challenges: f.Challenges, Ctx: context.Background(), Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "was not started by `prep start`, so prep cannot tell which challenge it holds; pass `--challenge NAME` (see `prep list`)") {
		t.Errorf("err = %v", err)
	}
	var unknown *challenges.UnknownError
	err = watchRun(&WatchOptions{IO: f.IOStreams, Challenges: f.Challenges, Ctx: context.Background(), Dir: dir, Challenge: "lur"})
	if !errors.As(err, &unknown) {
		t.Errorf("err = %v, want an UnknownError", err)
	}
}

// syncBuffer is a buffer that the watching goroutines write while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A grading whose scorecard was shown is recorded even when watching stops at that moment
// (Ctrl-C as the scorecard appears).
func TestShownGradingIsRecordedAsWatchingStops(t *testing.T) {
	dir := started(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	g := &cmdtest.Grader{Report: *reports()["failed"]}
	f, _, _ := cmdtest.Factory(g)
	f.IOStreams.Out = cancelOnWrite{cancel}
	set, err := f.Challenges()
	if err != nil {
		t.Fatal(err)
	}
	lru, err := set.Lookup("lru")
	if err != nil {
		t.Fatal(err)
	}
	s := &screen{opts: &WatchOptions{IO: f.IOStreams, Grade: g.Grade, NewPrinter: f.NewPrinter, Now: f.Now, Dir: dir}, challenge: lru}
	s.grade(ctx)
	if gs, _ := workspace.ReadHistory(filepath.Dir(dir)); len(gs) != 1 || gs[0].By != "watch" {
		t.Errorf("history = %+v, want the grading shown", gs)
	}
}

// cancelOnWrite is a stdout that stops watching as soon as something is shown.
type cancelOnWrite struct{ cancel context.CancelFunc }

func (w cancelOnWrite) Write(b []byte) (int, error) {
	w.cancel()
	return len(b), nil
}
