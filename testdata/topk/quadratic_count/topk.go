// Too slow: it counts each value by scanning the whole of nums again, so counting alone takes
// n*n steps. Right answers, but O(n^2) where O(n) is expected.
package topk

import "sort"

func topKFrequent(nums []int, k int) []int {
	freq := map[int]int{}
	for _, x := range nums {
		c := 0
		for _, y := range nums {
			if y == x {
				c++
			}
		}
		freq[x] = c
	}
	vals := make([]int, 0, len(freq))
	for v := range freq {
		vals = append(vals, v)
	}
	sort.Slice(vals, func(i, j int) bool { return freq[vals[i]] > freq[vals[j]] })
	return vals[:k]
}
