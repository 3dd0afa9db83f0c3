package grader

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/grader/report"
)

// TestReferenceStability grades every challenge's reference solution many times while another
// process keeps one core busy, and fails on any verdict but accepted. It is the evidence that
// the hidden suites do not flake on a loaded machine, and too slow for the default test run:
//
//	PREP_STABILITY_RUNS=20 go test ./grader -run TestReferenceStability -v -timeout 60m
//
// PREP_STABILITY_CHALLENGES=lru,topk limits it to some challenges.
func TestReferenceStability(t *testing.T) {
	runs, _ := strconv.Atoi(os.Getenv("PREP_STABILITY_RUNS"))
	if runs <= 0 {
		t.Skip("set PREP_STABILITY_RUNS to grade each reference that many times under load")
	}
	set, err := challenges.Default()
	if err != nil {
		t.Fatal(err)
	}
	only := map[string]bool{}
	for _, n := range strings.Split(os.Getenv("PREP_STABILITY_CHALLENGES"), ",") {
		if n != "" {
			only[n] = true
		}
	}
	stop := loadOneCore(t)
	defer stop()

	for _, c := range set.All() {
		if len(only) > 0 && !only[c.Name] {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			dir := t.TempDir()
			files, err := c.ReferenceFiles()
			if err != nil {
				t.Fatal(err)
			}
			for name, data := range files {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			verdicts := map[report.Verdict]int{}
			var slowest time.Duration
			for i := 0; i < runs; i++ {
				start := time.Now()
				r, err := GradeWith(context.Background(), set, Options{Dir: dir, Challenge: c.Name})
				if err != nil {
					t.Fatal(err)
				}
				slowest = max(slowest, time.Since(start))
				verdicts[r.Verdict]++
				if !r.Passed {
					for _, s := range r.Suites {
						for _, tc := range s.Tests {
							if tc.Status != report.Pass {
								t.Logf("run %d: %s %s: %s: %s", i+1, s.Name, tc.Name, tc.Verdict, tc.Message)
							}
						}
					}
				}
			}
			t.Logf("%s: %d runs under load, verdicts %v, slowest %s", c.Name, runs, verdicts, slowest.Round(time.Millisecond))
			if verdicts[report.Accepted] != runs {
				t.Errorf("the reference of %s was not accepted every time: %v", c.Name, verdicts)
			}
		})
	}
}

// burnEnv makes the test binary, run again, spin on one core until it is killed.
const burnEnv = "PREP_TEST_BURN_CPU"

func init() {
	if os.Getenv(burnEnv) != "" {
		runtime.GOMAXPROCS(1)
		for {
		}
	}
}

// loadOneCore starts a process that keeps one core busy, and returns a function that stops it.
func loadOneCore(t *testing.T) func() {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), burnEnv+"=1")
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the load: %v", err)
	}
	return func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
}
