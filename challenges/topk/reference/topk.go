// Package topk is the reference solution of the top K frequent elements challenge: count each
// value with a map, then sort the values by frequency with a bucket sort, which takes O(n)
// time because a frequency is an integer between 1 and len(nums).
package topk

// topKFrequent returns the k most frequent values of nums, in any order. It reads nums and
// never writes it, and keeps no state between calls, so any number of goroutines may call it
// at once, even on the same slice.
func topKFrequent(nums []int, k int) []int {
	count := make(map[int]int)
	most := 0
	for _, v := range nums {
		c := count[v] + 1
		count[v] = c
		most = max(most, c)
	}
	// buckets[f] holds the values that appear exactly f times. No value appears more than
	// most times, so most+1 buckets are enough.
	buckets := make([][]int, most+1)
	for v, c := range count {
		buckets[c] = append(buckets[c], v)
	}
	// Take values from the most frequent bucket down. The last bucket taken may hold more
	// values than are still needed: they tie, so any of them will do.
	top := make([]int, 0, k)
	for f := most; f > 0 && len(top) < k; f-- {
		need := k - len(top)
		top = append(top, buckets[f][:min(need, len(buckets[f]))]...)
	}
	return top
}
