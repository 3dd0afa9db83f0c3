// Wrong answer: the stub as `prep start` writes it; it returns nil.
package topk

// topKFrequent returns the k most frequent values of nums, in any order. When values tie for
// the last place, any of them may be returned. 1 <= k <= the number of distinct values.
//
// It must not modify nums, must be safe to call from many goroutines at once (even on the
// same slice), and must run in O(n log k) time or better.
func topKFrequent(nums []int, k int) []int {
	// TODO: implement.
	return nil
}
