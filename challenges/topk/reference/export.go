package topk

// TopKFrequent exports topKFrequent, which the API keeps unexported as LeetCode does, to the
// challenge's stand-in and to the hidden performance test, which measures a solution beside it.
func TopKFrequent(nums []int, k int) []int { return topKFrequent(nums, k) }
