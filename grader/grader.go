// Package grader grades a learner's solution against a challenge's hidden suites and returns
// a report. It prints nothing: renderers turn the report into text, JSON, JUnit or GitHub
// annotations.
//
// Grading a folder:
//
//  1. reads the learner's non-test .go files (never their own tests) and nothing else;
//  2. writes a module holding them beside the hidden tests, the reference solution and the
//     test kit, all embedded in prep, so no module is downloaded; it lives in a folder of the
//     user's cache whose path is the same every time, so that the build cache hits;
//  3. type-checks the learner's package with go/packages and compares its API with the
//     stub's, while the plain and race-detector test binaries build in parallel;
//  4. runs the correctness suite (plain binary) and the race suite (race binary) side by side,
//     then the performance suite alone, so that nothing else competes for the CPU while it
//     measures; each through test2json, under a time limit and an output limit, in its own
//     process group;
//  5. believes a suite passed only when every test its hidden file declares reported a pass
//     and the test process exited cleanly.
//
// The module's files and every process are removed on every path, including cancellation.
package grader

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/grader/internal/proc"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/rules"
	"github.com/prep-judge/prep/grader/workspace"
)

// Default limits, when neither the challenge nor the caller sets one.
const (
	defaultTimeout = 60 * time.Second
	// raceFactor scales the time limit of the race suite: the race detector makes code
	// several times slower, and a correct solution must not fail for that.
	raceFactor = 3
	// defaultOutput bounds what one suite's tests may print.
	defaultOutput = 4 << 20
	// defaultMemory bounds the resident memory of a test process: far more than any solution
	// here needs, far less than a runaway would take from the machine.
	defaultMemory = 512 << 20
	// raceMemoryFactor scales the memory limit under the race detector, which keeps shadow
	// memory of several times the program's own.
	raceMemoryFactor = 4
	// minRaceProcs is the fewest processors the race suite runs on, however few cores the
	// machine has, so that its goroutines can interleave anywhere and a check and an update
	// made under two locks can be caught between them. More than the machine's cores only
	// slows the suite (twice, for tokenbucket's at four on two cores) without catching more.
	// It is set for the whole test process from its start, the same for every test: the
	// hidden tests never change it, so code under test cannot tell one of them from another.
	minRaceProcs = 2
)

// errCanceled is returned when grading was interrupted; it wraps context.Canceled so that
// callers can tell an interruption from a failure.
var errCanceled = fmt.Errorf("grading was interrupted: %w", context.Canceled)

// Grade grades the solution in opts.Dir against opts.Challenge. An error means the folder
// could not be graded (it does not exist or holds no Go file, Go is missing); problems with the
// solution itself are in the report.
func Grade(ctx context.Context, opts Options) (*report.Report, error) {
	started := time.Now()
	c := opts.Challenge
	if c == nil {
		return nil, errors.New("no challenge to grade against")
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(Event) {}
	}
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	srcs, skipped, err := workspace.Sources(dir)
	if err != nil {
		return nil, err
	}
	clock := &stopwatch{start: started}
	done := clock.step("find the go command")
	tc, err := findToolchain(ctx)
	if err != nil {
		return nil, err
	}
	done()
	done = clock.step("write the module")

	hidden, err := c.HiddenTests()
	if err != nil {
		return nil, fmt.Errorf("the embedded challenge %s is damaged: %w", c.Name, err)
	}
	screened, unsafeNames := screen(srcs, reservedNames(hidden), append(slices.Clone(rules.AllowedImports), c.Policy.Imports...))
	srcs = slices.DeleteFunc(srcs, func(s workspace.Source) bool { return unsafeNames[s.Name] })

	wd, err := claimWorkDir(c.Name)
	if err != nil {
		return nil, err
	}
	keepBinaries := false
	defer func() { wd.release(keepBinaries) }()
	m, err := newModule(wd.path, c, srcs)
	if err != nil {
		return nil, fmt.Errorf("preparing the temporary module: %w", err)
	}
	done()

	r := &report.Report{Challenge: c.Name, Title: c.Title, Dir: dir}
	for _, s := range skipped {
		r.Notes = append(r.Notes, "not graded: "+s.String())
	}
	if !proc.MemorySupported {
		r.Notes = append(r.Notes, "the memory limit is not enforced on "+runtime.GOOS+": prep can measure a test's memory only on Linux, macOS and Windows")
	}
	for _, s := range report.SuiteNames {
		r.Suites = append(r.Suites, report.Suite{Name: s, MaxScore: c.Points.For(s), Status: report.Skipped})
	}
	defer func() {
		r.DurationMS = time.Since(started).Milliseconds()
	}()
	g := &grading{m: m, c: c, tc: tc, opts: opts, progress: progress, clock: clock, r: r}
	if err := g.run(ctx, screened); err != nil {
		if ctx.Err() != nil {
			return nil, errCanceled
		}
		return nil, err
	}
	keepBinaries = g.linked && ctx.Err() == nil
	r.Timings = clock.list()
	r.DurationMS = time.Since(started).Milliseconds()
	explainInLight(r)
	r.Finish()
	return r, nil
}

// grading is one grading in progress: what it grades, with which go command, and the report
// it fills in.
type grading struct {
	m        *module
	c        *challenges.Challenge
	tc       toolchain
	opts     Options
	progress func(Event)
	clock    *stopwatch
	r        *report.Report
	env      []string // the go command's environment
	linked   bool     // both test binaries were built whole
}

// binaries are the test binaries of a grading; race is empty when noRace says why it could
// not be built.
type binaries struct {
	plain, race string
	noRace      error
}

// run grades: rejects what screening found, or builds and runs the suites.
func (g *grading) run(ctx context.Context, screened []report.Diagnostic) error {
	g.env = buildEnv(os.Environ(), filepath.Join(g.m.root, "gotmp"))
	if len(screened) > 0 {
		return g.reject(ctx, screened)
	}
	bins, stopped, err := g.build(ctx)
	if err != nil || stopped {
		return err
	}
	runs, err := g.suiteRuns(bins)
	if err != nil {
		return err
	}
	return g.runSuites(ctx, runs, bins.noRace)
}

// reject reports code the rules forbid, which is never built. It is still type-checked, so
// that a compile error, which comes first in the verdicts' order, is not hidden behind the
// rejection.
func (g *grading) reject(ctx context.Context, screened []report.Diagnostic) error {
	var diags []report.Diagnostic
	if len(g.m.userFiles) > 0 {
		checked := g.clock.step("type-check and compare the API")
		d, err := g.m.check(ctx, g.env)
		checked()
		if err != nil {
			return err
		}
		// A file screening rejected for its build constraint is, of course, not part of
		// every build: once is enough.
		diags = slices.DeleteFunc(d, func(d report.Diagnostic) bool {
			return d.Message == notChecked && slices.ContainsFunc(screened, func(s report.Diagnostic) bool { return s.File == d.File })
		})
	}
	g.r.Diagnostics = append(slices.Clone(screened), diags...)
	sortDiagnostics(g.r.Diagnostics)
	first := report.First(verdictsOf(g.r.Diagnostics)...)
	skipAll(g.r, fmt.Sprintf("not run: %s", first.Describe()))
	return nil
}

// build type-checks the solution and builds the test binaries at once: the builds are most of
// the time, and when the check finds a problem they are cancelled. stopped says the report
// already holds why nothing can run (a compile error, an API mismatch).
func (g *grading) build(ctx context.Context) (bins binaries, stopped bool, err error) {
	g.progress(Event{Step: "building"})
	buildCtx, cancelBuilds := context.WithCancel(ctx)
	defer cancelBuilds()
	type built struct {
		bin   string
		diags []report.Diagnostic
		err   error
	}
	var plain, race built
	// A machine that cannot build with -race loses the race suite alone, and says so.
	bins.noRace = raceBlocker(g.tc.goos, g.tc.goarch, g.tc.cc, exec.LookPath)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer g.clock.step("build the test binary")()
		plain.bin, plain.diags, plain.err = g.m.build(buildCtx, g.tc, g.env, false)
	}()
	if bins.noRace == nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer g.clock.step("build the race test binary")()
			race.bin, race.diags, race.err = g.m.build(buildCtx, g.tc, g.env, true)
		}()
	}
	checked := g.clock.step("type-check and compare the API")
	diags, err := g.m.check(ctx, g.env)
	checked()
	if err != nil || len(diags) > 0 {
		cancelBuilds()
		wg.Wait()
		if err != nil {
			return bins, false, err
		}
		skipAll(g.r, fmt.Sprintf("not run: %s", report.First(verdictsOf(diags)...).Describe()))
		g.r.Diagnostics = diags
		return bins, true, nil
	}
	wg.Wait()
	if errors.Is(race.err, errRaceUnavailable) {
		bins.noRace, race.err = race.err, nil
	}
	for _, b := range []built{plain, race} {
		if b.err != nil {
			return bins, false, b.err
		}
		if len(b.diags) > 0 {
			skipAll(g.r, "not run: "+report.CompileError.Describe())
			g.r.Diagnostics = b.diags
			return bins, true, nil
		}
	}
	bins.plain, bins.race = plain.bin, race.bin
	g.linked = true
	return bins, false, nil
}

// suiteRuns says how to run each suite: its binary, its tests and its limits, from the
// challenge's own and the caller's.
func (g *grading) suiteRuns(bins binaries) (map[string]suiteRun, error) {
	c, opts := g.c, g.opts
	timeout := c.Limits.Time.Duration
	if timeout == 0 {
		timeout = defaultTimeout
	}
	if opts.Timeout > 0 {
		timeout = opts.Timeout
	}
	runs := map[string]suiteRun{
		report.Correctness: {name: report.Correctness, bin: bins.plain, timeout: timeout, defaultVerdict: report.WrongAnswer},
		report.Race: {name: report.Race, bin: bins.race, timeout: raceFactor * timeout, defaultVerdict: report.WrongAnswer,
			procs: max(runtime.NumCPU(), minRaceProcs)},
		report.Performance: {name: report.Performance, bin: bins.plain, timeout: timeout, defaultVerdict: report.TooSlow},
	}
	output, memory := int64(defaultOutput), int64(defaultMemory)
	if c.Limits.Memory > 0 {
		memory = int64(c.Limits.Memory)
	}
	if opts.MaxOutput > 0 {
		output = opts.MaxOutput
	}
	if opts.MaxMemory > 0 {
		memory = opts.MaxMemory
	}
	for name, run := range runs {
		run.maxOutput = output
		run.maxMemory = memory
		if name == report.Race {
			run.maxMemory = raceMemoryFactor * memory
		}
		var err error
		if run.expected, err = g.m.suiteTests(name); err != nil {
			return nil, err
		}
		runs[name] = run
	}
	return runs, nil
}

// runSuites runs correctness and race side by side, then performance alone, so that it
// measures on a quiet machine. The race suite is skipped, saying why, when noRace is set.
func (g *grading) runSuites(ctx context.Context, runs map[string]suiteRun, noRace error) error {
	run := func(name string) error {
		s := g.r.Suite(name)
		if name == report.Race && noRace != nil {
			// The contract has a skipped suite say why in its tests' messages: each test
			// the suite would have run says it did not, and why.
			s.Status = report.Skipped
			s.Reason = "this machine cannot build it: " + noRace.Error()
			for _, test := range runs[name].expected {
				s.Tests = append(s.Tests, report.Test{Name: test, Status: report.Skipped, Message: "not run: " + s.Reason})
			}
			return nil
		}
		g.progress(Event{Suite: name, Step: "running"})
		ran := g.clock.step("run the " + name + " suite")
		res, err := g.m.runSuite(ctx, g.tc, runs[name])
		ran()
		if err != nil {
			s.Status = report.Error
			s.Reason = err.Error()
			if errors.Is(err, errCanceled) {
				return err
			}
			return nil
		}
		res.MaxScore = s.MaxScore
		*s = res
		g.progress(Event{Suite: name, Step: "done"})
		return nil
	}
	var errs [2]error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); errs[0] = run(report.Correctness) }()
	go func() { defer wg.Done(); errs[1] = run(report.Race) }()
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return err
	}
	return run(report.Performance)
}

func verdictsOf(diags []report.Diagnostic) []report.Verdict {
	vs := make([]report.Verdict, len(diags))
	for i, d := range diags {
		vs[i] = d.Verdict
	}
	return vs
}

func skipAll(r *report.Report, reason string) {
	for i := range r.Suites {
		r.Suites[i].Status = report.Skipped
		r.Suites[i].Reason = reason
	}
}

// stopwatch records how long each step of grading took, for the --timings view.
type stopwatch struct {
	start time.Time
	mu    sync.Mutex
	steps []report.Timing
}

// step starts timing a step and returns the function that ends it.
func (w *stopwatch) step(name string) func() {
	begin := time.Now()
	return func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.steps = append(w.steps, report.Timing{
			Step:       name,
			StartMS:    begin.Sub(w.start).Milliseconds(),
			DurationMS: time.Since(begin).Milliseconds(),
		})
	}
}

// list returns the steps in the order they started.
func (w *stopwatch) list() []report.Timing {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := slices.Clone(w.steps)
	slices.SortStableFunc(out, func(a, b report.Timing) int { return cmp.Compare(a.StartMS, b.StartMS) })
	return out
}
