package topk

import (
	"slices"
	"testing"
)

// These are examples to start from: run them with `go test`. They fail until topKFrequent
// works. `prep submit` grades your solution with hidden tests that check much more, including
// concurrent calls and speed.

// sortedCopy returns got sorted, leaving got as it is: any order of the answer is right.
func sortedCopy(got []int) []int {
	s := slices.Clone(got)
	slices.Sort(s)
	return s
}

// TestExample1 is the first example of the statement.
func TestExample1(t *testing.T) {
	got := topKFrequent([]int{1, 1, 1, 2, 2, 3}, 2)
	if want := []int{1, 2}; !slices.Equal(sortedCopy(got), want) {
		t.Fatalf("topKFrequent([1 1 1 2 2 3], 2) = %v, want %v in any order", got, want)
	}
}

// TestExample2 is the second example: one value, asked for once.
func TestExample2(t *testing.T) {
	got := topKFrequent([]int{1}, 1)
	if want := []int{1}; !slices.Equal(got, want) {
		t.Fatalf("topKFrequent([1], 1) = %v, want %v", got, want)
	}
}

// TestTieForLastPlace checks that when values tie for the last place, exactly k values come
// back: 2 and 3 both appear twice, and either one is right, but not both.
func TestTieForLastPlace(t *testing.T) {
	got := topKFrequent([]int{1, 1, 1, 2, 2, 3, 3, 4}, 2)
	s := sortedCopy(got)
	if !slices.Equal(s, []int{1, 2}) && !slices.Equal(s, []int{1, 3}) {
		t.Fatalf("topKFrequent([1 1 1 2 2 3 3 4], 2) = %v, want [1 2] or [1 3], in any order", got)
	}
}

// TestInputUnchanged checks the answer on an input out of order, and that nums is left as it
// was: the caller still owns it.
func TestInputUnchanged(t *testing.T) {
	nums := []int{3, 1, 2, 1, 2, 1}
	got := topKFrequent(nums, 1)
	if want := []int{1}; !slices.Equal(got, want) {
		t.Fatalf("topKFrequent([3 1 2 1 2 1], 1) = %v, want %v", got, want)
	}
	if want := []int{3, 1, 2, 1, 2, 1}; !slices.Equal(nums, want) {
		t.Fatalf("topKFrequent changed nums from %v to %v: it must not modify its input", want, nums)
	}
}
