// Runtime error: the buckets are indexed by count, and a count can be as large as len(nums),
// but only len(nums) buckets are made (indices 0 to len(nums)-1). When one value fills all of
// nums, its bucket is out of range.
package topk

func topKFrequent(nums []int, k int) []int {
	count := make(map[int]int)
	for _, n := range nums {
		count[n]++
	}
	buckets := make([][]int, len(nums))
	for n, c := range count {
		buckets[c] = append(buckets[c], n)
	}
	res := make([]int, 0, k)
	for f := len(buckets) - 1; f > 0; f-- {
		for _, n := range buckets[f] {
			res = append(res, n)
			if len(res) == k {
				return res
			}
		}
	}
	return res
}
