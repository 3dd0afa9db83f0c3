package kit

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"
)

// maxShrinkSteps bounds the candidates Shrink tries, so that a slow solution cannot stretch a
// failing test past its time limit while it is being shrunk.
const maxShrinkSteps = 20000

// Shrink returns a smallest input that still fails. It repeatedly replaces c with the first of
// candidates(c) for which fails is true, until none is. Candidates should come simplest first:
// large removals before small ones, then smaller values. fails must be deterministic, so the
// hidden tests draw their inputs from fixed seeds and the same code always shrinks to the same
// case.
func Shrink[C any](c C, fails func(C) bool, candidates func(C) []C) C {
	steps := 0
	for {
		progressed := false
		for _, cand := range candidates(c) {
			if steps++; steps > maxShrinkSteps {
				return c
			}
			if fails(cand) {
				c, progressed = cand, true
				break
			}
		}
		if !progressed {
			return c
		}
	}
}

// Removals returns the sequences made from xs by removing one run of elements: first the
// largest runs (halves, quarters, ...), down to single elements, as delta debugging does.
func Removals[T any](xs []T) [][]T {
	var out [][]T
	for size := len(xs) / 2; size >= 1; size /= 2 {
		for start := 0; start+size <= len(xs); start += size {
			cand := make([]T, 0, len(xs)-size)
			cand = append(cand, xs[:start]...)
			cand = append(cand, xs[start+size:]...)
			out = append(out, cand)
		}
	}
	if len(xs) == 1 {
		out = append(out, []T{})
	}
	return out
}

// Replacements returns the sequences made from xs by replacing one element with one of
// simpler(x), for every element.
func Replacements[T any](xs []T, simpler func(T) []T) [][]T {
	var out [][]T
	for i, x := range xs {
		for _, s := range simpler(x) {
			cand := append([]T(nil), xs...)
			cand[i] = s
			out = append(out, cand)
		}
	}
	return out
}

// Catch calls f and returns the text of the panic it raised, or "" when it returned normally.
// Hidden tests call the learner's code through it so that a panic becomes a readable failure
// with the call that caused it, rather than a crash of the whole suite.
func Catch(f func()) (panicked string) {
	defer func() {
		if r := recover(); r != nil {
			panicked = fmt.Sprintf("panic: %v\n%s", r, trimStack(debug.Stack()))
		}
	}()
	f()
	return ""
}

// trimStack keeps the frames of a panic's stack that belong to the learner's code and drops
// those of the runtime and the kit.
func trimStack(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	var keep []string
	for i := 0; i+1 < len(lines); i++ {
		fn, loc := lines[i], lines[i+1]
		if !strings.HasPrefix(loc, "\t") {
			continue
		}
		if strings.Contains(fn, "runtime/debug.") || strings.HasPrefix(fn, "panic(") ||
			strings.Contains(fn, "/kit.") || strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "testing.") {
			i++
			continue
		}
		keep = append(keep, "    "+fn, "    "+strings.TrimSpace(loc))
		i++
		if len(keep) >= 8 {
			break
		}
	}
	return strings.Join(keep, "\n")
}

// maxHangingCandidates bounds the shrinking candidates that may hang: each leaves a goroutine
// behind for good.
const maxHangingCandidates = 8

// ShrinkFailure returns the smallest case, by candidates, that fails the way c did with
// outcome o, and how it fails. kind says how an outcome failed ("" for not at all). check runs
// a case; candidate is true while shrinking, when a test may wait less for a hung call than it
// does for the case it reports. Only a few candidates that hang are tried, since each leaves a
// goroutine behind for good. The smallest case is checked again as one to report, so that a
// candidate that merely ran slowly on a busy machine is never reported as a hang; when it does
// not fail the same way again, c and o are returned as they were.
func ShrinkFailure[C, O any](c C, o O, kind func(O) string, check func(c C, candidate bool) O, candidates func(C) []C) (C, O) {
	return ShrinkFailureWithin(0, c, o, kind, check, candidates)
}

// ShrinkFailureWithin is ShrinkFailure that tries no more candidates once budget (of real
// time) has passed, and reports the smallest case found by then: for a test whose cases a slow
// solution could take long enough to run that shrinking them would stretch it past the suite's
// time limit. A budget of 0 is none. The smallest case found depends on the machine's speed
// only when the budget runs out, which a solution that answers in microseconds never makes it.
func ShrinkFailureWithin[C, O any](budget time.Duration, c C, o O, kind func(O) string, check func(c C, candidate bool) O, candidates func(C) []C) (C, O) {
	want := kind(o)
	hangs := 0
	start := time.Now()
	fails := func(cand C) bool {
		if hangs >= maxHangingCandidates || (budget > 0 && time.Since(start) > budget) {
			return false
		}
		co := check(cand, true)
		if kind(co) == TimeLimitExceeded {
			hangs++
		}
		return kind(co) == want
	}
	small := Shrink(c, fails, candidates)
	if so := check(small, false); kind(so) == want {
		return small, so
	}
	return c, o
}
