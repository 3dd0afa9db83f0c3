package topk

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// TestConcurrentSharedInput has many goroutines call topKFrequent at once on one shared nums,
// as a server answering many requests about the same data would. The suite runs under the race
// detector, which reports a solution that writes to nums (sorting it in place, say) or keeps
// state between calls in package-level variables; every answer is checked as well.
func TestConcurrentSharedInput(t *testing.T) {
	judgeGate.Require(t, "concurrent calls are tested only on a solution that works with one goroutine: ")
	for _, c := range judgeRaceCases(true) {
		// The race detector reports a pair of racing stacks once per process, so each test
		// starts its goroutines from a function of its own, whose frame makes its stacks new.
		spawn := func(f func()) { go func() { f() }() }
		if p := judgeConcurrently(c, spawn); p != nil {
			kit.Fail(t, *p)
			return
		}
	}
}

// TestConcurrentOwnInputs has many goroutines call topKFrequent at once, each on a nums of its
// own. Calls that share no data must not interfere: a map, slice or heap kept in a
// package-level variable and reused between calls is a data race, and mixes up their answers.
func TestConcurrentOwnInputs(t *testing.T) {
	judgeGate.Require(t, "concurrent calls are tested only on a solution that works with one goroutine: ")
	for _, c := range judgeRaceCases(false) {
		spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentSharedInput
		if p := judgeConcurrently(c, spawn); p != nil {
			kit.Fail(t, *p)
			return
		}
	}
}

// The workload: judgeWorkers goroutines each make judgeCallsEach calls with different k. Each
// input gives its most frequent values distinct counts, so that every k asked has exactly one
// right answer: a solution that mishandles ties loses points in the correctness suite only.
// The calls are few, because the race detector slows code tenfold and the suite runs beside
// the correctness suite on a small machine.
const (
	judgeWorkers   = 8
	judgeCallsEach = 16
)

// judgeRaceCase is one concurrent run: each goroutine's calls, and whether they share nums.
type judgeRaceCase struct {
	shared bool
	calls  [judgeWorkers][]judgeInput // calls[g][i] is goroutine g's call i; nums are the tests' own copies
	facts  [judgeWorkers]map[int]judgeFacts
}

// judgeRaceCases returns the runs of a test: goroutines sharing one nums, or each with its own.
func judgeRaceCases(shared bool) []judgeRaceCase {
	var cases []judgeRaceCase
	// Two shapes: 20 values appearing 1 to 20 times; and 15 values appearing 16 to 30 times
	// among 100 that appear 1 to 3 times.
	for shape := range 2 {
		c := judgeRaceCase{shared: shared}
		for g := range judgeWorkers {
			seed := uint64(shape)
			if !shared {
				seed = uint64(100*shape + g + 1)
			}
			nums, top := judgeRaceInput(shape, seed)
			c.facts[g] = map[int]judgeFacts{}
			for i := range judgeCallsEach {
				k := 1 + (g*13+i*7)%top
				in := judgeInput{nums: nums, k: k}
				c.calls[g] = append(c.calls[g], in)
				if _, ok := c.facts[g][k]; !ok {
					c.facts[g][k] = judgeFactsOf(in)
				}
			}
		}
		cases = append(cases, c)
	}
	return cases
}

// judgeRaceInput returns an input of the given shape, and how many of its most frequent values
// have counts no other value shares: any k up to that has one right answer.
func judgeRaceInput(shape int, seed uint64) (nums []int, top int) {
	rng := rand.New(rand.NewPCG(0x7e_ace, seed))
	seen := map[int]bool{}
	value := func() int {
		for {
			v := rng.IntN(20001) - 10000
			if !seen[v] {
				seen[v] = true
				return v
			}
		}
	}
	add := func(v, times int) {
		for range times {
			nums = append(nums, v)
		}
	}
	switch shape {
	case 0:
		top = 20
		for i := 1; i <= top; i++ {
			add(value(), i)
		}
	default:
		top = 15
		for i := 1; i <= top; i++ {
			add(value(), top+i)
		}
		for range 100 {
			add(value(), 1+rng.IntN(3))
		}
	}
	rng.Shuffle(len(nums), func(i, j int) { nums[i], nums[j] = nums[j], nums[i] })
	return nums, top
}

// describe says what the run does, for the messages.
func (c judgeRaceCase) describe(rehearse bool) string {
	n := len(c.calls[0][0].nums)
	how := fmt.Sprintf("%d goroutines at once on one shared nums of %d values", judgeWorkers, n)
	if !c.shared {
		how = fmt.Sprintf("%d goroutines at once, each on a nums of its own of %d values", judgeWorkers, n)
	}
	if rehearse {
		how = fmt.Sprintf("one call at a time (the %d goroutines' calls in turn, before making them at once), on nums of %d values", judgeWorkers, n)
	}
	return how
}

// judgeConcurrently makes the run's calls and returns the first problem.
//
// The goroutines' calls are first rehearsed, one at a time in turn, so that a mistake that
// needs no concurrency to show (a panic, a wrong answer) is reported the same way on every
// run, rather than from whichever goroutine happened to meet it first.
//
// The race detector finds races from the order of synchronisation, not from timing, so it sees
// them on any number of processors. The run uses every processor the machine has, like every
// other test: no test changes a setting of the whole process that code under test could notice.
// A map without a lock may then crash the process ("concurrent map writes") before the detector
// names the race; the grader reports both as a race.
func judgeConcurrently(c judgeRaceCase, spawn func(func())) *kit.Record {
	if p := judgeRun(c, true, spawn); p != nil {
		return p
	}
	return judgeRun(c, false, spawn)
}

// judgeRun makes the run's calls on fresh copies of the inputs: all at once, or one at a time
// in turn when rehearsing.
func judgeRun(c judgeRaceCase, rehearse bool, spawn func(func())) *kit.Record {
	var args [judgeWorkers][]int
	for g := range judgeWorkers {
		if c.shared && g > 0 {
			args[g] = args[0]
			continue
		}
		args[g] = append([]int(nil), c.calls[g][0].nums...)
	}
	run := &kit.Run{How: c.describe(rehearse), Spawn: spawn, Solution: topKFrequent}
	// step makes goroutine g's call i and checks what it returned. It shares no lock with other
	// goroutines unless it fails: a lock taken on every call would order the calls for the race
	// detector, and hide the races it is here to find.
	step := func(w *kit.Worker, g, i int) {
		in := c.calls[g][i]
		if !rehearse {
			// Hand over between calls: many switches give the detector many unsynchronised
			// pairs of calls to see.
			runtime.Gosched()
		}
		var got []int
		call := fmt.Sprintf("topKFrequent(nums, %d)", in.k)
		if !w.Call(call, func() { got = topKFrequent(args[g], in.k) }) {
			return
		}
		f := c.facts[g][in.k]
		if why := judgeWrong(in, f, got); why != "" {
			run.Fail(kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s returned %s, want %s: %s", w.Where(), judgeShow(got), f.wantText(), why),
				Want:    []string{call, "= " + f.wantText()}, Got: []string{call, "= " + judgeShow(got)}})
		}
	}
	if rehearse {
		run.InTurn(judgeWorkers, judgeCallsEach, step)
	} else {
		run.AtOnce(judgeWorkers, judgeCallsEach, step)
	}
	return run.Wait()
}
