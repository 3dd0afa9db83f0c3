// Wrong answer: it sorts nums in place to count runs of equal values without a map. The answers
// are right, but the caller's slice comes back reordered, and goroutines sharing one slice race.
package topk

import "sort"

type run struct {
	value, length int
}

func topKFrequent(nums []int, k int) []int {
	sort.Ints(nums)
	var runs []run
	for i := 0; i < len(nums); {
		j := i
		for j < len(nums) && nums[j] == nums[i] {
			j++
		}
		runs = append(runs, run{nums[i], j - i})
		i = j
	}
	sort.Slice(runs, func(a, b int) bool { return runs[a].length > runs[b].length })
	res := make([]int, k)
	for i := range res {
		res[i] = runs[i].value
	}
	return res
}
