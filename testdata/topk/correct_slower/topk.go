// Correct, a little slower: a bucket sort like a tuned solution, with two costlier choices.
// Each value is counted in a map of structs that keep the value beside its count, copied out
// and back in for every element; and the buckets are a map from count to values rather than a
// slice indexed by count, walked down from len(nums), the largest count possible, instead of
// from the largest count seen, so that most steps of the walk are map lookups of counts nobody
// has. Same O(n) as a tuned solution, just a larger constant: it must pass every suite.
package topk

type entry struct {
	value, count int
}

func topKFrequent(nums []int, k int) []int {
	counts := make(map[int]entry)
	for _, n := range nums {
		e := counts[n]
		e.value = n
		e.count++
		counts[n] = e
	}
	byCount := make(map[int][]int)
	for _, e := range counts {
		byCount[e.count] = append(byCount[e.count], e.value)
	}
	result := make([]int, 0, k)
	for c := len(nums); c > 0 && len(result) < k; c-- {
		values := byCount[c]
		result = append(result, values[:min(k-len(result), len(values))]...)
	}
	return result
}
