package kit

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// These tests start goroutines and look for them in stack dumps, so none of them runs in
// parallel with another.

// ids returns the goroutines' IDs.
func ids(gs []Goroutine) []int64 {
	var out []int64
	for _, g := range gs {
		out = append(out, g.ID)
	}
	return out
}

// goroutineID returns the ID of the goroutine that calls it.
func goroutineID() int64 { return currentGoroutine() }

// blocker starts goroutines that wait until the test ends: its cleanup releases them and
// waits until they have exited, so that no test leaves one behind for the next to find.
type blocker struct {
	release chan struct{}
	exited  sync.WaitGroup
}

func newBlocker(t *testing.T) *blocker {
	b := &blocker{release: make(chan struct{})}
	t.Cleanup(func() {
		close(b.release)
		b.exited.Wait()
	})
	return b
}

// start starts a goroutine that waits until the test ends, and returns its ID.
func (b *blocker) start() int64 {
	id := make(chan int64)
	b.exited.Add(1)
	go func() {
		defer b.exited.Done()
		id <- goroutineID()
		<-b.release
	}()
	return <-id
}

func TestLeakedFindsABlockedGoroutine(t *testing.T) {
	b := newBlocker(t)

	c := StartLeakCheck()
	blocked := b.start()
	leaked := c.Leaked(50 * time.Millisecond)
	if !slices.Equal(ids(leaked), []int64{blocked}) {
		t.Fatalf("Leaked() = goroutines %v, want [%d]", ids(leaked), blocked)
	}
	g := leaked[0]
	if g.State != "chan receive" {
		t.Errorf("State = %q, want %q", g.State, "chan receive")
	}
	if g.Parent != goroutineID() {
		t.Errorf("Parent = %d, want %d, the test's goroutine", g.Parent, goroutineID())
	}
	if !strings.HasSuffix(g.CreatedBy.Func, "kit.(*blocker).start") || filepath.Base(g.CreatedBy.File) != "leak_test.go" {
		t.Errorf("CreatedBy = %+v, want kit.(*blocker).start in leak_test.go", g.CreatedBy)
	}
}

func TestLeakedWaitsForExitingGoroutines(t *testing.T) {
	c := StartLeakCheck()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * 10 * time.Millisecond)
		}()
	}
	start := time.Now()
	if leaked := c.Leaked(5 * time.Second); len(leaked) > 0 {
		t.Fatalf("Leaked() = goroutines %v, want none: they all exit within 30ms", ids(leaked))
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Leaked took %s: it should return as soon as the goroutines have exited", d)
	}
	wg.Wait()
}

func TestLeakedReturnsAtOnceWhenNothingLeaked(t *testing.T) {
	c := StartLeakCheck()
	start := time.Now()
	if leaked := c.Leaked(5 * time.Second); len(leaked) > 0 {
		t.Fatalf("Leaked() = goroutines %v, want none", ids(leaked))
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Leaked took %s with nothing started", d)
	}
}

// Goroutines that existed before the snapshot, and goroutines started meanwhile by goroutines
// that are not part of the call, are never the call's.
func TestLeakedIgnoresOtherGoroutines(t *testing.T) {
	b := newBlocker(t)

	b.start() // before the snapshot
	// A server goroutine, older than the snapshot, that starts a goroutine when asked.
	requests := make(chan chan int64)
	b.exited.Add(1)
	go func() {
		defer b.exited.Done()
		for reply := range requests {
			reply <- b.start()
		}
	}()
	defer close(requests)

	c := StartLeakCheck()
	reply := make(chan int64)
	requests <- reply
	serverChild := <-reply
	mine := b.start()
	leaked := c.Leaked(50 * time.Millisecond)
	if !slices.Equal(ids(leaked), []int64{mine}) {
		t.Fatalf("Leaked() = goroutines %v, want only [%d]: goroutine %d was started by a goroutine older than the check", ids(leaked), mine, serverChild)
	}
}

// A goroutine started by a goroutine of the call that has exited since, as workers started by
// a dispatcher, is the call's.
func TestLeakedFollowsExitedStarters(t *testing.T) {
	b := newBlocker(t)

	c := StartLeakCheck()
	grandchild := make(chan int64)
	go func() { grandchild <- b.start() }()
	want := <-grandchild
	leaked := c.Leaked(50 * time.Millisecond)
	if !slices.Equal(ids(leaked), []int64{want}) {
		t.Fatalf("Leaked() = goroutines %v, want [%d], started by a goroutine of the call that has exited", ids(leaked), want)
	}
}

// The call may run on another goroutine than the check: the goroutine that took the snapshot
// is the one whose call is checked, even after it has exited.
func TestLeakedOfACallOnAnotherGoroutine(t *testing.T) {
	b := newBlocker(t)

	type started struct {
		c  *LeakCheck
		id int64
	}
	ch := make(chan started)
	go func() {
		c := StartLeakCheck()
		ch <- started{c, b.start()}
	}()
	s := <-ch
	b.start() // the test's own, after the snapshot: not the call's
	leaked := s.c.Leaked(50 * time.Millisecond)
	if !slices.Equal(ids(leaked), []int64{s.id}) {
		t.Fatalf("Leaked() = goroutines %v, want [%d]", ids(leaked), s.id)
	}
}

// recorder is a testing.TB that keeps the errors reported to it, so that a test can check
// that CheckLeaks fails a test, without failing itself.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Error(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprint(args...))
}

func TestCheckLeaksFailsWithALeakRecord(t *testing.T) {
	results := filepath.Join(t.TempDir(), "results.jsonl")
	t.Setenv(ResultsEnv, results)
	b := newBlocker(t)

	r := &recorder{TB: t}
	done := CheckLeaks(r, "Start(3)")
	b.start()
	b.start()
	if done() {
		t.Fatal("CheckLeaks reported no leak; two goroutines are still blocked")
	}
	if len(r.errors) != 1 {
		t.Fatalf("CheckLeaks reported %d errors, want 1: %q", len(r.errors), r.errors)
	}
	const head = "Start(3) returned, but 2 goroutines it started are still running:\n  2 goroutines blocked [chan receive] at:\n"
	if !strings.HasPrefix(r.errors[0], head) {
		t.Errorf("the error starts %q, want %q", r.errors[0], head)
	}
	data, err := os.ReadFile(results)
	if err != nil {
		t.Fatal(err)
	}
	var rec Record
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatalf("reading the record %q: %v", data, err)
	}
	if rec.Kind != LeakDetected || !rec.Failed || !strings.HasPrefix(rec.Summary, head) {
		t.Errorf("record = %+v, want a failure of kind %q whose summary starts %q", rec, LeakDetected, head)
	}
}

func TestCheckLeaksPassesWithoutLeak(t *testing.T) {
	r := &recorder{TB: t}
	done := CheckLeaks(r, "Start(3)")
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done() }()
	wg.Wait()
	if !done() || len(r.errors) > 0 {
		t.Fatalf("CheckLeaks reported a leak: %q", r.errors)
	}
}

// dump is a stack dump as runtime.Stack writes it, from a worker pool whose workers block
// sending their results after Map has returned. Paths are those of a grading module.
const dump = `goroutine 7 [running]:
github.com/prep-judge/prep/challenges/kit.Goroutines()
	/cache/prep/work/workerpool-0/challenges/kit/leak.go:300 +0x6f
github.com/prep-judge/prep/challenges/workerpool.TestErrors(0xc000102820)
	/cache/prep/work/workerpool-0/challenges/workerpool/correctness_test.go:61 +0x4c
testing.tRunner(0xc000102820, 0x5c8f10)
	/usr/local/go/src/testing/testing.go:1792 +0xf4
created by testing.(*T).Run in goroutine 1
	/usr/local/go/src/testing/testing.go:1851 +0x413

goroutine 21 [chan send, 2 minutes]:
github.com/prep-judge/prep/challenges/workerpool.Map.func1()
	/cache/prep/work/workerpool-0/challenges/workerpool/workerpool.go:31 +0x8a
created by github.com/prep-judge/prep/challenges/workerpool.Map in goroutine 20
	/cache/prep/work/workerpool-0/challenges/workerpool/workerpool.go:25 +0x1d2

goroutine 22 gp=0xc000003a40 m=nil [chan send]:
github.com/prep-judge/prep/challenges/workerpool.Map.func1()
	/cache/prep/work/workerpool-0/challenges/workerpool/workerpool.go:31 +0x8a
created by github.com/prep-judge/prep/challenges/workerpool.Map in goroutine 20
	/cache/prep/work/workerpool-0/challenges/workerpool/workerpool.go:25 +0x1d2

goroutine 23 [select]:
runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/proc.go:435 +0xce
runtime.selectgo(0xc00005bf28, 0xc00005bf00, 0x0?, 0x0, 0x0?, 0x1)
	/usr/local/go/src/runtime/select.go:351 +0x837
github.com/prep-judge/prep/challenges/workerpool.judgeBlock(...)
	/cache/prep/work/workerpool-0/challenges/workerpool/harness_test.go:88
github.com/prep-judge/prep/challenges/workerpool.judgeTracker.fn.func1({0x5d2b28, 0xc0000a0050}, 0x3)
	/cache/prep/work/workerpool-0/challenges/workerpool/harness_test.go:120 +0x95
github.com/prep-judge/prep/challenges/workerpool.(*pool).run(0xc0000b6000, 0x2)
	/cache/prep/work/workerpool-0/challenges/workerpool/pool.go:12 +0x63
...additional frames elided...
created by github.com/prep-judge/prep/challenges/workerpool.Map in goroutine 20
	/cache/prep/work/workerpool-0/challenges/workerpool/workerpool.go:26 +0x1f0

goroutine 24 [chan receive]:
context.(*cancelCtx).propagateCancel.func2()
	/usr/local/go/src/context/context.go:513 +0x4c
created by context.(*cancelCtx).propagateCancel in goroutine 20
	/usr/local/go/src/context/context.go:510 +0x3a5
`

func TestParseGoroutines(t *testing.T) {
	gs := ParseGoroutines(dump)
	if got := ids(gs); !slices.Equal(got, []int64{7, 21, 22, 23, 24}) {
		t.Fatalf("IDs = %v, want [7 21 22 23 24]", got)
	}
	var states []string
	for _, g := range gs {
		states = append(states, g.State)
	}
	if want := []string{"running", "chan send", "chan send", "select", "chan receive"}; !slices.Equal(states, want) {
		t.Errorf("states = %q, want %q", states, want)
	}
	g := gs[3]
	want := Goroutine{
		ID: 23, State: "select", Parent: 20,
		Frames: []Frame{
			{"runtime.gopark", "/usr/local/go/src/runtime/proc.go", 435},
			{"runtime.selectgo", "/usr/local/go/src/runtime/select.go", 351},
			{"github.com/prep-judge/prep/challenges/workerpool.judgeBlock", "/cache/prep/work/workerpool-0/challenges/workerpool/harness_test.go", 88},
			{"github.com/prep-judge/prep/challenges/workerpool.judgeTracker.fn.func1", "/cache/prep/work/workerpool-0/challenges/workerpool/harness_test.go", 120},
			{"github.com/prep-judge/prep/challenges/workerpool.(*pool).run", "/cache/prep/work/workerpool-0/challenges/workerpool/pool.go", 12},
		},
		CreatedBy: Frame{"github.com/prep-judge/prep/challenges/workerpool.Map", "/cache/prep/work/workerpool-0/challenges/workerpool/workerpool.go", 26},
	}
	if fmt.Sprintf("%+v", g) != fmt.Sprintf("%+v", want) {
		t.Errorf("goroutine 23:\n got %+v\nwant %+v", g, want)
	}
	if gs[0].Parent != 1 || gs[0].CreatedBy.Func != "testing.(*T).Run" {
		t.Errorf("goroutine 7: Parent %d, CreatedBy %+v; want 1, testing.(*T).Run", gs[0].Parent, gs[0].CreatedBy)
	}
}

func TestDescribeLeaks(t *testing.T) {
	gs := ParseGoroutines(dump)
	got := DescribeLeaks("Map(ctx, 2, [1 2 3], fn)", gs[1:])
	// Places sorted by where they are, not by goroutine: the same code is always described
	// the same way.
	want := `Map(ctx, 2, [1 2 3], fn) returned, but 4 goroutines it started are still running:
  1 goroutine blocked [select] at:
      (the tests' code)
      workerpool.(*pool).run (pool.go:12)
      started by workerpool.Map (workerpool.go:26)
  1 goroutine blocked [chan receive] at:
      context.(*cancelCtx).propagateCancel.func2
      started by context.(*cancelCtx).propagateCancel
  2 goroutines blocked [chan send] at:
      workerpool.Map.func1 (workerpool.go:31)
      started by workerpool.Map (workerpool.go:25)`
	if got != want {
		t.Errorf("DescribeLeaks:\n%s\n\nwant:\n%s", got, want)
	}
	if reversed := DescribeLeaks("Map(ctx, 2, [1 2 3], fn)", []Goroutine{gs[4], gs[3], gs[2], gs[1]}); reversed != want {
		t.Errorf("DescribeLeaks of the same goroutines in another order:\n%s\n\nwant:\n%s", reversed, want)
	}
	one := DescribeLeaks("Map(ctx, 1, [1], fn)", gs[1:2])
	if !strings.HasPrefix(one, "Map(ctx, 1, [1], fn) returned, but 1 goroutine it started is still running:\n  1 goroutine blocked [chan send] at:") {
		t.Errorf("DescribeLeaks of one goroutine:\n%s", one)
	}
}

// The checker's own parsing must agree with what this runtime prints.
func TestGoroutinesSeesTheCaller(t *testing.T) {
	me := goroutineID()
	for _, g := range Goroutines() {
		if g.ID == me {
			if !slices.ContainsFunc(g.Frames, func(f Frame) bool { return strings.HasSuffix(f.Func, ".TestGoroutinesSeesTheCaller") }) {
				t.Errorf("the test's goroutine has frames %+v, want one in TestGoroutinesSeesTheCaller", g.Frames)
			}
			return
		}
	}
	t.Fatalf("Goroutines() does not list the calling goroutine %d", me)
}

// A goroutine of a crew that ends by runtime.Goexit has run its deferred calls but not
// finished its work: the crew says so.
func TestCrewCountsWhatFinished(t *testing.T) {
	var crew Crew
	var made atomic.Int64
	for g := range 4 {
		crew.Go(nil, func() {
			for i := range 10 {
				if g == 2 && i == 5 {
					runtime.Goexit()
				}
				made.Add(1)
			}
		})
	}
	if !crew.Wait(5 * time.Second) {
		t.Fatal("the crew did not end")
	}
	if made.Load() != 35 {
		t.Errorf("%d calls made, want 35", made.Load())
	}
	if p := crew.Unfinished(); !strings.Contains(p, "1 goroutine of the test's 4 ended without finishing") {
		t.Errorf("Unfinished() = %q", p)
	}
	var honest Crew
	spawned := 0
	honest.Go(func(f func()) { spawned++; go f() }, func() {})
	if !honest.Wait(5*time.Second) || honest.Unfinished() != "" || spawned != 1 {
		t.Errorf("an honest crew: unfinished %q, spawned %d", honest.Unfinished(), spawned)
	}
}

// WhyStuck names the cause the stacks show. The test's own goroutines are not the solution's,
// so this checks the sentence with nothing of the solution's running.
func TestWhyStuckWithNothingInTheSolution(t *testing.T) {
	if got := WhyStuck(); !strings.Contains(got, "no goroutine is in the solution's code") {
		t.Errorf("WhyStuck() = %q", got)
	}
}

// TestWhyStuckSpeaksOfNewlyStuckGoroutines checks that a report leaves out the goroutines an
// earlier report described: a shrinking test hangs the same call again and again, and each
// report must count the goroutines of its own hang, not every hang so far.
func TestWhyStuckSpeaksOfNewlyStuckGoroutines(t *testing.T) {
	// The record of goroutines already described is the process's: start this test from an
	// empty one, and leave the process's as it was, so that it runs the same however often.
	reported.Lock()
	was := reported.ids
	reported.ids = nil
	reported.Unlock()
	t.Cleanup(func() {
		reported.Lock()
		reported.ids = was
		reported.Unlock()
	})
	stuck := func(id int64) Goroutine {
		return Goroutine{ID: id, State: "sync.Mutex.Lock", Frames: []Frame{{Func: "example.com/lru.(*LRUCache).Put", File: "/tmp/lru.go", Line: 40}}}
	}
	first := sinceLastReport([]Goroutine{stuck(1_000_001)})
	if got := ids(first); !slices.Equal(got, []int64{1_000_001}) {
		t.Fatalf("first report: got goroutines %v, want [1000001]", got)
	}
	second := sinceLastReport([]Goroutine{stuck(1_000_001), stuck(1_000_002)})
	if got := ids(second); !slices.Equal(got, []int64{1_000_002}) {
		t.Errorf("second report: got goroutines %v, want only the newly stuck [1000002]", got)
	}
	again := sinceLastReport([]Goroutine{stuck(1_000_001), stuck(1_000_002)})
	if got := ids(again); len(got) != 2 {
		t.Errorf("asked again with nothing new: got goroutines %v, want both, still stuck", got)
	}
}

// A goroutine the kit started, for a Crew or a Scenario, is the tests' as much as one a hidden
// test started: the learner sees neither's names.
func TestWhereStuckStartedByTheKit(t *testing.T) {
	g := Goroutine{
		State: "semacquire",
		Frames: []Frame{
			{"sync.(*Mutex).Lock", "/usr/local/go/src/sync/mutex.go", 46},
			{"github.com/prep-judge/prep/challenges/lru.(*LRUCache).Get", "/w/challenges/lru/lru.go", 20},
		},
		CreatedBy: Frame{kitPrefix + "(*Crew).Go", "/w/challenges/kit/crew.go", 41},
	}
	got := whereStuck(g)
	if want := []string{"lru.(*LRUCache).Get (lru.go:20)", "started by the tests' code"}; !slices.Equal(got, want) {
		t.Errorf("whereStuck = %q, want %q", got, want)
	}
}
