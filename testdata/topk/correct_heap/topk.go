// Correct: count with a map, then keep the k most frequent values in a min-heap of size k
// (container/heap), evicting the least frequent whenever it grows past k. O(n log k).
package topk

import "container/heap"

type entry struct {
	value, count int
}

// minHeap orders entries by count, the least frequent on top.
type minHeap []entry

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return h[i].count < h[j].count }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(entry)) }
func (h *minHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

func topKFrequent(nums []int, k int) []int {
	counts := make(map[int]int)
	for _, n := range nums {
		counts[n]++
	}
	h := &minHeap{}
	for v, c := range counts {
		heap.Push(h, entry{v, c})
		if h.Len() > k {
			heap.Pop(h)
		}
	}
	result := make([]int, 0, k)
	for _, e := range *h {
		result = append(result, e.value)
	}
	return result
}
