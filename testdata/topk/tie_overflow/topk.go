// Wrong answer: a bucket sort that appends whole buckets until it has k values. When values
// tie for the last place, the last bucket adds all of them and the result holds more than k.
package topk

func topKFrequent(nums []int, k int) []int {
	count := make(map[int]int)
	for _, n := range nums {
		count[n]++
	}
	buckets := make([][]int, len(nums)+1)
	for n, c := range count {
		buckets[c] = append(buckets[c], n)
	}
	var res []int
	for f := len(buckets) - 1; f > 0 && len(res) < k; f-- {
		res = append(res, buckets[f]...)
	}
	return res
}
