package grader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
	"github.com/prep-judge/prep/grader/internal/proc"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/testjson"
)

const resultsEnv = kit.ResultsEnv

// suiteRun says how to run one suite.
type suiteRun struct {
	name     string
	bin      string
	expected []string // top-level tests the suite must run and pass
	timeout  time.Duration
	// maxOutput bounds what the tests may print.
	maxOutput int64
	// maxMemory bounds the resident memory of the test process, in bytes; zero means none.
	maxMemory int64
	// defaultVerdict is the problem a failing test of this suite shows when nothing more
	// specific is known.
	defaultVerdict report.Verdict
	// procs, when set, is the test process's GOMAXPROCS.
	procs int
}

// graceTime is how long past a suite's time limit the grader waits for the test binary's own
// timeout (which names the test that was running) before it kills the process group.
const graceTime = 5 * time.Second

// runSuite runs one suite's tests from a built binary and turns what they report into the
// suite's tests. The binary runs as prep's own child, so that it dies with prep; its output
// goes through test2json, reading from a pipe, to become events.
func (m *module) runSuite(ctx context.Context, t toolchain, s suiteRun) (report.Suite, error) {
	started := time.Now()
	suite := report.Suite{Name: s.name, Status: report.Pass}
	if len(s.expected) == 0 {
		suite.Status = report.Skipped
		suite.Reason = "this challenge has no " + s.name + " tests"
		return suite, nil
	}
	results := filepath.Join(m.root, "results", s.name+".jsonl")
	judged := filepath.Join(m.root, "results", s.name+".judge.jsonl")
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, s.timeout+graceTime)
	defer cancel()

	test2json, err := t.test2json.wait(ctx)
	if err != nil {
		if parent.Err() != nil {
			return suite, errCanceled
		}
		return suite, err
	}
	test := proc.Command(ctx, s.bin,
		"-test.v=test2json",
		"-test.run", "^("+strings.Join(s.expected, "|")+")$",
		"-test.count=1",
		"-test.timeout", s.timeout.String(),
		// A test that calls os.Exit(0) must not look like a pass.
		"-test.paniconexit0",
	)
	test.Dir = filepath.Join(m.root, filepath.FromSlash(m.solutionRel))
	test.Env = append(testEnv(os.Environ(), filepath.Join(m.root, "tmp")),
		resultsEnv+"="+results,
		judgeEnv+"="+judged,
		// The test process's own guard (see the kit): it ends the process once prep is gone,
		// or once it has outlived the suite's limit by far, from before any of the solution's
		// code runs.
		fmt.Sprintf("%s=%s", kit.LifetimeEnv, s.timeout+2*graceTime),
		fmt.Sprintf("%s=%d", kit.ParentEnv, os.Getpid()),
		// The suite's own limit, so that the performance harness stops measuring a slow
		// solution in time to say so, rather than be stopped mid-measure.
		fmt.Sprintf("%s=%s", kit.TimeLimitEnv, s.timeout),
	)
	if s.procs > 0 {
		test.Env = append(test.Env, fmt.Sprintf("GOMAXPROCS=%d", s.procs))
	}
	if s.maxMemory > 0 {
		// A soft goal for the Go runtime below the hard limit, so that a solution that makes
		// garbage but keeps little collects it before the grader has to stop the process.
		test.Env = append(test.Env, fmt.Sprintf("GOMEMLIMIT=%d", s.maxMemory*3/4))
	}
	test.MemoryLimit = s.maxMemory
	test.NoCommitLimit = s.name == report.Race
	convert := proc.Command(ctx, test2json, "-t", "-p", m.pkgName)
	events, err := pipeThrough(test, convert)
	if err != nil {
		return suite, fmt.Errorf("starting the %s suite: %w", s.name, err)
	}
	mem := proc.WatchMemory(ctx, test, cancel)
	exec := testjson.NewExecution()
	within, readErr := exec.Read(events, s.maxOutput)
	if !within {
		cancel() // kills the process groups
		_, _ = io.Copy(io.Discard, events)
	}
	waitErr := test.Wait()
	_ = convert.Wait()
	if readErr != nil && !errors.Is(readErr, os.ErrClosed) {
		return suite, fmt.Errorf("reading the %s suite's events: %w", s.name, readErr)
	}
	if parent.Err() != nil {
		return suite, errCanceled
	}
	killed := errors.Is(ctx.Err(), context.DeadlineExceeded)

	exitCode := 0
	var exitErr *osexec.ExitError
	if errors.As(waitErr, &exitErr) {
		exitCode = exitErr.ExitCode()
	}
	suite.Tests = m.tests(exec, s, readRecords(results), readOutcomes(judged), testOutcome{
		outputExceeded: !within, killed: killed, memoryExceeded: mem.Exceeded(), peakMemory: mem.Peak(),
		exitCode: exitCode,
	})
	suite.DurationMS = time.Since(started).Milliseconds()

	// Cross-check: every expected test passed, and the binary agreed by exiting cleanly.
	for _, tc := range suite.Tests {
		if tc.Status == report.Fail {
			suite.Status = report.Fail
		}
	}
	if suite.Status == report.Pass && (waitErr != nil || exec.Action != testjson.ActionPass) {
		suite.Status = report.Fail
		suite.Tests = append(suite.Tests, m.uncleanExit(exec))
	}
	return suite, nil
}

// pipeThrough starts test with its standard output and error going into convert, and returns
// what convert prints. Both are started, or neither is left running.
func pipeThrough(test, convert *proc.Cmd) (io.Reader, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	// The parent's copies of the pipe's ends close once both children hold theirs, so that
	// convert sees the end of its input when test exits.
	defer r.Close()
	defer w.Close()
	test.Stdout, test.Stderr = w, w
	convert.Stdin = r
	out, err := convert.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := convert.Start(); err != nil {
		return nil, err
	}
	if err := test.Start(); err != nil {
		_ = convert.Process.Kill()
		_ = convert.Wait()
		return nil, err
	}
	return out, nil
}
