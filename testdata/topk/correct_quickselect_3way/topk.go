// Correct: quickselect on the distinct values by count, as LeetCode's editorial solution does,
// but with a three-way partition (less, equal, greater than the pivot's count), so that values
// whose counts tie with the pivot's are set aside all at once. O(n) on average, ties or not.
package topk

import "math/rand"

func topKFrequent(nums []int, k int) []int {
	count := make(map[int]int)
	for _, n := range nums {
		count[n]++
	}
	unique := make([]int, 0, len(count))
	for n := range count {
		unique = append(unique, n)
	}
	// Order unique so that its last k values are the most frequent: select the value of rank
	// len(unique)-k, counting from the least frequent.
	target := len(unique) - k
	lo, hi := 0, len(unique)-1
	for lo < hi {
		pivot := count[unique[lo+rand.Intn(hi-lo+1)]]
		// unique[lo:lt] < pivot, unique[lt:i] == pivot, unique[gt+1:hi+1] > pivot.
		lt, i, gt := lo, lo, hi
		for i <= gt {
			switch c := count[unique[i]]; {
			case c < pivot:
				unique[lt], unique[i] = unique[i], unique[lt]
				lt++
				i++
			case c > pivot:
				unique[i], unique[gt] = unique[gt], unique[i]
				gt--
			default:
				i++
			}
		}
		switch {
		case target < lt:
			hi = lt - 1
		case target > gt:
			lo = gt + 1
		default:
			lo = hi // the target falls among the values tied with the pivot: done
		}
	}
	return unique[target:]
}
