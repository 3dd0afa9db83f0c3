// Race: to save allocations it reuses one package-level map and result buffer across calls.
// Correct one call at a time, but concurrent calls write the same map and slice.
package topk

import "sort"

var (
	counts = make(map[int]int)
	keys   []int
)

func topKFrequent(nums []int, k int) []int {
	clear(counts)
	for _, n := range nums {
		counts[n]++
	}
	keys = keys[:0]
	for n := range counts {
		keys = append(keys, n)
	}
	sort.Slice(keys, func(i, j int) bool { return counts[keys[i]] > counts[keys[j]] })
	return append([]int(nil), keys[:k]...)
}
