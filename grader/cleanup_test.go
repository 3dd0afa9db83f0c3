package grader

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// helperEnv names the submission that TestHelperGrades grades, in a process of its own.
const helperEnv = "PREP_TEST_HELPER_GRADE"

// TestHelperGrades is not a test: TestKilledGraderLeavesNothingRunning runs it in a process
// of its own, to kill that process while it grades.
func TestHelperGrades(t *testing.T) {
	dir := os.Getenv(helperEnv)
	if dir == "" {
		t.Skip("run by TestKilledGraderLeavesNothingRunning")
	}
	_, err := Grade(context.Background(), Options{Dir: dir, Challenge: toy(t), Timeout: time.Minute})
	t.Fatalf("grading ended before it was killed: %v", err)
}

// When prep itself is killed, with no chance to stop anything (kill -9, the out-of-memory
// killer), its test processes die with it, even those stuck in the package's initialisation,
// before the testing package's own timeout is armed.
func TestKilledGraderLeavesNothingRunning(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a submission")
	}
	for _, sub := range []string{"loops", "loops_in_init"} {
		t.Run(sub, func(t *testing.T) {
			cacheEnv, cache := userCacheEnv(t)
			gocache, err := exec.Command("go", "env", "GOCACHE").Output()
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperGrades$", "-test.v")
			cmd.Env = append(os.Environ(),
				helperEnv+"="+filepath.Join("testdata", "submissions", sub),
				"GOCACHE="+strings.TrimSpace(string(gocache)))
			cmd.Env = append(cmd.Env, cacheEnv...)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			// Wait for the suites to be running: a test binary of the grading folder.
			deadline := time.Now().Add(2 * time.Minute)
			for len(testProcesses(t, cache)) == 0 {
				if time.Now().After(deadline) {
					t.Fatal("no test process started")
				}
				time.Sleep(50 * time.Millisecond)
			}
			time.Sleep(200 * time.Millisecond)
			// As kill -9 would; on Windows the process ends with its handles on the grader's jobs.
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			deadline = time.Now().Add(5 * time.Second)
			for {
				survivors := testProcesses(t, cache)
				if len(survivors) == 0 {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("test processes outlived the killed grader: %q", survivors)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}

// testProcesses are the running test binaries of grading folders under cache.
func testProcesses(t *testing.T, cache string) []string {
	var out []string
	for _, p := range processesMentioning(t, cache) {
		if strings.Contains(p, ".test -test.") {
			out = append(out, p)
		}
	}
	return out
}

// A grading stopped at any point leaves no temporary folder of the go command's behind: not
// when the check finds a problem while the builds run and stops them, not on Ctrl-C during
// the builds.
func TestStoppedBuildsLeaveNoTemporaryFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a submission")
	}
	// Find the go command, and the copy of test2json prep keeps, before TMPDIR changes: the
	// first lookup of test2json on a machine asks the go command in the background, which is
	// not grading and cleans up after itself.
	if _, err := Grade(context.Background(), Options{
		Dir: filepath.Join("testdata", "submissions", "compile_error"), Challenge: toy(t),
	}); err != nil {
		t.Fatal(err)
	}
	tc, err := findToolchain(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tc.test2json.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	// TMPDIR on Unix, TMP and TEMP on Windows: the variables os.TempDir reads there.
	for _, kv := range tempDirEnv(runtime.GOOS, tmp) {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	// A problem the check finds while the builds run.
	if _, err := Grade(context.Background(), Options{
		Dir: filepath.Join("testdata", "submissions", "api_mismatch"), Challenge: toy(t),
	}); err != nil {
		t.Fatal(err)
	}
	// Ctrl-C while building.
	ctx, cancel := context.WithCancel(context.Background())
	_, err = Grade(ctx, Options{
		Dir: filepath.Join("testdata", "submissions", "correct"), Challenge: toy(t),
		Progress: func(e Event) {
			if e.Step == "building" {
				go func() { time.Sleep(150 * time.Millisecond); cancel() }()
			}
		},
	})
	if err == nil {
		t.Log("grading finished before the interruption")
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left in TMPDIR: %s", e.Name())
	}
}
