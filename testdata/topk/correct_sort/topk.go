// Correct: count with a map, then sort the distinct values by count, most frequent first, and
// take the first k. O(n + d log d) for d distinct values: not the fastest, but fast enough.
package topk

import "slices"

func topKFrequent(nums []int, k int) []int {
	freq := map[int]int{}
	for _, n := range nums {
		freq[n]++
	}
	unique := make([]int, 0, len(freq))
	for n := range freq {
		unique = append(unique, n)
	}
	slices.SortFunc(unique, func(a, b int) int { return freq[b] - freq[a] })
	return unique[:k]
}
