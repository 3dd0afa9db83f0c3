package grader

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/grader/report"
)

// toySet is a challenge made for testing the grader itself: small, fast, and with a
// submission in testdata/submissions for every verdict.
func toySet(t *testing.T) *challenges.Set {
	t.Helper()
	set, err := challenges.Load(os.DirFS("testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// toy is the toy challenge of testdata, which the grader's own tests grade against.
func toy(t *testing.T) *challenges.Challenge { return challengeIn(t, toySet(t), "toy") }

// challengeIn looks name up in set.
func challengeIn(t *testing.T, set *challenges.Set, name string) *challenges.Challenge {
	t.Helper()
	c, err := set.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestToyVerdicts(t *testing.T) {
	if testing.Short() {
		t.Skip("grades real submissions")
	}
	set := toySet(t)
	skipped := [3]report.Status{report.Skipped, report.Skipped, report.Skipped}
	cases := []struct {
		dir     string
		verdict report.Verdict
		suites  [3]report.Status
		// maxScore bounds the score; diags are file:line places that must each have a
		// diagnostic.
		maxScore int
		diags    []string
	}{
		{dir: "correct", verdict: report.Accepted, suites: [3]report.Status{report.Pass, report.Pass, report.Pass}, maxScore: 100},
		{dir: "wrong", verdict: report.WrongAnswer, suites: [3]report.Status{report.Fail, report.Fail, report.Fail}, maxScore: 100},
		{dir: "racy", verdict: report.RaceDetected, suites: [3]report.Status{report.Pass, report.Fail, report.Pass}, maxScore: 100},
		{dir: "slow", verdict: report.TooSlow, suites: [3]report.Status{report.Pass, report.Pass, report.Fail}, maxScore: 100},
		{dir: "panics", verdict: report.RuntimeError, suites: [3]report.Status{report.Fail, report.Pass, report.Pass}, maxScore: 100},
		{dir: "loops", verdict: report.TimeLimitExceeded, suites: [3]report.Status{report.Fail, report.Pass, report.Pass}, maxScore: 100},
		{dir: "noisy", verdict: report.OutputLimitExceeded, suites: [3]report.Status{report.Fail, report.Pass, report.Pass}, maxScore: 100},
		{dir: "hogs", verdict: report.MemoryLimitExceeded, suites: [3]report.Status{report.Fail, report.Pass, report.Pass}, maxScore: 100},
		{dir: "exits", verdict: report.Rejected, suites: [3]report.Status{report.Skipped, report.Skipped, report.Skipped}, maxScore: 100},
		{dir: "linkname", verdict: report.Rejected, suites: [3]report.Status{report.Skipped, report.Skipped, report.Skipped}, maxScore: 100},
		{dir: "build_tag", verdict: report.Rejected, suites: [3]report.Status{report.Skipped, report.Skipped, report.Skipped}, maxScore: 100},
		{dir: "embeds", verdict: report.Rejected, suites: [3]report.Status{report.Skipped, report.Skipped, report.Skipped}, maxScore: 100},
		{dir: "platform_file", verdict: report.Rejected, suites: [3]report.Status{report.Skipped, report.Skipped, report.Skipped}, maxScore: 100},
		{dir: "fake_output", verdict: report.WrongAnswer, suites: [3]report.Status{report.Fail, report.Pass, report.Pass}, maxScore: 100},
		{dir: "name_clash", verdict: report.CompileError, suites: [3]report.Status{report.Skipped, report.Skipped, report.Skipped}, maxScore: 100},
		{dir: "compile_error", verdict: report.CompileError, suites: [3]report.Status{report.Skipped, report.Skipped, report.Skipped}, maxScore: 100},
		{dir: "api_mismatch", verdict: report.APIMismatch, suites: [3]report.Status{report.Skipped, report.Skipped, report.Skipped}, maxScore: 100},
		{dir: "wrong_package", verdict: report.APIMismatch, suites: [3]report.Status{report.Skipped, report.Skipped, report.Skipped}, maxScore: 100},

		// Tampering with the grading, one class a case (see the README's threat model).
		{dir: "race_only_file", verdict: report.Rejected, suites: skipped, maxScore: 0, diags: []string{"cheat.go:1:1", "cheat.go:5:8"}},
		{dir: "plain_only_file", verdict: report.Rejected, suites: skipped, maxScore: 0, diags: []string{"cheat.go:1:1", "cheat.go:5:8"}},
		{dir: "line_directive", verdict: report.Rejected, suites: skipped, maxScore: 0, diags: []string{"toy.go:1:1", "toy.go:5:2"}},
		{dir: "other_platform", verdict: report.Rejected, suites: skipped, maxScore: 0, diags: []string{"toy_windows.go"}},
		{dir: "norace", verdict: report.Rejected, suites: skipped, maxScore: 0, diags: []string{"toy.go:6:1"}},
		{dir: "go_debug", verdict: report.Rejected, suites: skipped, maxScore: 0, diags: []string{"toy.go:1:1"}},
		{dir: "knows_caller", verdict: report.Rejected, suites: skipped, maxScore: 0, diags: []string{"toy.go:20", "toy.go:22", "toy.go:23", "toy.go:31", "toy.go:32", "toy.go:33", "toy.go:34"}},
		{dir: "knows_suite", verdict: report.Rejected, suites: skipped, maxScore: 0, diags: []string{"toy.go:13", "toy.go:18", "toy.go:28", "toy.go:29"}},
		{dir: "goexit", verdict: report.Rejected, suites: skipped, maxScore: 0, diags: []string{"toy.go:19:11"}},
		{dir: "case_test_name", verdict: report.Rejected, suites: skipped, maxScore: 0, diags: []string{"Correctness_Test.go"}},
		{dir: "short_name", verdict: report.Rejected, suites: skipped, maxScore: 0, diags: []string{"CORREC~1.go"}},
		{dir: "phantom_tests", verdict: report.WrongAnswer, suites: [3]report.Status{report.Fail, report.Fail, report.Fail}, maxScore: 16},
		{dir: "late_pass", verdict: report.WrongAnswer, suites: [3]report.Status{report.Fail, report.Pass, report.Pass}, maxScore: 83},
		{dir: "lazy_when_timed", verdict: report.WrongAnswer, suites: [3]report.Status{report.Pass, report.Pass, report.Fail}, maxScore: 70},
		{dir: "leak_via_init", verdict: report.LeakDetected, suites: [3]report.Status{report.Fail, report.Pass, report.Pass}, maxScore: 83},
		{dir: "leak_via_timer", verdict: report.LeakDetected, suites: [3]report.Status{report.Fail, report.Pass, report.Pass}, maxScore: 83},
	}
	for _, tc := range cases {
		t.Run(tc.dir, func(t *testing.T) {
			start := time.Now()
			r, err := Grade(context.Background(), Options{
				Dir: filepath.Join("testdata", "submissions", tc.dir), Challenge: challengeIn(t, set, "toy"), Timeout: 5 * time.Second,
			})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.MarshalIndent(r, "", "  ")
			t.Logf("%s in %s:\n%s", tc.dir, time.Since(start), b)
			if r.Verdict != tc.verdict {
				t.Errorf("verdict = %s, want %s", r.Verdict, tc.verdict)
			}
			for i, want := range tc.suites {
				if got := r.Suites[i].Status; got != want {
					t.Errorf("suite %s = %s, want %s", r.Suites[i].Name, got, want)
				}
			}
			if r.Score > tc.maxScore {
				t.Errorf("score = %d, want at most %d", r.Score, tc.maxScore)
			}
			for _, place := range tc.diags {
				found := false
				for _, d := range r.Diagnostics {
					found = found || strings.HasPrefix(d.String(), place+":")
				}
				if !found {
					t.Errorf("no diagnostic at %s", place)
				}
			}
		})
	}
}

// TestGradesOffline grades with no module cache and no proxy: everything the hidden tests
// import must travel inside prep.
func TestGradesOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a submission")
	}
	t.Setenv("GOMODCACHE", t.TempDir())
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	r, err := Grade(context.Background(), Options{
		Dir: filepath.Join("testdata", "submissions", "correct"), Challenge: toy(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != report.Accepted {
		t.Errorf("verdict offline = %s, want accepted", r.Verdict)
	}
}

// TestCancelCleansUp interrupts grading while a suite runs, as Ctrl-C does, and checks that
// grading stops promptly, reports the interruption, and leaves no process or folder behind.
func TestCancelCleansUp(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a submission")
	}
	// A grading folder of its own, to look for leftovers in; the build cache stays the real
	// one, which also lives under the cache folder.
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOCACHE", strings.TrimSpace(string(gocache)))
	cache := isolateUserCache(t)
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{}, 4)
	var cancelled time.Time
	go func() {
		<-started
		time.Sleep(300 * time.Millisecond) // into the suites
		cancelled = time.Now()
		cancel()
	}()
	_, err = Grade(ctx, Options{
		Dir: filepath.Join("testdata", "submissions", "loops"), Challenge: toy(t), Timeout: time.Minute,
		Progress: func(e Event) {
			if e.Step == "running" {
				started <- struct{}{}
			}
		},
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want one wrapping context.Canceled", err)
	}
	if took := time.Since(cancelled); took > 5*time.Second {
		t.Errorf("grading took %s to stop after the interruption", took)
	}
	// The looping test binary must be gone with its process group.
	if survivors := processesMentioning(t, cache); len(survivors) > 0 {
		t.Errorf("test processes survived the interruption: %q", survivors)
	}
	entries, _ := filepath.Glob(filepath.Join(cache, "prep", "work", "toy-*"))
	for _, e := range entries {
		if !strings.HasSuffix(e, ".lock") {
			t.Errorf("the grading folder %s was left behind", e)
		}
	}
}

// TestLeavesFilesAlone checks that grading changes no file in the learner's folder, whatever
// the verdict.
func TestLeavesFilesAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a submission")
	}
	for _, sub := range []string{"correct", "compile_error", "panics"} {
		dir := t.TempDir()
		src, err := os.ReadFile(filepath.Join("testdata", "submissions", sub, "toy.go"))
		if err != nil {
			t.Fatal(err)
		}
		mine := []byte("package toy\n\nimport \"testing\"\n\nfunc TestMine(t *testing.T) {}\n")
		files := map[string][]byte{"toy.go": src, "toy_test.go": mine, "notes.txt": []byte("mine")}
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		before := snapshot(t, dir)
		if _, err := Grade(context.Background(), Options{Dir: dir, Challenge: toy(t)}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
			t.Errorf("grading %s changed the folder (-before +after):\n%s", sub, diff)
		}
	}
}

// snapshot maps every file under dir to its contents and mode.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			out[rel] = "dir " + info.Mode().String()
			return nil
		}
		b, err := os.ReadFile(path)
		out[rel] = info.Mode().String() + " " + string(b) + " " + info.ModTime().String()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A limit the correctness suite reached explains the limits the other suites then run into,
// and the verdict names it: here a memory limit, echoed by a race suite out of time.
func TestExplainInLight(t *testing.T) {
	r := &report.Report{Suites: []report.Suite{
		{Name: report.Correctness, Status: report.Fail, MaxScore: 50, Tests: []report.Test{
			{Name: "TestA", Status: report.Pass},
			{Name: "TestB", Status: report.Fail, Verdict: report.MemoryLimitExceeded, Message: "used more than 512 MiB"},
		}},
		{Name: report.Race, Status: report.Fail, MaxScore: 20, Tests: []report.Test{
			{Name: "TestC", Status: report.Fail, Verdict: report.TimeLimitExceeded, Message: "calls were still running"},
			{Name: "TestD", Status: report.Fail, Verdict: report.RaceDetected, Message: "data race"},
		}},
		{Name: report.Performance, Status: report.Fail, MaxScore: 30, Tests: []report.Test{
			{Name: "TestE", Status: report.Fail, Verdict: report.TooSlow, Message: "Put is too slow"},
		}},
	}}
	explainInLight(r)
	r.Finish()
	if r.Verdict != report.MemoryLimitExceeded {
		t.Errorf("verdict = %s, want memory_limit_exceeded", r.Verdict)
	}
	c, d, e := r.Suites[1].Tests[0], r.Suites[1].Tests[1], r.Suites[2].Tests[0]
	if c.Verdict != report.MemoryLimitExceeded || !strings.Contains(c.Message, "follows from what the correctness suite found in TestB") || !strings.Contains(c.Message, "calls were still running") {
		t.Errorf("the race suite's time limit: %s %q", c.Verdict, c.Message)
	}
	if d.Verdict != report.RaceDetected {
		t.Errorf("a data race is a finding of its own, not an echo: %s", d.Verdict)
	}
	if e.Verdict != report.MemoryLimitExceeded {
		t.Errorf("the performance suite's slowness: %s", e.Verdict)
	}
}

// TestGradesWithoutARaceToolchain grades on a machine as many learners' are: no C compiler
// on the PATH, and CGO_ENABLED=0 in the environment. Correctness and performance are graded
// as usual; the race suite is skipped before anything is built, with the step that gets it
// back; nothing vouches for it, so the submission has not passed.
func TestGradesWithoutARaceToolchain(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a submission")
	}
	if runtime.GOOS == "darwin" {
		t.Skip("the race detector needs no C compiler on macOS")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	// A PATH with the go command on it and nothing else.
	bin := t.TempDir()
	name := "go"
	if runtime.GOOS == "windows" {
		name = "go.exe"
	}
	if err := os.Symlink(goCmd, filepath.Join(bin, name)); err != nil {
		// Windows lets only administrators and developer mode make symbolic links. A copy
		// serves as well, once told its GOROOT, which it cannot find from where it lies.
		goroot, gerr := exec.Command(goCmd, "env", "GOROOT").Output()
		if gerr != nil {
			t.Fatalf("go env GOROOT: %v", gerr)
		}
		if cerr := copyFile(goCmd, filepath.Join(bin, name)); cerr != nil {
			t.Skipf("cannot link the go command (%v) nor copy it (%v)", err, cerr)
		}
		t.Setenv("GOROOT", strings.TrimSpace(string(goroot)))
	}
	t.Setenv("PATH", bin)
	t.Setenv("CGO_ENABLED", "0")
	t.Setenv("CC", "")

	r, err := Grade(context.Background(), Options{
		Dir: filepath.Join("testdata", "submissions", "correct"), Challenge: toy(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Suites {
		want := report.Pass
		if s.Name == report.Race {
			want = report.Skipped
		}
		if s.Status != want {
			t.Errorf("%s suite: %s (%s), want %s", s.Name, s.Status, s.Reason, want)
		}
	}
	race := r.Suite(report.Race)
	for _, w := range []string{"C compiler", "not on your PATH", installCompiler(runtime.GOOS)} {
		if !strings.Contains(race.Reason, w) {
			t.Errorf("the race suite's reason %q does not say %q", race.Reason, w)
		}
	}
	// The contract: a suite that did not run says why in its tests' messages.
	if len(race.Tests) == 0 {
		t.Error("the skipped race suite lists no tests")
	}
	for _, test := range race.Tests {
		if test.Status != report.Skipped || !strings.Contains(test.Message, race.Reason) {
			t.Errorf("race test %s: %s %q, want skipped with the suite's reason", test.Name, test.Status, test.Message)
		}
	}
	if r.Verdict != report.Accepted || r.Passed || r.Score != r.MaxScore-race.MaxScore {
		t.Errorf("verdict %s, passed %v, score %d/%d; want accepted, not passed, all but the race suite's %d points",
			r.Verdict, r.Passed, r.Score, r.MaxScore, race.MaxScore)
	}
	for _, step := range r.Timings {
		if strings.Contains(step.Step, "race") {
			t.Errorf("a race build was attempted (%q): the missing compiler must be found before building", step.Step)
		}
	}
}

// copyFile copies the file at from to a new executable file at to.
func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
