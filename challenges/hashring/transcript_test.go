package hashring

import (
	"fmt"
	"hash/crc32"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// judgePatience is how long judgeRun waits for a call until something has hung: more than
// kit.Patience, as its calls do real work, building and querying rings of up to 40,000 points
// (judgeLargeRing), where the scenarios' calls are small.
const judgePatience = 5 * time.Second

// judgeRunFailed reports a panic or a hang of what judgeRun ran, naming what it was doing, and
// whether there was one.
func judgeRunFailed(t *testing.T, panicked string, hung bool, doing string) bool {
	t.Helper()
	switch {
	case hung:
		kit.Fail(t, kit.Record{Kind: kit.TimeLimitExceeded,
			Summary: fmt.Sprintf("%s did not return within %s: %s", doing, time.Duration(judgeHungAfter.Load()), kit.WhyStuck())})
	case panicked != "":
		kit.Fail(t, kit.Record{Kind: kit.RuntimeError,
			Summary: fmt.Sprintf("%s panicked: %s%s", doing, kit.PanicMessage(panicked), kit.PanicSite(panicked, New))})
	default:
		return false
	}
	return true
}

// judgeRun calls f under the kit's watchdog and reports what kit.Catch caught, or that f did
// not return within judgePatience (kit.ShortPatience once something has hung).
func judgeRun(f func()) (panicked string, hung bool) {
	wait := kit.WaitOr(judgePatience, kit.ShortPatience)
	var p string // written by the call, so read only once it has returned
	if !kit.Within(wait, func() { p = kit.Catch(f) }) {
		// Once a call has hung, later waits are shorter: the message must give this one.
		judgeHungAfter.Store(int64(wait))
		return "", true
	}
	return p, false
}

// judgeHungAfter is how long judgeRun waited for the call that last hung.
var judgeHungAfter atomic.Int64

// judgeGate holds the race and performance suites back until judgeWorks passes.
var judgeGate = kit.Gate{Solution: "a ring", Works: judgeWorks}

// judgeWorks checks, with one goroutine and a few calls, what the race and performance suites
// take for granted: that a ring of two nodes gives every key one of them, and an empty one
// gives "". Without it a stub that does nothing would earn their points, being race-free and
// fast. It is no stricter than that, so that a mistake in the finer rules costs points in the
// correctness suite alone.
func judgeWorks(t *testing.T, context string) bool {
	t.Helper()
	var (
		empty string
		got   []string
	)
	p, hung := judgeRun(func() {
		r := New(10, crc32.ChecksumIEEE)
		empty = r.Get("k")
		r.Add("cache-1", "cache-2")
		for i := 0; i < 20; i++ {
			got = append(got, r.Get(judgeUserKey(i)))
		}
	})
	if judgeRunFailed(t, p, hung, context+`r := New(10, crc32.ChecksumIEEE); r.Get("k"); r.Add("cache-1", "cache-2"); r.Get("user:0") .. r.Get("user:19")`) {
		return false
	}
	problem := ""
	if empty != "" {
		problem = fmt.Sprintf("on an empty ring, r.Get(\"k\") returned %q, want \"\"", empty)
	}
	for i, g := range got {
		if problem == "" && g != "cache-1" && g != "cache-2" {
			problem = fmt.Sprintf("after r.Add(\"cache-1\", \"cache-2\"), r.Get(%q) returned %q, want one of the two nodes", judgeUserKey(i), g)
		}
	}
	if problem == "" {
		return true
	}
	kit.Fail(t, kit.Record{Kind: kit.WrongAnswer, Summary: context + "with one goroutine, a ring of two nodes does not work: " + problem})
	return false
}
