package grader

import (
	"context"
	"encoding/json"
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

// TestStability is the evidence that verdicts do not flake on a loaded machine. For every
// challenge it grades the reference solution, and every submission in the corpus that is
// expected to be accepted or found too slow, many times while another process keeps one core
// busy; then it prints how often each verdict came up, and fails if any submission's verdict
// ever changed or differed from the expected one. It is too slow for the default test run:
//
//	PREP_STABILITY_RUNS=20 go test ./grader -run TestStability -v -timeout 90m
//
// PREP_STABILITY_CHALLENGES=lru,topk limits it to some challenges.
func TestStability(t *testing.T) {
	runs, _ := strconv.Atoi(os.Getenv("PREP_STABILITY_RUNS"))
	if runs <= 0 {
		t.Skip("set PREP_STABILITY_RUNS to grade each solution that many times under load")
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

	// The summary: how many solutions were graded, and how many of them ever changed verdict.
	var solutions, changed, gradings int
	defer func() {
		t.Logf("stability: %d solutions graded %d times each (%d gradings) with one core busy: %d changed verdict",
			solutions, runs, gradings, changed)
	}()
	for _, c := range set.All() {
		if len(only) > 0 && !only[c.Name] {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			for _, sub := range stabilitySubjects(t, c) {
				verdicts := map[report.Verdict]int{}
				var slowest, perf time.Duration
				for i := 0; i < runs; i++ {
					start := time.Now()
					r, err := Grade(context.Background(), Options{Dir: sub.dir, Challenge: c})
					if err != nil {
						t.Fatal(err)
					}
					slowest = max(slowest, time.Since(start))
					perf = max(perf, time.Duration(r.Suite(report.Performance).DurationMS)*time.Millisecond)
					verdicts[r.Verdict]++
					if r.Verdict != sub.want {
						for _, s := range r.Suites {
							for _, tc := range s.Tests {
								if tc.Status != report.Pass {
									t.Logf("%s run %d: %s %s: %s: %s", sub.name, i+1, s.Name, tc.Name, tc.Verdict, tc.Message)
								}
							}
						}
					}
				}
				t.Logf("%-12s %-22s %d runs under load: %v; slowest grading %s, slowest performance suite %s",
					c.Name, sub.name, runs, verdicts, slowest.Round(time.Millisecond), perf.Round(time.Millisecond))
				solutions++
				gradings += runs
				if verdicts[sub.want] != runs {
					changed++
					t.Errorf("%s %s: verdicts %v, want %s every time", c.Name, sub.name, verdicts, sub.want)
				}
			}
		})
	}
}

type stabilitySubject struct {
	name string
	dir  string
	want report.Verdict
}

// stabilitySubjects are a challenge's reference, and its corpus submissions that are expected
// to be accepted or too slow: the ones whose verdict rests on measurement.
func stabilitySubjects(t *testing.T, c *challenges.Challenge) []stabilitySubject {
	t.Helper()
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
	subs := []stabilitySubject{{"reference", dir, report.Accepted}}
	cases, _ := filepath.Glob(filepath.Join(corpusDir, c.Name, "*", "expect.json"))
	for _, exp := range cases {
		var want expectation
		b, err := os.ReadFile(exp)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		if want.Verdict == report.Accepted || want.Verdict == report.TooSlow {
			d := filepath.Dir(exp)
			subs = append(subs, stabilitySubject{filepath.Base(d), d, want.Verdict})
		}
	}
	return subs
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
