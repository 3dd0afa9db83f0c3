// Package kit is what hidden tests share: structured failure records for the grader, shrinking
// of failing call sequences to minimal ones, and the performance harness.
//
// The grader copies this package into every temporary module beside the hidden tests, so it
// imports nothing but the standard library: grading must work offline with an empty module
// cache. Run outside the grader (this repository's own `go test ./...`), the same tests simply
// report through the testing package.
package kit

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

// ResultsEnv names the environment variable that holds the path of the file the kit appends
// its records to, one JSON object a line. The grader sets it; without it records only reach
// the test log.
const ResultsEnv = "PREP_RESULTS"

// Kinds of problem a record can name. They match the grader's verdicts.
const (
	WrongAnswer       = "wrong_answer"
	RuntimeError      = "runtime_error"       // a call panicked; tests catch it with Catch
	TimeLimitExceeded = "time_limit_exceeded" // a call never returned, as in a deadlock
	LeakDetected      = "leak_detected"
	TooSlow           = "too_slow"
	Rejected          = "rejected" // the code tampered with the grading, such as ending a test's goroutine early
)

// Record is what a hidden test tells the grader beyond pass or fail: what was called, what was
// expected and what came back, or what a performance test measured. A record can be forged by
// code in the same process, so the grader takes pass and fail from the test events and uses
// records only to explain them.
type Record struct {
	Test    string `json:"test"`
	Failed  bool   `json:"failed"`
	Kind    string `json:"kind,omitempty"`
	Summary string `json:"summary"`
	// Calls, Want and Got form a transcript of the smallest sequence of calls that shows the
	// problem: Want and Got hold one line per call, the call and what it returned.
	Want       []string `json:"want,omitempty"`
	Got        []string `json:"got,omitempty"`
	ShrunkFrom int      `json:"shrunk_from,omitempty"` // calls in the sequence before shrinking
	// Repro is a Go test that reproduces the failure, for the learner to paste.
	Repro string        `json:"repro,omitempty"`
	Perf  []Measurement `json:"perf,omitempty"`
}

var writeMu sync.Mutex

// Emit appends r to the results file, when the grader asked for one.
func Emit(t testing.TB, r Record) {
	t.Helper()
	r.Test = t.Name()
	path := os.Getenv(ResultsEnv)
	if path == "" {
		return
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("kit: encoding record: %v", err)
	}
	writeMu.Lock()
	defer writeMu.Unlock()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		t.Logf("kit: cannot write results: %v", err)
		return
	}
	defer f.Close()
	if _, err := f.Write(append(b, '\n')); err != nil {
		t.Logf("kit: cannot write results: %v", err)
	}
}

// Fail records r as a failure and fails the test with a readable message.
func Fail(t testing.TB, r Record) {
	t.Helper()
	r.Failed = true
	if r.Kind == "" {
		r.Kind = WrongAnswer
	}
	Emit(t, r)
	t.Error(r.Text())
}

// Text renders a record as plain text, for the test log.
func (r Record) Text() string {
	var b strings.Builder
	b.WriteString(r.Summary)
	if len(r.Want) > 0 || len(r.Got) > 0 {
		if r.ShrunkFrom > len(r.Got) {
			fmt.Fprintf(&b, "\nsmallest failing sequence (shrunk from %d calls):", r.ShrunkFrom)
		}
		b.WriteString("\nwant:\n")
		for _, l := range r.Want {
			b.WriteString("    " + l + "\n")
		}
		b.WriteString("got:\n")
		for _, l := range r.Got {
			b.WriteString("    " + l + "\n")
		}
	}
	if r.Repro != "" {
		b.WriteString("\nreproduce with:\n" + r.Repro)
	}
	return strings.TrimRight(b.String(), "\n")
}
