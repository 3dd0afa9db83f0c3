package report

import (
	"strings"
	"testing"
)

// A suite's points are shared over its top-level tests: subtests, however many a test lists,
// earn nothing of their own.
func TestFinishSharesPointsOverTopLevelTests(t *testing.T) {
	var tests []Test
	tests = append(tests, Test{Name: "TestA", Status: Fail, Verdict: WrongAnswer})
	for range 50 {
		tests = append(tests, Test{Name: "TestB/sub", Status: Pass})
	}
	tests = append(tests,
		Test{Name: "TestC/one", Status: Pass},
		Test{Name: "TestC/two", Status: Fail, Verdict: WrongAnswer},
		Test{Name: "TestD", Status: Skipped},
	)
	r := &Report{Suites: []Suite{{Name: Correctness, Status: Fail, MaxScore: 40, Tests: tests}}}
	r.Finish()
	if r.Score != 10 || r.Verdict != WrongAnswer || r.Passed {
		t.Errorf("score %d, verdict %s, passed %v; want 10 (TestB alone of 4 tests), wrong_answer, false", r.Score, r.Verdict, r.Passed)
	}
	if c := r.Suites[0].Count(); c != (Count{Tests: 4, Failed: 2, Skipped: 1}) {
		t.Errorf("Count = %+v", c)
	}
}

// A suite the machine could not run leaves the verdict to what was judged, and never a pass.
func TestFinishWithASuiteNotJudged(t *testing.T) {
	suites := func(race Status, perf Status) []Suite {
		return []Suite{
			{Name: Correctness, Status: Pass, MaxScore: 50, Tests: []Test{{Name: "TestA", Status: Pass}}},
			{Name: Race, Status: race, MaxScore: 20, Reason: "not judged on this machine: no C compiler"},
			{Name: Performance, Status: perf, MaxScore: 30, Tests: []Test{{Name: "TestP", Status: perf, Verdict: map[Status]Verdict{Fail: TooSlow}[perf]}}},
		}
	}
	for _, tc := range []struct {
		name      string
		race      Status
		perf      Status
		verdict   Verdict
		notJudged []string
		score     int
	}{
		{"race skipped, the rest passes", Skipped, Pass, Accepted, []string{Race}, 80},
		{"race skipped, performance fails", Skipped, Fail, TooSlow, nil, 50},
		{"race could not run", Error, Pass, RuntimeError, nil, 80},
		{"everything passes", Pass, Pass, Accepted, nil, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Report{Suites: suites(tc.race, tc.perf)}
			r.Finish()
			wantPassed := tc.race == Pass && tc.perf == Pass
			if r.Verdict != tc.verdict || r.Passed != wantPassed || r.Score != tc.score {
				t.Errorf("verdict %s, passed %v, score %d; want %s, %v, %d", r.Verdict, r.Passed, r.Score, tc.verdict, wantPassed, tc.score)
			}
			if got := r.NotJudged(); len(got) != len(tc.notJudged) || len(got) > 0 && got[0] != tc.notJudged[0] {
				t.Errorf("NotJudged = %v, want %v", got, tc.notJudged)
			}
		})
	}
}

// Every problem verdict ends the scorecard with a next step, and a folder's commands name it.
func TestAdvice(t *testing.T) {
	for _, v := range precedence {
		r := &Report{Verdict: v}
		got := r.Advice("lru")
		if (got == "") != (v == Accepted) {
			t.Errorf("Advice for %s = %q", v, got)
		}
	}
	r := &Report{Verdict: RaceDetected}
	if got := r.Advice("lru"); !strings.Contains(got, "`go test -race` in lru") {
		t.Errorf("race advice %q does not say where to run go test -race", got)
	}
	if got := r.Advice("."); strings.Contains(got, " in .") {
		t.Errorf("advice for the current folder names it: %q", got)
	}
	broke := &Report{Verdict: RuntimeError, Suites: []Suite{{Name: Race, Status: Error}}}
	if got := broke.Advice(""); !strings.Contains(got, "could not run") {
		t.Errorf("a suite the grader could not run gets %q", got)
	}
}
