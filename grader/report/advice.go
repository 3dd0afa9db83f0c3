package report

// The advice a scorecard closes with lives beside the verdicts it follows from.

// Advice suggests the next step after the report's verdict: where to look and which command
// shows more. dir is the graded folder as the user would type it again ("lru"), for the
// commands it suggests; "" or "." for the current one.
func (r *Report) Advice(dir string) string {
	in := ""
	if dir != "" && dir != "." {
		in = " in " + dir
	}
	if len(r.NotJudged()) > 0 {
		return "do what the reason above says on this machine, or submit on one that can judge every suite (CI, say)"
	}
	switch r.Verdict {
	case CompileError:
		return "start with the first error: the ones after it often follow from it"
	case APIMismatch:
		return "keep the names and signatures of the stub that `prep start` wrote"
	case Rejected:
		return "the message above names what the rules forbid; remove it and submit again"
	case WrongAnswer:
		return "turn the failing calls above into a test of your own and run `go test`" + in
	case RuntimeError:
		if !r.testFound(RuntimeError) && r.suiteBroke() {
			// No test crashed: the verdict stands for a suite the grader could not run.
			return "a suite could not run, for the reason shown beside it; submit again"
		}
		return "start from the first place in your code listed above: that is where it went wrong"
	case TimeLimitExceeded:
		return "look for a lock never released, a channel nobody reads or a loop that never ends"
	case MemoryLimitExceeded:
		return "look for data that only grows: entries never evicted, slices never trimmed"
	case OutputLimitExceeded:
		return "remove the debugging prints"
	case RaceDetected:
		return "run `go test -race`" + in + ": it shows both accesses and the goroutines that made them"
	case LeakDetected:
		return "make sure every goroutine you start has returned before your method does, and that what expires or is removed is let go"
	case TooSlow:
		return "if your times grow faster than the reference's, change the algorithm; if they are only higher, trim the work per call"
	}
	return ""
}

// testFound says whether a test reported the verdict.
func (r *Report) testFound(v Verdict) bool {
	for _, s := range r.Suites {
		for _, t := range s.Tests {
			if t.Verdict == v {
				return true
			}
		}
	}
	return false
}

// suiteBroke says whether the grader could not run a suite.
func (r *Report) suiteBroke() bool {
	for _, s := range r.Suites {
		if s.Status == Error {
			return true
		}
	}
	return false
}
