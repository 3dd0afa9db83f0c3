package grader

import (
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// Reports as the grader sees them once paths are rewritten: the learner's files by bare
// name, the standard library and hidden tests by their own.
const raceOutput = `==================
WARNING: DATA RACE
Write at 0x00c000018088 by goroutine 11:
  github.com/prep-judge/prep/challenges/lru.(*LRUCache).Put()
      lru.go:31 +0xb8
  github.com/prep-judge/prep/challenges/lru.TestConcurrentGetPut.func1()
      race_test.go:16 +0x97

Previous read at 0x00c000018088 by goroutine 8:
  github.com/prep-judge/prep/challenges/lru.(*LRUCache).Get()
      lru.go:20 +0x9c
  github.com/prep-judge/prep/challenges/lru.TestConcurrentGetPut.func1()
      race_test.go:16 +0x97

Goroutine 11 (running) created at:
  github.com/prep-judge/prep/challenges/lru.TestConcurrentGetPut()
      race_test.go:13 +0x84
  testing.tRunner()
      /usr/local/go/src/testing/testing.go:2036 +0x21c
==================
==================
WARNING: DATA RACE
Read at 0x00c000018088 by goroutine 12:
==================
    testing.go:1712: race detected during execution of test
`

const panicOutput = `panic: runtime error: invalid memory address or nil pointer dereference [recovered, repanicked]
[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4f5c2a]

goroutine 7 [running]:
testing.tRunner.func1.2({0x550fc0, 0x594200})
	/usr/local/go/src/testing/testing.go:1974 +0x232
panic({0x550fc0?, 0x594200?})
	/usr/local/go/src/runtime/panic.go:860 +0x13a
github.com/prep-judge/prep/challenges/lru.(*LRUCache).evict(...)
	evict.go:12
github.com/prep-judge/prep/challenges/lru.(*LRUCache).Put(0xc000010030, 0x3, 0x3)
	lru.go:40 +0x1d
github.com/prep-judge/prep/challenges/lru.TestClassicSequence(0xc0000a6820)
	correctness_test.go:20 +0x45
testing.tRunner(0xc0000a6820, 0x5a1b08)
	/usr/local/go/src/testing/testing.go:2036 +0xea
`

func TestExplainRace(t *testing.T) {
	got := explainRace(raceOutput)
	for _, want := range []string{
		"a write in lru.(*LRUCache).Put at lru.go:31",
		"a read in lru.(*LRUCache).Get at lru.go:20",
		"2 races reported",
		"sync.Mutex",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("explainRace does not say %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "race_test.go") || strings.Contains(got, "testing.go") {
		t.Errorf("explainRace shows frames outside the learner's code:\n%s", got)
	}
	if explainRace("all fine\n") != "" {
		t.Error("explainRace found a race in output without one")
	}
}

func TestExplainPanic(t *testing.T) {
	got := explainPanic(panicOutput)
	want := `panic: runtime error: invalid memory address or nil pointer dereference
in your code:
    lru.(*LRUCache).evict at evict.go:12
    lru.(*LRUCache).Put at lru.go:40`
	if got != want {
		t.Errorf("explainPanic =\n%s\nwant\n%s", got, want)
	}
	if explainPanic("ok\n") != "" {
		t.Error("explainPanic found a panic in output without one")
	}
}

func TestGoAtLeast(t *testing.T) {
	for v, want := range map[string]bool{
		"go1.26.8": true, "go1.22": true, "go1.22rc1": true, "go1.21.13": false,
		"go1.9": false, "devel go1.27-abc": true, "gccgo": false,
	} {
		if got := goAtLeast(v, "go1.22"); got != want {
			t.Errorf("goAtLeast(%q, 22) = %v, want %v", v, got, want)
		}
	}
}

// A failure's message shows the transcript as a diff of expected and actual calls with plain
// spaces, whichever spacing go-cmp picked in this process, and a repro test.
func TestRecordMessage(t *testing.T) {
	r := kit.Record{
		Summary:    "Get returned a value that was evicted",
		Want:       []string{"c := Constructor(1)", "c.Put(1, 1)", "c.Put(2, 2)", "c.Get(1) = -1"},
		Got:        []string{"c := Constructor(1)", "c.Put(1, 1)", "c.Put(2, 2)", "c.Get(1) = 1"},
		ShrunkFrom: 40,
		Repro:      "func TestRepro(t *testing.T) {}",
	}
	got := recordMessage(r, func(s string) string { return s })
	for _, want := range []string{
		"Get returned a value that was evicted",
		"smallest failing sequence (shrunk from 40 calls to 4), calls and results (-want +got):",
		`- 	"c.Get(1) = -1",`,
		`+ 	"c.Get(1) = 1",`,
		"reproduce it with this test:\nfunc TestRepro(t *testing.T) {}",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("message lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\u00a0") {
		t.Errorf("message has non-breaking spaces:\n%q", got)
	}
}

// A race whose other side is the tests' own code is on memory the tests own: a lock in the
// solution cannot help.
func TestExplainRaceOnTheCallersMemory(t *testing.T) {
	const output = `==================
WARNING: DATA RACE
Write at 0x00c0000b4000 by goroutine 9:
  github.com/prep-judge/prep/challenges/topk.topKFrequent()
      topk.go:12 +0x1a4
  github.com/prep-judge/prep/challenges/topk.judgeCall.func1()
      check_test.go:80 +0x64

Previous read at 0x00c0000b4000 by goroutine 8:
  github.com/prep-judge/prep/challenges/topk.judgeRun.func2()
      race_test.go:233 +0x2c4

Goroutine 9 (running) created at:
  github.com/prep-judge/prep/challenges/topk.judgeCall()
      check_test.go:78 +0x1c4
==================
`
	got := explainRace(output)
	for _, want := range []string{"a write in topk.topKFrequent at topk.go:12 conflicts with a read in the tests' code", "Do not write to what you are given"} {
		if !strings.Contains(got, want) {
			t.Errorf("explainRace lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "sync.Mutex") {
		t.Errorf("explainRace advises a lock for the caller's memory:\n%s", got)
	}
}

func TestExplainPanicNamesEndlessRecursion(t *testing.T) {
	const output = `runtime: goroutine stack exceeds 67108864-byte limit
runtime: sp=0xc020160388 stack=[0xc020160000, 0xc040160000]
fatal error: stack overflow

goroutine 7 [running]:
github.com/prep-judge/prep/challenges/lru.(*LRUCache).get(0xc000010030, 0x3)
	lru.go:40 +0x1d
github.com/prep-judge/prep/challenges/lru.(*LRUCache).get(0xc000010030, 0x3)
	lru.go:41 +0x1d
`
	if got := explainPanic(output); !strings.Contains(got, "fatal error: stack overflow") || !strings.Contains(got, "calls itself without end") {
		t.Errorf("explainPanic = %q", got)
	}
}
