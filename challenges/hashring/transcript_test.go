package hashring

import (
	"fmt"
	"hash/crc32"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// A ring that loops for ever or deadlocks would hold a test until the suite's time limit and
// leave no message. Calls outside scenarios run on their own goroutine through judgeRun
// instead, and one that has not returned after judgePatience is reported as hung. Once one
// call has hung, the rest of the suite waits less, so that every test still gets to report.
const (
	judgePatience      = 5 * time.Second
	judgeShortPatience = 250 * time.Millisecond
)

var judgeHung atomic.Bool

func judgeWait() time.Duration {
	if judgeHung.Load() {
		return judgeShortPatience
	}
	return judgePatience
}

// judgeRun calls f on a goroutine of its own and reports what kit.Catch caught, or that f did
// not return within judgeWait.
func judgeRun(f func()) (panicked string, hung bool) {
	done := make(chan string, 1)
	go func() { done <- kit.Catch(f) }()
	wait := judgeWait()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case p := <-done:
		return p, false
	case <-timer.C:
		// Once a call has hung, later waits are shorter: the message must give this one.
		judgeHungAfter.Store(int64(wait))
		judgeHung.Store(true)
		return "", true
	}
}

// judgeHungAfter is how long judgeRun waited for the call that last hung.
var judgeHungAfter atomic.Int64

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
			Summary: fmt.Sprintf("%s panicked: %s%s", doing, judgePanicMessage(panicked), judgePanicSite(panicked))})
	default:
		return false
	}
	return true
}

// judgePackage prefixes the names of the solution's functions in a stack trace.
var judgePackage = strings.TrimSuffix(runtime.FuncForPC(reflect.ValueOf(New).Pointer()).Name(), "New")

// judgePanicMessage is the first line of what kit.Catch caught: the panic's value.
func judgePanicMessage(caught string) string {
	first, _, _ := strings.Cut(caught, "\n")
	return strings.TrimPrefix(first, "panic: ")
}

// judgePanicSite names where in the solution's own files the panic happened, as
// " (at hashring.go:31, in (*Ring).Get)", or "" when no frame of the stack is in them.
func judgePanicSite(caught string) string {
	lines := strings.Split(caught, "\n")
	for i := 1; i+1 < len(lines); i++ {
		fn, loc := strings.TrimSpace(lines[i]), strings.TrimSpace(lines[i+1])
		if !strings.HasPrefix(fn, judgePackage) || !strings.Contains(loc, ".go:") {
			continue
		}
		if j := strings.LastIndex(loc, " +0x"); j >= 0 {
			loc = loc[:j]
		}
		if j := strings.LastIndex(loc, ":"); j >= 0 && strings.HasSuffix(loc[:j], "_test.go") {
			continue
		}
		fn = strings.TrimPrefix(fn, judgePackage)
		if j := strings.LastIndex(fn, "("); j > 0 {
			fn = fn[:j]
		}
		return fmt.Sprintf(" (at %s, in %s)", filepath.Base(loc), fn)
	}
	return ""
}

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
