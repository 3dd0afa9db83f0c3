// API mismatch: it compiles, but returns the k most frequent values with their counts, as a
// map[int]int, where the challenge asks for a []int of the values.
package topk

import "sort"

func topKFrequent(nums []int, k int) map[int]int {
	count := map[int]int{}
	for _, n := range nums {
		count[n]++
	}
	vals := make([]int, 0, len(count))
	for v := range count {
		vals = append(vals, v)
	}
	sort.Slice(vals, func(i, j int) bool { return count[vals[i]] > count[vals[j]] })
	top := make(map[int]int, k)
	for _, v := range vals[:k] {
		top[v] = count[v]
	}
	return top
}
