package grader

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

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

func TestToyVerdicts(t *testing.T) {
	if testing.Short() {
		t.Skip("grades real submissions")
	}
	set := toySet(t)
	cases := []struct {
		dir     string
		verdict report.Verdict
		suites  [3]report.Status
	}{
		{"correct", report.Accepted, [3]report.Status{report.Pass, report.Pass, report.Pass}},
		{"wrong", report.WrongAnswer, [3]report.Status{report.Fail, report.Fail, report.Pass}},
		{"racy", report.RaceDetected, [3]report.Status{report.Pass, report.Fail, report.Pass}},
		{"slow", report.TooSlow, [3]report.Status{report.Pass, report.Pass, report.Fail}},
		{"panics", report.RuntimeError, [3]report.Status{report.Fail, report.Pass, report.Pass}},
		{"loops", report.TimeLimitExceeded, [3]report.Status{report.Fail, report.Pass, report.Pass}},
		{"noisy", report.OutputLimitExceeded, [3]report.Status{report.Fail, report.Pass, report.Pass}},
		{"hogs", report.MemoryLimitExceeded, [3]report.Status{report.Fail, report.Pass, report.Pass}},
		{"exits", report.Rejected, [3]report.Status{report.Skipped, report.Skipped, report.Skipped}},
		{"linkname", report.Rejected, [3]report.Status{report.Skipped, report.Skipped, report.Skipped}},
		{"build_tag", report.Rejected, [3]report.Status{report.Skipped, report.Skipped, report.Skipped}},
		{"embeds", report.Rejected, [3]report.Status{report.Skipped, report.Skipped, report.Skipped}},
		{"platform_file", report.Rejected, [3]report.Status{report.Skipped, report.Skipped, report.Skipped}},
		{"fake_output", report.WrongAnswer, [3]report.Status{report.Fail, report.Pass, report.Pass}},
		{"name_clash", report.CompileError, [3]report.Status{report.Skipped, report.Skipped, report.Skipped}},
		{"compile_error", report.CompileError, [3]report.Status{report.Skipped, report.Skipped, report.Skipped}},
		{"api_mismatch", report.APIMismatch, [3]report.Status{report.Skipped, report.Skipped, report.Skipped}},
		{"wrong_package", report.APIMismatch, [3]report.Status{report.Skipped, report.Skipped, report.Skipped}},
	}
	for _, tc := range cases {
		t.Run(tc.dir, func(t *testing.T) {
			start := time.Now()
			r, err := GradeWith(context.Background(), set, Options{
				Dir: filepath.Join("testdata", "submissions", tc.dir), Challenge: "toy", Timeout: 5 * time.Second,
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
	r, err := GradeWith(context.Background(), toySet(t), Options{
		Dir: filepath.Join("testdata", "submissions", "correct"), Challenge: "toy",
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != report.Accepted {
		t.Errorf("verdict offline = %s, want accepted", r.Verdict)
	}
}
