package kit

import (
	"slices"
	"testing"
	"time"
)

func TestShrinkFailure(t *testing.T) {
	kind := func(o string) string { return o }
	// A case fails while it holds both 3 and 7; everything else is noise.
	buggy := func(xs []int, _ bool) string {
		if slices.Contains(xs, 3) && slices.Contains(xs, 7) {
			return WrongAnswer
		}
		return ""
	}
	in := []int{1, 3, 5, 7, 9, 11}
	small, o := ShrinkFailure(in, WrongAnswer, kind, buggy, Removals[int])
	if !slices.Equal(small, []int{3, 7}) || o != WrongAnswer {
		t.Errorf("ShrinkFailure = %v, %q; want [3 7], %q", small, o, WrongAnswer)
	}

	// A failure that does not come back when the smallest case is checked again, as one to
	// report, leaves the original case and outcome.
	flaky := func(xs []int, candidate bool) string {
		if candidate && len(xs) >= 2 {
			return WrongAnswer
		}
		return ""
	}
	small, o = ShrinkFailure(in, WrongAnswer, kind, flaky, Removals[int])
	if !slices.Equal(small, in) || o != WrongAnswer {
		t.Errorf("ShrinkFailure of a flaky failure = %v, %q; want the original %v, %q", small, o, in, WrongAnswer)
	}

	// Only a few hanging candidates are tried: here every candidate hangs, none fails the
	// way the case did, and there are more candidates than that.
	calls := 0
	hangs := func(xs []int, candidate bool) string {
		if candidate {
			calls++
			return TimeLimitExceeded
		}
		return WrongAnswer
	}
	long := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	if len(Removals(long)) <= maxHangingCandidates {
		t.Fatalf("the case has only %d candidates", len(Removals(long)))
	}
	small, _ = ShrinkFailure(long, WrongAnswer, kind, hangs, Removals[int])
	if calls != maxHangingCandidates || !slices.Equal(small, long) {
		t.Errorf("%d hanging candidates were tried, leaving %v; want %d, leaving the case as it was", calls, small, maxHangingCandidates)
	}
}

// Once its budget has passed, ShrinkFailureWithin tries no more candidates and reports the
// smallest case found by then, checked again. Each candidate here takes longer than the whole
// budget, so at most the first is tried, however busy the machine: the budget can only have
// run out sooner. Without the budget, shrinking goes on to the smallest case.
func TestShrinkFailureWithinBudget(t *testing.T) {
	kind := func(o string) string { return o }
	candidates := 0
	slow := func(xs []int, candidate bool) string {
		if candidate {
			candidates++
			time.Sleep(5 * time.Millisecond)
		}
		if slices.Contains(xs, 3) {
			return WrongAnswer
		}
		return ""
	}
	in := []int{1, 2, 3, 4, 5, 6, 7, 8}
	small, o := ShrinkFailureWithin(time.Millisecond, in, WrongAnswer, kind, slow, Removals[int])
	if candidates > 1 {
		t.Errorf("%d candidates were tried after the budget had passed; want at most 1", candidates)
	}
	if !slices.Contains(small, 3) || o != WrongAnswer {
		t.Errorf("ShrinkFailureWithin = %v, %q; want a case that still fails, %q", small, o, WrongAnswer)
	}

	candidates = 0
	small, _ = ShrinkFailureWithin(0, in, WrongAnswer, kind, slow, Removals[int])
	if !slices.Equal(small, []int{3}) || candidates < 2 {
		t.Errorf("with no budget: %v after %d candidates; want [3], after trying as many as that takes", small, candidates)
	}
}
