package render

import "github.com/prep-judge/prep/grader/report"

// The reports the golden files are rendered from, built by hand to cover every shape a
// scorecard takes. Their messages copy what the grader and the kit produce (the kit's
// want/got transcripts and repro snippets, go-cmp diffs, race reports, compiler errors), so
// that indentation, tabs and blank lines are exercised as they occur in real runs. Each
// function returns a fresh report, and calls Finish as the grader does, so that scores and
// verdicts are the ones the grader would compute.

// fixture names a report for golden files.
type fixture struct {
	name   string
	report func() *report.Report
}

var fixtures = []fixture{
	{"accepted", acceptedReport},
	{"wrong_answer", wrongAnswerReport},
	{"race_detected", raceReport},
	{"too_slow", tooSlowReport},
	{"compile_error", compileErrorReport},
	{"suite_error", suiteErrorReport},
	{"race_not_judged", raceNotJudgedReport},
}

func passing(names ...string) []report.Test {
	ts := make([]report.Test, len(names))
	for i, n := range names {
		ts[i] = report.Test{Name: n, Status: report.Pass, DurationMS: int64(2 + 3*i)}
	}
	return ts
}

var correctnessNames = []string{
	"TestGetMissing", "TestPutThenGet", "TestOverwrite", "TestEvictionOrder", "TestGetRefreshes",
	"TestCapacityOne", "TestKeys", "TestLen", "TestRandomSequences",
}

func getMeasurement() report.Measurement {
	return report.Measurement{
		Operation: "Get", Expected: "O(1)", Observed: "O(1)",
		Sizes:      []int{100, 1000, 10000, 100000},
		NsPerOp:    []float64{31.2, 33.8, 40.1, 48.3},
		RefNsPerOp: []float64{25.4, 27.1, 31.0, 36.2},
		Growth:     1.5, RefGrowth: 1.4, Slowdown: 1.3,
		AllocsPerOp: 0, RefAllocsPerOp: 0,
		Passed: true,
		Reason: "Get grows like O(1) as expected: size x1000 -> time x1.5 (reference x1.4); at most 1.3x the reference's time",
	}
}

func putMeasurement() report.Measurement {
	return report.Measurement{
		Operation: "Put", Expected: "O(1)", Observed: "O(1)",
		Sizes:      []int{100, 1000, 10000, 100000},
		NsPerOp:    []float64{58, 61.5, 70.2, 83.9},
		RefNsPerOp: []float64{52.3, 55, 61.8, 71.4},
		Growth:     1.4, RefGrowth: 1.4, Slowdown: 1.2,
		AllocsPerOp: 1, RefAllocsPerOp: 1,
		Passed: true,
		Reason: "Put grows like O(1) as expected: size x1000 -> time x1.4 (reference x1.4); at most 1.2x the reference's time",
	}
}

func acceptedReport() *report.Report {
	correctness := passing(correctnessNames...)
	correctness[8].Message = "checked 2000 random sequences of up to 64 calls against the reference"
	get, put := getMeasurement(), putMeasurement()
	r := &report.Report{
		Challenge: "lru", Title: "LRU cache", Dir: "lru", DurationMS: 2614,
		Suites: []report.Suite{
			{Name: report.Correctness, Status: report.Pass, MaxScore: 50, DurationMS: 412, Tests: correctness},
			{Name: report.Race, Status: report.Pass, MaxScore: 20, DurationMS: 1203, Tests: passing("TestConcurrentGetPut")},
			{Name: report.Performance, Status: report.Pass, MaxScore: 30, DurationMS: 904, Tests: []report.Test{{
				Name: "TestGrowth", Status: report.Pass, DurationMS: 871,
				Message:      "Get: " + get.Reason + "\nPut: " + put.Reason,
				Measurements: []report.Measurement{get, put},
			}}},
		},
	}
	r.Finish()
	return r
}

// The kit's transcript of a shrunk failing sequence, with the Go test it suggests.
const evictionMessage = `Get(2) returned a key that should have been evicted
smallest failing sequence (shrunk from 48 calls):
want:
    New(2)
    Put(1, 10)
    Put(2, 20)
    Get(1) = 10, true
    Put(3, 30)
    Get(2) = 0, false
got:
    New(2)
    Put(1, 10)
    Put(2, 20)
    Get(1) = 10, true
    Put(3, 30)
    Get(2) = 20, true

reproduce with:
func TestRepro(t *testing.T) {
	c := New(2)
	c.Put(1, 10)
	c.Put(2, 20)
	c.Get(1)
	c.Put(3, 30)
	if v, ok := c.Get(2); ok {
		t.Errorf("Get(2) = %d, true; want 0, false", v)
	}
}

`

// A go-cmp diff, whose lines align with tabs after their - and + prefixes.
const keysMessage = "Keys() after Put(1), Put(2), Put(3), Get(1) mismatch (-want +got):\n" +
	"  []int{\n" +
	"- \t1,\n" +
	"  \t3,\n" +
	"+ \t1,\n" +
	"  \t2,\n" +
	"  }\n"

func wrongAnswerReport() *report.Report {
	correctness := passing(correctnessNames...)
	correctness[3] = report.Test{Name: "TestEvictionOrder", Status: report.Fail, Verdict: report.WrongAnswer, DurationMS: 3, Message: evictionMessage}
	correctness[6] = report.Test{Name: "TestKeys", Status: report.Fail, Verdict: report.WrongAnswer, DurationMS: 1, Message: keysMessage}
	get, put := getMeasurement(), putMeasurement()
	r := &report.Report{
		Challenge: "lru", Title: "LRU cache", Dir: ".", DurationMS: 2480,
		Suites: []report.Suite{
			{Name: report.Correctness, Status: report.Fail, MaxScore: 50, DurationMS: 388, Tests: correctness},
			{Name: report.Race, Status: report.Pass, MaxScore: 20, DurationMS: 1150, Tests: passing("TestConcurrentGetPut")},
			{Name: report.Performance, Status: report.Pass, MaxScore: 30, DurationMS: 902, Tests: []report.Test{{
				Name: "TestGrowth", Status: report.Pass, DurationMS: 866,
				Message:      "Get: " + get.Reason + "\nPut: " + put.Reason,
				Measurements: []report.Measurement{get, put},
			}}},
		},
	}
	r.Finish()
	return r
}

// The grader's explanation of a race report, cut down to the learner's code.
const raceMessage = "data race: a write in lru.(*LRUCache).Put at lru.go:41 conflicts with a read in " +
	"lru.(*LRUCache).Get at lru.go:27 in another goroutine\n" +
	"guard the shared state with a sync.Mutex (or use channels or sync/atomic) in every method that touches it"

func raceReport() *report.Report {
	get, put := getMeasurement(), putMeasurement()
	r := &report.Report{
		Challenge: "lru", Title: "LRU cache", Dir: "lru", DurationMS: 2597,
		Suites: []report.Suite{
			{Name: report.Correctness, Status: report.Pass, MaxScore: 50, DurationMS: 409, Tests: passing(correctnessNames...)},
			{Name: report.Race, Status: report.Fail, MaxScore: 20, DurationMS: 1204, Tests: []report.Test{{
				Name: "TestConcurrentGetPut", Status: report.Fail, Verdict: report.RaceDetected, DurationMS: 1187, Message: raceMessage,
			}}},
			{Name: report.Performance, Status: report.Pass, MaxScore: 30, DurationMS: 899, Tests: []report.Test{{
				Name: "TestGrowth", Status: report.Pass, DurationMS: 860,
				Message:      "Get: " + get.Reason + "\nPut: " + put.Reason,
				Measurements: []report.Measurement{get, put},
			}}},
		},
	}
	r.Finish()
	return r
}

func tooSlowReport() *report.Report {
	get := getMeasurement()
	put := report.Measurement{
		Operation: "Put", Expected: "O(1)", Observed: "O(n)",
		Sizes:      []int{100, 1000, 10000, 100000},
		NsPerOp:    []float64{412, 3870, 41250, 402800},
		RefNsPerOp: []float64{52.3, 55, 61.8, 71.4},
		Growth:     978, RefGrowth: 1.4, Slowdown: 5641,
		AllocsPerOp: 2, RefAllocsPerOp: 1,
		Reason: "Put grows like O(n), expected O(1): size x1000 -> time x978 (reference x1.4)",
	}
	r := &report.Report{
		Challenge: "lru", Title: "LRU cache", Dir: "practice/lru-slow", DurationMS: 1840,
		Suites: []report.Suite{
			{Name: report.Correctness, Status: report.Pass, MaxScore: 50, DurationMS: 402, Tests: passing(correctnessNames...)},
			{Name: report.Race, Status: report.Pass, MaxScore: 20, DurationMS: 1197, Tests: passing("TestConcurrentGetPut")},
			{Name: report.Performance, Status: report.Fail, MaxScore: 30, DurationMS: 1230, Tests: []report.Test{{
				Name: "TestGrowth", Status: report.Fail, Verdict: report.TooSlow, DurationMS: 1194,
				// The kit logs every measurement, then fails with each failing reason.
				Message:      "Get: " + get.Reason + "\nPut: " + put.Reason + "\n" + put.Reason,
				Measurements: []report.Measurement{get, put},
			}}},
		},
	}
	r.Finish()
	return r
}

func compileErrorReport() *report.Report {
	skipped := func(name string, points int) report.Suite {
		return report.Suite{Name: name, Status: report.Skipped, MaxScore: points, Reason: "the code does not compile"}
	}
	r := &report.Report{
		Challenge: "lru", Title: "LRU cache", Dir: "./broken/", DurationMS: 380,
		Suites: []report.Suite{
			skipped(report.Correctness, 50), skipped(report.Race, 20), skipped(report.Performance, 30),
		},
		Diagnostics: []report.Diagnostic{
			{File: "lru.go", Line: 44, Column: 35, Message: "undefined: lis", Verdict: report.CompileError},
			{File: "lru.go", Line: 52, Column: 1, Message: "missing return", Verdict: report.CompileError},
			{File: "evict.go", Line: 12, Column: 8, Message: "not enough arguments in call to c.remove\n\thave ()\n\twant (*entry)", Verdict: report.CompileError},
		},
	}
	r.Finish()
	return r
}

func suiteErrorReport() *report.Report {
	correctness := passing(correctnessNames...)
	correctness[8] = report.Test{Name: "TestRandomSequences", Status: report.Skipped, DurationMS: 0, Message: "skipped: -short is set"}
	get, put := getMeasurement(), putMeasurement()
	r := &report.Report{
		Challenge: "lru", Title: "LRU cache", Dir: "lru", DurationMS: 31200,
		Suites: []report.Suite{
			{Name: report.Correctness, Status: report.Pass, MaxScore: 50, DurationMS: 415, Tests: correctness},
			{Name: report.Race, Status: report.Error, MaxScore: 20, DurationMS: 30002,
				Reason: "go test -race: signal: killed\nthe race detector needs several times the memory of a plain run; free some memory and submit again"},
			{Name: report.Performance, Status: report.Pass, MaxScore: 30, DurationMS: 910, Tests: []report.Test{{
				Name: "TestGrowth", Status: report.Pass, DurationMS: 870,
				Message:      "Get: " + get.Reason + "\nPut: " + put.Reason,
				Measurements: []report.Measurement{get, put},
			}}},
		},
	}
	r.Finish()
	return r
}

// raceNotJudgedReport is a correct solution graded on a machine without the C compiler the
// race detector needs: the race suite is skipped before it is built, and says how to get it.
func raceNotJudgedReport() *report.Report {
	r := acceptedReport()
	race := r.Suite(report.Race)
	race.Status, race.DurationMS = report.Skipped, 0
	race.Reason = "this machine cannot build it: Go's race detector needs a C compiler on windows, and the one the go command would use (`gcc`, from `go env CC`) is not on your PATH; to judge the race suite, install gcc, for example with MSYS2 (`pacman -S mingw-w64-ucrt-x86_64-gcc`) or from https://jmeubank.github.io/tdm-gcc/, and put its bin folder on your PATH, then submit again"
	race.Tests = []report.Test{{Name: "TestConcurrentGetPut", Status: report.Skipped, Message: "not run: " + race.Reason}}
	r.Finish()
	return r
}

// multiReports is what `prep ci` grades in a practice repo: one folder passes, one is too
// slow, one does not compile.
func multiReports() []*report.Report {
	return []*report.Report{acceptedReport(), tooSlowReport(), compileErrorReport()}
}
