package topk

import (
	"math/rand/v2"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
	judgeReference "github.com/prep-judge/prep/challenges/topk/reference"
)

// TestGrowth times one whole call of topKFrequent against the reference, on random inputs of
// 20 to 2000 values and on the worst cases of the common ways to pick the k most frequent.
// Counting is O(n); so is the reference's bucket sort, and a heap of k values or a sort of the
// distinct values adds little, so all of them pass; counting each value by scanning nums again
// is O(n^2), and falls behind by a factor that grows with n.
//
// The sizes are small because the harness makes a few hundred calls at the largest size
// (rounds of at least 16 timed calls, then 200 to count allocations), and an O(n^2) solution
// must be told it is too slow within the suite's time limit on a busy machine, not run out of
// it: at 2000 values it needs half a second of CPU, at 100 000 values twenty minutes. Every
// spec an O(n^2) solution meets costs it seconds at its largest size, so the worst cases stop
// at 6400 and 20 000 values. Few distinct values keep the reference's map small and fast,
// which makes the gap between O(n) and O(n^2) plain even at these sizes.
func TestGrowth(t *testing.T) {
	judgeGate.Performance(t)
	kit.Measure(t,
		judgeSpec("topKFrequent(nums, 3)", []int{20, 200, 2000}, judgePerfInput),
		// The worst case of the common ways to pick the k largest counts: every count tied,
		// the values in sorted order. A quickselect or quicksort that partitions in two (as
		// LeetCode's editorial solution does) puts every tied count on one side and takes
		// O(d^2) for d distinct values; random inputs, where few counts tie, never show it.
		judgeSpec("topKFrequent(nums, 3), every count tied", []int{200, 2000, 20000}, judgeTiedInput),
		// The worst case of the ways that make k rounds over the distinct values, such as
		// taking the most frequent one left k times over: O(k*d) for d distinct values, which
		// a small k hides, and which grows like n^2 when k is a fair share of them. A heap of
		// k values, or a sort of all of them, still passes; so does quickselect, since the k
		// wanted are set apart from the rest by their counts.
		judgeSpec("topKFrequent(nums, k), k half the distinct values", []int{64, 640, 6400}, judgeHalvesInput),
	)
}

// judgeSpec times one whole call on each input of size n that input makes, the solution's and
// the reference's, and checks each answer by the input's digest.
func judgeSpec(op string, sizes []int, input func(n int) (nums []int, k int, digest func([]int) int)) kit.PerfSpec {
	workload := func(topK func([]int, int) []int) func(n int) kit.Workload {
		return func(n int) kit.Workload {
			nums, k, digest := input(n)
			return kit.Workload{Op: func(int) int { return digest(topK(nums, k)) }}
		}
	}
	return kit.PerfSpec{
		Operation: op, Sizes: sizes,
		Solution: workload(topKFrequent), Reference: workload(judgeReference.TopKFrequent),
	}
}

// judgeHalvesInput returns n values, n/4 of them distinct, from all over the int range and in
// random order: half of the distinct values appear 6 times and the other half twice. With them
// come k, the number of values that appear 6 times, which are the one right answer, and the
// digest of an answer: the number of values and the sum of their counts.
func judgeHalvesInput(n int) (nums []int, k int, digest func([]int) int) {
	rng := rand.New(rand.NewPCG(0x4a_1f, uint64(n)))
	k = n / 8
	counts := map[int]int{}
	for len(counts) < 2*k {
		v := int(rng.Uint64())
		if _, ok := counts[v]; ok {
			continue
		}
		counts[v] = 2
		if len(counts) <= k {
			counts[v] = 6
		}
		for range counts[v] {
			nums = append(nums, v)
		}
	}
	rng.Shuffle(len(nums), func(i, j int) { nums[i], nums[j] = nums[j], nums[i] })
	return nums, k, func(answer []int) int {
		sum := len(answer) << 32
		for _, v := range answer {
			sum += counts[v]
		}
		return sum
	}
}

// judgeTiedInput returns n values, each of n/10 distinct values ten times over, in ascending
// order, k = judgePerfK, and the digest of an answer (see judgePerfInput).
func judgeTiedInput(n int) (nums []int, k int, digest func([]int) int) {
	const each = 10
	nums = make([]int, 0, n)
	for v := 0; len(nums) < n; v++ {
		for range each {
			nums = append(nums, v*7919)
		}
	}
	return nums, judgePerfK, func(answer []int) int {
		sum := len(answer) << 32
		for _, v := range answer {
			if v%7919 == 0 && v >= 0 && v/7919 < n/each {
				sum += each
			}
		}
		return sum
	}
}

const judgePerfK = 3

// judgePerfInput returns n values of which a tenth (at least 5) are distinct, from all over
// the int range, and k = judgePerfK: each appears once, and the rest of the places go to them by a skewed draw, so
// that a few values are much more frequent than the others, as in real data. With them comes
// the digest of an answer that the performance suite checks: the number of values and the sum
// of their counts, the same for every right answer, whichever of the values tied for the last
// place it holds.
func judgePerfInput(n int) (nums []int, k int, digest func([]int) int) {
	rng := rand.New(rand.NewPCG(0xbe_ef, uint64(n)))
	distinct := max(n/10, 5)
	values := make([]int, distinct)
	for i := range values {
		values[i] = int(rng.Uint64())
	}
	nums = append(make([]int, 0, n), values...)
	for len(nums) < n {
		u := rng.Float64()
		nums = append(nums, values[int(float64(distinct)*u*u)])
	}
	rng.Shuffle(len(nums), func(i, j int) { nums[i], nums[j] = nums[j], nums[i] })
	counts := map[int]int{}
	for _, v := range nums {
		counts[v]++
	}
	return nums, judgePerfK, func(answer []int) int {
		sum := len(answer) << 32
		for _, v := range answer {
			sum += counts[v]
		}
		return sum
	}
}
