package report

import "testing"

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
