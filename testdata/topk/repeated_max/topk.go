// Too slow: count with a map, then take the most frequent value left, k times over, deleting
// each one taken. Right answers, and fast for a small k, but every round walks all the
// distinct values that remain: O(n + k*d) for d distinct values, which grows like n^2 when k
// is a fair share of them.
package topk

func topKFrequent(nums []int, k int) []int {
	count := make(map[int]int)
	for _, n := range nums {
		count[n]++
	}
	res := make([]int, 0, k)
	for len(res) < k {
		best, bestCount := 0, 0
		for n, c := range count {
			if c > bestCount {
				best, bestCount = n, c
			}
		}
		res = append(res, best)
		delete(count, best)
	}
	return res
}
