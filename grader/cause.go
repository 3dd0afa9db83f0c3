package grader

import (
	"fmt"
	"slices"

	"github.com/prep-judge/prep/grader/report"
)

// One mistake often fails several suites, each in its own way: a Put that allocates 64 MiB
// runs out of memory in the correctness suite, and out of time in the race suite, where the
// race detector makes the same code several times slower. The verdict must name the cause,
// not its echo. The correctness suite runs the code plainly, one call at a time, so what it
// finds is the most basic finding; a limit the other suites then run into is explained in its
// light.

// basicLimits are the correctness suite's findings that explain a limit another suite reaches.
var basicLimits = []report.Verdict{report.TimeLimitExceeded, report.MemoryLimitExceeded, report.OutputLimitExceeded}

// echoes are what another suite reports when it runs into the same cause.
var echoes = []report.Verdict{report.TimeLimitExceeded, report.MemoryLimitExceeded, report.OutputLimitExceeded, report.TooSlow}

// explainInLight gives the race and performance suites' failures that echo a limit the
// correctness suite reached that finding's verdict, and says so in their messages.
func explainInLight(r *report.Report) {
	basic, ok := basicFinding(r.Suite(report.Correctness))
	if !ok {
		return
	}
	for _, name := range []string{report.Race, report.Performance} {
		s := r.Suite(name)
		if s == nil {
			continue
		}
		for i := range s.Tests {
			t := &s.Tests[i]
			if t.Status != report.Fail || !slices.Contains(echoes, t.Verdict) || t.Verdict == basic.Verdict {
				continue
			}
			t.Message = fmt.Sprintf("this follows from what the correctness suite found in %s (%s), here under %s: fix that first\n\n%s",
				basic.Name, basic.Verdict.Describe(), how[name], t.Message)
			t.Verdict = basic.Verdict
		}
	}
}

// how says what is different about a suite's run, that makes the same cause show otherwise.
var how = map[string]string{
	report.Race:        "the race detector, which makes code several times slower and larger",
	report.Performance: "the performance suite's many calls",
}

// basicFinding returns the correctness suite's first failing test whose verdict is a limit.
func basicFinding(s *report.Suite) (report.Test, bool) {
	if s == nil {
		return report.Test{}, false
	}
	for _, t := range s.Tests {
		if t.Status == report.Fail && slices.Contains(basicLimits, t.Verdict) {
			return t, true
		}
	}
	return report.Test{}, false
}
