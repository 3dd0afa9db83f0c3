package topk

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// judgeScripted checks one hand-written input. Its written answer must agree with the facts
// the tests count before the solution is judged: it is a check on the tests themselves.
func judgeScripted(t *testing.T, nums []int, k int, want string) {
	t.Helper()
	in := judgeInput{nums: nums, k: k}
	if got := judgeFactsOf(in).wantText(); got != want {
		t.Fatalf("hidden test is wrong: counting says topKFrequent(nums, %d) = %s; the test says %s", k, got, want)
	}
	// Short inputs are already as small as their rule allows; a long one is shrunk.
	judgeVerify(t, in, len(nums) > 16, "")
}

// TestExamples are the examples of the statement, LeetCode 347's.
func TestExamples(t *testing.T) {
	t.Run("example_1", func(t *testing.T) { judgeScripted(t, []int{1, 1, 1, 2, 2, 3}, 2, "[1 2] in any order") })
	t.Run("example_2", func(t *testing.T) { judgeScripted(t, []int{1}, 1, "[1] in any order") })
	t.Run("example_3", func(t *testing.T) {
		judgeScripted(t, []int{1, 2, 1, 2, 1, 2, 3, 1, 3, 2}, 2, "[1 2] in any order")
	})
}

// TestEdgeCases pins one rule per subtest, so that a failure names the rule that was broken.
func TestEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name string
		nums []int
		k    int
		want string
	}{
		// Every distinct value is wanted: nothing may be left out, and nothing added twice.
		{"k_equals_distinct", []int{4, 1, -1, 2, -1, 2, 3}, 5, "[-1 1 2 3 4] in any order"},
		{"negative_values", []int{-1, -1, -2, -2, -2, -3}, 2, "[-2 -1] in any order"},
		// Any 2 of the 4 values are right; exactly 2 must come back.
		{"all_equal_frequencies", []int{5, 3, 1, 5, 3, 1, 4, 4}, 2, "any 2 of [1 3 4 5]"},
		// One value takes every place: its count is len(nums), one more than the last index.
		{"single_value_repeated", []int{7, 7, 7, 7, 7}, 1, "[7] in any order"},
		// 2 and 3 tie for the second place: one of them, not both.
		{"tie_for_the_last_place", []int{1, 1, 1, 2, 2, 3, 3, 4}, 2, "[1] and any 1 of [2 3], in any order"},
		{"zero_is_a_value", []int{0, 0, 0, 1, 1, 2}, 1, "[0] in any order"},
		{"extreme_values", []int{math.MinInt, math.MaxInt, 0, math.MinInt, 0, math.MinInt}, 2,
			"[-9223372036854775808 0] in any order"},
		// The most frequent value is neither first nor last, nor the largest or smallest.
		{"order_does_not_matter", []int{9, 5, 2, 5, 8, 5, 2, 9, 5, 9}, 2, "[5 9] in any order"},
		{"large_input", judgeLargeInput(), 10, judgeLargeWant()},
	} {
		t.Run(tc.name, func(t *testing.T) { judgeScripted(t, tc.nums, tc.k, tc.want) })
	}
}

// judgeLargeInput has 1000 distinct values over 5000 positions: the 10 most frequent appear
// 110 to 119 times, the next 10 appear 100 to 109 times, and the rest 1 to 5 times.
func judgeLargeInput() []int {
	var nums []int
	for i := range 1000 {
		n := 1 + i%5
		if i < 20 {
			n = 100 + i
		}
		for range n {
			nums = append(nums, judgeLargeValue(i))
		}
	}
	rng := rand.New(rand.NewPCG(347, 347))
	rng.Shuffle(len(nums), func(i, j int) { nums[i], nums[j] = nums[j], nums[i] })
	return nums
}

func judgeLargeValue(i int) int { return i*7919 - 3_000_000 }

func judgeLargeWant() string {
	var top []int
	for i := 10; i < 20; i++ {
		top = append(top, judgeLargeValue(i))
	}
	return fmt.Sprintf("%v in any order", top)
}

// TestRandomInputs checks the solution on many random inputs from fixed seeds, so that a
// solution gets the same verdict, and the same shrunk input, on every run. Inputs are mostly
// short with few distinct values, so that ties, and ties for the last place, happen often.
func TestRandomInputs(t *testing.T) {
	const inputs = 500
	for i := range inputs {
		rng := rand.New(rand.NewPCG(0x70_9c, uint64(i)))
		if !judgeVerify(t, judgeRandomInput(rng), true, "") {
			return
		}
	}
}

// TestDoesNotModifyInput checks that nums is the same after the call: the caller owns it.
// The inputs are out of order, so that sorting them in place shows.
func TestDoesNotModifyInput(t *testing.T) {
	inputs := []judgeInput{
		{nums: []int{3, 1, 2, 1, 2, 1}, k: 2},
		{nums: []int{5, -1, 5, 3, -1, 5}, k: 1},
	}
	for i := range 100 {
		inputs = append(inputs, judgeRandomInput(rand.New(rand.NewPCG(0x5a_fe, uint64(i)))))
	}
	for _, in := range inputs {
		if !judgeVerifyWith(t, in, true, "", judgeCheckUnmodified) {
			return
		}
	}
}

// judgeRandomInput makes one input: a pool of distinct values, each appearing at least once
// and the rest drawn by small random weights, in random order, and a random k.
func judgeRandomInput(rng *rand.Rand) judgeInput {
	p := 1 + rng.IntN(8)
	spread := 3
	switch rng.IntN(20) {
	case 0:
		p, spread = 50+rng.IntN(150), 10
	case 1, 2, 3:
		p = 9 + rng.IntN(24)
	}
	// Mostly small positive values; sometimes negative ones and zero; sometimes values from
	// all over the int range, for solutions that index an array by value.
	mode := rng.IntN(10)
	pool := make([]int, 0, p)
	seen := map[int]bool{}
	for len(pool) < p {
		var v int
		switch {
		case mode < 6:
			v = 1 + rng.IntN(2*p+3)
		case mode < 9:
			v = rng.IntN(2*p+9) - p - 4
		case rng.IntN(2) == 0:
			v = judgeExtremes[rng.IntN(len(judgeExtremes))]
		default:
			v = int(rng.Uint64())
		}
		if !seen[v] {
			seen[v] = true
			pool = append(pool, v)
		}
	}
	weights := make([]int, p)
	total := 0
	for i := range weights {
		weights[i] = 1 + rng.IntN(4)
		total += weights[i]
	}
	n := p + rng.IntN(spread*p+8)
	nums := append([]int(nil), pool...)
	for len(nums) < n {
		r := rng.IntN(total)
		i := 0
		for r >= weights[i] {
			r -= weights[i]
			i++
		}
		nums = append(nums, pool[i])
	}
	rng.Shuffle(len(nums), func(i, j int) { nums[i], nums[j] = nums[j], nums[i] })
	return judgeInput{nums: nums, k: 1 + rng.IntN(p)}
}
