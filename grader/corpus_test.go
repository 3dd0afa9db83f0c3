package grader

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/grader/render"
	"github.com/prep-judge/prep/grader/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

// corpusDir holds learners' submissions of every kind, one folder per challenge and case:
//
//	testdata/CHALLENGE/CASE/*.go          the submission
//	testdata/CHALLENGE/CASE/expect.json   the verdict and suite statuses it must get (by hand)
//	testdata/CHALLENGE/CASE/scorecard.txt the text scorecard (golden, -update rewrites it)
//	testdata/CHALLENGE/CASE/report.json   the JSON report (golden)
const corpusDir = "../testdata"

// expectation is what a submission must get, written by hand so that -update cannot quietly
// bless a wrong verdict.
type expectation struct {
	Verdict report.Verdict  `json:"verdict"`
	Suites  []report.Status `json:"suites"` // correctness, race, performance
	// Varies, when set, says why the race suite's findings differ from run to run: the bug
	// shows only when goroutines truly run at once, and which test meets it first, and how,
	// is the scheduler's choice. The verdict and the statuses must still come out the same;
	// the golden files leave out the race suite's tests and the scores.
	Varies string `json:"varies,omitempty"`
	// FiguresVary, when set, says why which of the performance harness's findings comes
	// first differs from run to run (a fill stopped at one size on a busy machine, the
	// growth shown by two sizes on a quiet one): the golden files then keep only the
	// performance suite's verdicts, not its reasons, while its status is compared every run.
	FiguresVary string `json:"figures_vary,omitempty"`
}

// TestCorpus grades every submission in the corpus with the embedded challenges and compares
// the verdicts with the expectations and the scorecards with the golden files.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("grades every submission in the corpus")
	}
	set, err := challenges.Default()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := filepath.Glob(filepath.Join(corpusDir, "*", "*", "expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("the corpus is empty")
	}
	for _, exp := range cases {
		dir := filepath.Dir(exp)
		challenge := filepath.Base(filepath.Dir(dir))
		t.Run(challenge+"/"+filepath.Base(dir), func(t *testing.T) {
			var want expectation
			b, err := os.ReadFile(exp)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatalf("%s: %v", exp, err)
			}
			r, err := Grade(context.Background(), Options{Dir: dir, Challenge: challengeIn(t, set, challenge)})
			if err != nil {
				t.Fatal(err)
			}
			got := expectation{Verdict: r.Verdict, Varies: want.Varies, FiguresVary: want.FiguresVary}
			for _, s := range r.Suites {
				got.Suites = append(got.Suites, s.Status)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("verdict and suites (-want +got):\n%s", diff)
				var text bytes.Buffer
				_ = (render.Text{}).Print(&text, r)
				t.Logf("scorecard:\n%s", text.String())
			}
			normalize(r)
			if want.Varies != "" {
				maskScheduled(r)
			}
			if want.FiguresVary != "" {
				maskMeasurements(r)
			}
			r.Dir = filepath.Join("testdata", challenge, filepath.Base(dir))
			for _, g := range []struct{ format, file string }{{"text", "scorecard.txt"}, {"json", "report.json"}} {
				p, err := render.New(g.format, render.Options{})
				if err != nil {
					t.Fatal(err)
				}
				var out bytes.Buffer
				if err := p.Print(&out, r); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join(dir, g.file), out.Bytes())
			}
		})
	}
}

var (
	// logTime is the date and time the log package puts before a line by default.
	logTime = regexp.MustCompile(`\d{4}/\d\d/\d\d \d\d:\d\d:\d\d `)
	ratio   = regexp.MustCompile(`x\d+(\.\d+)?|\d+(\.\d+)?x`)
	// stoppedAt is the size at which the harness stopped a slow solution's fill or ran out of
	// time: the allowance is a multiple of the reference's own fill, so on a busy machine the
	// same solution may be stopped a size later.
	stoppedAt = regexp.MustCompile(`(to|at) size \d+ (took over|used up)`)
	duration  = regexp.MustCompile(`\d+(\.\d+)?(ns|µs|us|ms|s)\b`)

	memoryHeld  = regexp.MustCompile(`\(\d+ MiB when it was stopped\)`)
	printedSize = regexp.MustCompile(`printed \d+(\.\d+)? [KMG]?i?B while`)
	runningCall = regexp.MustCompile(`\(goroutine \d+ in .*?\)\); it is still running`)
)

// normalize removes from a report what differs from run to run: durations, performance
// figures, and the details of race reports (which access the detector catches first depends
// on scheduling). Verdicts, statuses, scores and every other message stay.
func normalize(r *report.Report) {
	r.DurationMS = 0
	r.Timings = nil
	for i := range r.Suites {
		s := &r.Suites[i]
		s.DurationMS = 0
		for j := range s.Tests {
			tc := &s.Tests[j]
			tc.DurationMS = 0
			if tc.Verdict == report.RaceDetected {
				tc.Message = "(race report)"
			}
			if s.Name == report.Performance {
				tc.Message = maskFigures(tc.Message)
			}
			tc.Message = logTime.ReplaceAllString(tc.Message, "<log time> ")
			tc.Message = maskMeasured(tc.Message)
			if s.Name == report.Performance && strings.Contains(tc.Message, printingIsSlow) {
				// Whether the harness measured the solution to the end or its printing reached
				// the output limit first depends on how many calls it had time for.
				tc.Message, tc.Measurements = "(too slow: "+printingIsSlow+")", nil
			}
			for k := range tc.Measurements {
				m := &tc.Measurements[k]
				*m = report.Measurement{
					Operation: m.Operation, Expected: m.Expected, Observed: m.Observed,
					Passed: m.Passed, Reason: maskFigures(m.Reason),
				}
			}
		}
	}
}

// maskMeasured leaves out what prep measured at the moment it stopped a test, which a busy
// machine changes: how much memory the process held, how much it had printed, and where a
// goroutine that was still running happened to be. The cause each names stays.
func maskMeasured(msg string) string {
	msg = memoryHeld.ReplaceAllString(msg, "(<size> when it was stopped)")
	msg = printedSize.ReplaceAllString(msg, "printed <size> while")
	msg = runningCall.ReplaceAllString(msg, "(goroutine N in <a call>); it is still running")
	if !strings.Contains(msg, "it is still running, not waiting") {
		return msg
	}
	// Of a running goroutine's frames in the solution, only the outermost, the method the
	// test called, is the same on every run.
	var out, frames []string
	inBlock := false
	for _, line := range strings.Split(msg, "\n") {
		switch {
		case strings.HasSuffix(line, "running at:"):
			inBlock = true
			out = append(out, line)
		case inBlock && (strings.Contains(line, "(the tests' code)") || strings.Contains(line, "started by")):
			if len(frames) > 0 {
				out = append(out, frames[len(frames)-1])
			}
			frames, inBlock = nil, false
			out = append(out, line)
		case inBlock:
			frames = append(frames, line)
		default:
			out = append(out, line)
		}
	}
	return strings.Join(append(out, frames...), "\n")
}

// maskMeasurements leaves out of a report the reasons of the performance suite's findings,
// keeping each test's verdict and each operation's pass or fail.
func maskMeasurements(r *report.Report) {
	s := r.Suite(report.Performance)
	for i := range s.Tests {
		tc := &s.Tests[i]
		tc.Message = "(" + string(tc.Verdict) + ")"
		for k := range tc.Measurements {
			m := &tc.Measurements[k]
			*m = report.Measurement{Operation: m.Operation, Expected: m.Expected, Observed: "(varies)", Passed: m.Passed}
		}
	}
}

// maskScheduled leaves out of a report what the scheduler decides for a submission whose bug
// only concurrency shows: the race suite's tests and its score, and so the total.
func maskScheduled(r *report.Report) {
	s := r.Suite(report.Race)
	r.Score -= s.Score
	s.Score = 0
	s.Tests = []report.Test{{Name: "(varies with scheduling)", Status: s.Status}}
}

func maskFigures(s string) string {
	s = ratio.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "x") {
			return "xN"
		}
		return "Nx"
	})
	s = stoppedAt.ReplaceAllString(s, "$1 size N $2")
	// The unit goes too: the same wait reads 250ms on one run and 1.2s on a slower one.
	return duration.ReplaceAllString(s, "<time>")
}

// golden compares got with the golden file, or rewrites it under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update || os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./grader -update` to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); if the change is intended, run `go test ./grader -update`:\n%s", path, diff)
	}
}

func TestMaskFigures(t *testing.T) {
	for in, want := range map[string]string{
		"Get grows like O(n), expected O(1): size x100 -> time x37 (reference x1.4)":                                           "Get grows like O(n), expected O(1): size xN -> time xN (reference xN)",
		"Put is too slow: bringing the structure to size 10000 took over 503ms, where the reference took 1.9ms; O(1) per call": "Put is too slow: bringing the structure to size N took over <time>, where the reference took <time>; O(1) per call",
		"Put is too slow: measuring it at size 1000 used up the time the performance suite allows":                             "Put is too slow: measuring it at size N used up the time the performance suite allows",
	} {
		if got := maskFigures(in); got != want {
			t.Errorf("maskFigures(%q) =\n%q, want\n%q", in, got, want)
		}
	}
}
