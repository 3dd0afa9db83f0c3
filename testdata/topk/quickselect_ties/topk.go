// Too slow: quickselect on the distinct values by count, with a random pivot and a Lomuto
// partition, as LeetCode's editorial solution writes it. Expected O(n) on random input, it
// degrades to O(d^2) for d distinct values when their counts tie: every value equal to the
// pivot's count lands on one side, and each partition sets aside one value.
package topk

import "math/rand"

func topKFrequent(nums []int, k int) []int {
	count := map[int]int{}
	for _, n := range nums {
		count[n]++
	}
	unique := make([]int, 0, len(count))
	for n := range count {
		unique = append(unique, n)
	}
	partition := func(left, right, pivot int) int {
		pivotFrequency := count[unique[pivot]]
		unique[pivot], unique[right] = unique[right], unique[pivot]
		store := left
		for i := left; i <= right; i++ {
			if count[unique[i]] < pivotFrequency {
				unique[store], unique[i] = unique[i], unique[store]
				store++
			}
		}
		unique[right], unique[store] = unique[store], unique[right]
		return store
	}
	var quickselect func(left, right, kSmallest int)
	quickselect = func(left, right, kSmallest int) {
		if left == right {
			return
		}
		pivot := left + rand.Intn(right-left+1)
		pivot = partition(left, right, pivot)
		switch {
		case kSmallest == pivot:
			return
		case kSmallest < pivot:
			quickselect(left, pivot-1, kSmallest)
		default:
			quickselect(pivot+1, right, kSmallest)
		}
	}
	n := len(unique)
	quickselect(0, n-1, n-k)
	return unique[n-k:]
}
