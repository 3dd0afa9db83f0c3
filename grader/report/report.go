// Package report defines the result of grading one submission: the value the grader returns
// and every renderer prints. Its JSON form is the "prep.report/v1" document of the outside
// contract, so field names and the order of suites and verdicts here are fixed: add fields, never
// rename or remove one without a new schema value.
package report

import (
	"fmt"
	"slices"
	"strings"
)

// Schema names the version of the JSON report.
const Schema = "prep.report/v1"

// Verdict is the overall judgement of a submission: the first problem found, or Accepted.
type Verdict string

// The verdicts of the contract, in the order in which they take precedence.
const (
	CompileError        Verdict = "compile_error"
	APIMismatch         Verdict = "api_mismatch"
	Rejected            Verdict = "rejected"
	WrongAnswer         Verdict = "wrong_answer"
	RuntimeError        Verdict = "runtime_error"
	TimeLimitExceeded   Verdict = "time_limit_exceeded"
	MemoryLimitExceeded Verdict = "memory_limit_exceeded"
	OutputLimitExceeded Verdict = "output_limit_exceeded"
	RaceDetected        Verdict = "race_detected"
	LeakDetected        Verdict = "leak_detected"
	TooSlow             Verdict = "too_slow"
	Accepted            Verdict = "accepted"
)

// precedence lists the problem verdicts first to last; Accepted is the absence of all of them.
var precedence = []Verdict{
	CompileError, APIMismatch, Rejected, WrongAnswer, RuntimeError, TimeLimitExceeded,
	MemoryLimitExceeded, OutputLimitExceeded, RaceDetected, LeakDetected, TooSlow, Accepted,
}

// Rank orders verdicts by precedence: a lower rank is reported first. Unknown verdicts rank
// just before Accepted so that they are never hidden behind a pass.
func (v Verdict) Rank() int {
	if i := slices.Index(precedence, v); i >= 0 {
		return i
	}
	return len(precedence) - 1
}

// First returns the verdict that takes precedence among vs, or Accepted when vs is empty.
func First(vs ...Verdict) Verdict {
	best := Accepted
	for _, v := range vs {
		if v != "" && v.Rank() < best.Rank() {
			best = v
		}
	}
	return best
}

// Describe says in a few words what a verdict means to the person reading a scorecard.
func (v Verdict) Describe() string {
	switch v {
	case CompileError:
		return "the code does not compile"
	case APIMismatch:
		return "the code does not declare the API the challenge asks for"
	case Rejected:
		return "the code uses something the rules forbid"
	case WrongAnswer:
		return "a result differs from the expected one"
	case RuntimeError:
		return "the code panicked or crashed"
	case TimeLimitExceeded:
		return "a test ran past its time limit"
	case MemoryLimitExceeded:
		return "a test used more memory than allowed"
	case OutputLimitExceeded:
		return "the code printed more output than allowed"
	case RaceDetected:
		return "the race detector found a data race"
	case LeakDetected:
		return "something the code started or stored was never released: goroutines still running, or memory kept"
	case TooSlow:
		return "correct, but slower or growing faster than required"
	case Accepted:
		return "every suite passed"
	}
	return string(v)
}

// Status is the outcome of a suite or a test.
type Status string

// The statuses of the contract.
const (
	Pass    Status = "pass"
	Fail    Status = "fail"
	Skipped Status = "skipped"
	Error   Status = "error" // the grader itself could not run it
)

// The suites every report holds, in this order.
const (
	Correctness = "correctness"
	Race        = "race"
	Performance = "performance"
)

// SuiteNames lists the suites in report order.
var SuiteNames = []string{Correctness, Race, Performance}

// Report is the result of grading one submission.
type Report struct {
	Schema      string       `json:"schema"`
	Challenge   string       `json:"challenge"`
	Title       string       `json:"title,omitempty"` // from the challenge's metadata, such as "LRU cache"; empty when unknown
	Passed      bool         `json:"passed"`
	Verdict     Verdict      `json:"verdict"`
	Score       int          `json:"score"`
	MaxScore    int          `json:"max_score"`
	DurationMS  int64        `json:"duration_ms"`
	Suites      []Suite      `json:"suites"`
	Diagnostics []Diagnostic `json:"diagnostics"`
	// Notes say what the grader could not do on this machine, such as enforce a limit.
	Notes []string `json:"notes,omitempty"`
	// Timings say where the time went, step by step, in the order the steps started.
	Timings []Timing `json:"timings,omitempty"`

	// Dir is the graded folder as the user named it; it is not part of the JSON document.
	Dir string `json:"-"`
}

// Suite is one hidden suite's result.
type Suite struct {
	Name     string `json:"name"`
	Status   Status `json:"status"`
	Score    int    `json:"score"`
	MaxScore int    `json:"max_score"`
	Tests    []Test `json:"tests"`
	// Reason says why a suite was skipped or could not run.
	Reason     string `json:"reason,omitempty"`
	DurationMS int64  `json:"duration_ms"`
}

// Test is one hidden test's result.
type Test struct {
	Name       string `json:"name"`
	Status     Status `json:"status"`
	Message    string `json:"message"`
	DurationMS int64  `json:"duration_ms"`
	// Verdict is the problem this test found, empty when it passed.
	Verdict Verdict `json:"verdict,omitempty"`
	// Measurements are the figures a performance test decided on.
	Measurements []Measurement `json:"measurements,omitempty"`
}

// Measurement is what a performance test measured for one operation.
type Measurement struct {
	Operation      string    `json:"operation"`
	Expected       string    `json:"expected"` // the complexity the challenge asks for, e.g. "O(1)"
	Observed       string    `json:"observed"` // the complexity the growth suggests
	Sizes          []int     `json:"sizes"`
	NsPerOp        []float64 `json:"ns_per_op"`     // the solution's cost per call at each size
	RefNsPerOp     []float64 `json:"ref_ns_per_op"` // the reference's cost per call at each size
	Growth         float64   `json:"growth"`        // solution cost at the largest size over the smallest
	RefGrowth      float64   `json:"ref_growth"`    // the same for the reference
	Slowdown       float64   `json:"slowdown"`      // the solution's cost over the reference's, at the worst size
	AllocsPerOp    float64   `json:"allocs_per_op"`
	RefAllocsPerOp float64   `json:"ref_allocs_per_op"`
	BytesPerOp     []float64 `json:"bytes_per_op,omitempty"`     // bytes allocated per call at the smallest and the largest size
	RefBytesPerOp  []float64 `json:"ref_bytes_per_op,omitempty"` // the same for the reference
	// Passes is how many times the sizes were measured: more than once when the first figures
	// lay too near a line to decide on.
	Passes int    `json:"passes,omitempty"`
	Passed bool   `json:"passed"`
	Reason string `json:"reason"` // one sentence: why it passed or failed
}

// Timing is one step of grading: when it started, from the start of grading, and how long it
// took. Steps overlap where they run in parallel.
type Timing struct {
	Step       string `json:"step"`
	StartMS    int64  `json:"start_ms"`
	DurationMS int64  `json:"duration_ms"`
}

// Diagnostic points at a place in the user's code.
type Diagnostic struct {
	File    string `json:"file"` // relative to the graded folder
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
	// Verdict names the problem the diagnostic belongs to, such as compile_error.
	Verdict Verdict `json:"verdict,omitempty"`
}

// String formats a diagnostic the way compilers do: file:line:column: message.
func (d Diagnostic) String() string {
	switch {
	case d.File == "":
		return d.Message
	case d.Line == 0:
		return fmt.Sprintf("%s: %s", d.File, d.Message)
	case d.Column == 0:
		return fmt.Sprintf("%s:%d: %s", d.File, d.Line, d.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Column, d.Message)
}

// TopLevel returns the top-level test a test or subtest belongs to: TestGet for TestGet/empty.
func TopLevel(name string) string {
	top, _, _ := strings.Cut(name, "/")
	return top
}

// Count is how many top-level tests a suite ran and how they ended, for a line that sums the
// suite up. A test listed by several failing subtests counts once, as the score does.
type Count struct {
	Tests, Failed, Skipped int
}

// Count counts the suite's top-level tests: a test failed when any of its entries failed or
// could not run, and was skipped when all of them were.
func (s Suite) Count() Count {
	status := map[string]Status{}
	var tops []string
	for _, t := range s.Tests {
		top := TopLevel(t.Name)
		prev, seen := status[top]
		switch {
		case !seen:
			tops = append(tops, top)
			status[top] = t.Status
		case t.Status == Fail || t.Status == Error:
			status[top] = Fail
		case prev == Skipped:
			status[top] = t.Status
		}
	}
	c := Count{Tests: len(tops)}
	for _, top := range tops {
		switch status[top] {
		case Fail, Error:
			c.Failed++
		case Skipped:
			c.Skipped++
		}
	}
	return c
}

// Suite returns the suite with the given name, or nil.
func (r *Report) Suite(name string) *Suite {
	for i := range r.Suites {
		if r.Suites[i].Name == name {
			return &r.Suites[i]
		}
	}
	return nil
}

// Finish fills the fields that follow from the suites and diagnostics: the verdict, the
// scores and whether the submission passed. A suite's score is its points shared out over its
// top-level tests, the ones its hidden file declares, so a learner sees progress before
// everything passes; a test's subtests are listed to explain it, but share no points, since
// how many there are is for the test to decide (and for printed output to pretend).
func (r *Report) Finish() {
	r.Schema = Schema
	if r.Diagnostics == nil {
		r.Diagnostics = []Diagnostic{}
	}
	var found []Verdict
	for _, d := range r.Diagnostics {
		found = append(found, d.Verdict)
	}
	r.Score, r.MaxScore = 0, 0
	for i := range r.Suites {
		s := &r.Suites[i]
		if s.Tests == nil {
			s.Tests = []Test{}
		}
		for _, t := range s.Tests {
			if t.Status == Fail {
				found = append(found, t.Verdict)
			}
		}
		// A top-level test counts as passed when some of it passed and nothing failed.
		c := s.Count()
		n, tops := c.Tests-c.Failed-c.Skipped, c.Tests
		switch {
		case s.Status == Pass:
			s.Score = s.MaxScore
		case tops > 0 && s.Status == Fail:
			s.Score = s.MaxScore * n / tops
		default:
			s.Score = 0
		}
		r.Score += s.Score
		r.MaxScore += s.MaxScore
	}
	r.Verdict = First(found...)
	allPass := len(r.Suites) > 0
	for _, s := range r.Suites {
		if s.Status != Pass {
			allPass = false
		}
	}
	if allPass && r.Verdict == Accepted {
		r.Passed = true
		return
	}
	r.Passed = false
	if r.Verdict == Accepted && len(r.NotJudged()) == 0 {
		// A suite failed without a test saying why (the grader could not run it, say): the
		// submission must not pass, and the verdict must not claim it did.
		r.Verdict = RuntimeError
	}
}

// Summary says in a few words what the report's verdict means: Describe's words, except
// where a suite was not judged, when "accepted" alone would claim more than was checked.
func (r *Report) Summary() string {
	if names := r.NotJudged(); len(names) > 0 {
		return fmt.Sprintf("no problem found, but the %s %s not judged on this machine, so this is not yet a pass",
			strings.Join(names, " and "), map[bool]string{true: "suite was", false: "suites were"}[len(names) == 1])
	}
	return r.Verdict.Describe()
}

// NotJudged names the suites that did not run although nothing stopped them: the machine
// could not run them (the race suite without a C compiler, say; each suite's Reason says
// why). Then no problem was found in what was judged, so the verdict stays Accepted, but the
// submission has not passed: nothing vouches for what was not run. It is empty once a
// problem is found or a suite failed or could not run.
func (r *Report) NotJudged() []string {
	if r.Verdict != Accepted && r.Verdict != "" {
		return nil
	}
	var names []string
	for _, s := range r.Suites {
		switch s.Status {
		case Pass:
		case Skipped:
			names = append(names, s.Name)
		default:
			return nil
		}
	}
	for _, d := range r.Diagnostics {
		if d.Verdict != "" && d.Verdict != Accepted {
			return nil
		}
	}
	return names
}
