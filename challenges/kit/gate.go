package kit

import "testing"

// A Gate holds back the suites that judge more than whether a solution works (the race and
// performance suites) until it passes a small check of what they take for granted. Without it a
// stub that does nothing would earn their points, being race-free and fast. The check should be
// no stricter than that, so that a mistake in the finer rules costs points in the correctness
// suite alone.
//
// A challenge declares its gate once, beside its check:
//
//	var judgeGate = kit.Gate{Solution: "a cache", Works: judgeWorks}
//
// and each test of those suites starts by passing it:
//
//	func TestGrowth(t *testing.T) {
//		judgeGate.Performance(t)
//		kit.Measure(t, ...)
//	}
type Gate struct {
	// Solution names what the learner wrote, with its article, as the statement calls it:
	// "a cache", "an executor", "a Run".
	Solution string
	// Works runs the check with one goroutine. It reports each mistake through t, its message
	// after context (which says why the test stops there), and returns whether none was found.
	Works func(t *testing.T, context string) bool
}

// Performance ends the test, failed, unless the solution passes the gate's check; its mistakes
// read "performance is measured only on <Solution> that works: ...".
func (g Gate) Performance(t *testing.T) {
	t.Helper()
	g.Require(t, "performance is measured only on "+g.Solution+" that works: ")
}

// Concurrency ends the test, failed, unless the solution passes the gate's check; its mistakes
// read "concurrent use is tested only on <Solution> that works with one goroutine: ...".
func (g Gate) Concurrency(t *testing.T) {
	t.Helper()
	g.Require(t, "concurrent use is tested only on "+g.Solution+" that works with one goroutine: ")
}

// Require ends the test, failed, unless the solution passes the gate's check, its mistakes
// reported after context: for a test whose reason to stop is said in words of its own.
func (g Gate) Require(t *testing.T, context string) {
	t.Helper()
	if !g.Works(t, context) {
		t.FailNow()
	}
}
