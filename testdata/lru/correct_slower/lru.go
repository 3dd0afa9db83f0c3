// Correct, a little slower: container/list keeps only the keys in recency order, and the
// values live in a second map beside the map of list elements. Every call looks a key up in
// both maps, and every new key is boxed into the list element's interface and inserted into
// (and later deleted from) two maps. Same O(1) per call as a tuned solution, just a larger
// constant: it must pass every suite.
package lru

import (
	"container/list"
	"sync"
)

// LRUCache is a fixed-capacity cache that evicts the least recently used key.
type LRUCache struct {
	mu       sync.Mutex
	capacity int
	order    *list.List            // keys, front: most recently used
	elems    map[int]*list.Element // key -> its element in order
	values   map[int]int           // key -> value
}

// Constructor returns an empty cache that holds at most capacity keys.
func Constructor(capacity int) LRUCache {
	return LRUCache{
		capacity: capacity,
		order:    list.New(),
		elems:    make(map[int]*list.Element, capacity),
		values:   make(map[int]int, capacity),
	}
}

// Get returns the value of key, or -1, and marks key as the most recently used.
func (c *LRUCache) Get(key int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.values[key]
	if !ok {
		return -1
	}
	c.order.MoveToFront(c.elems[key])
	return v
}

// Put inserts or updates key and evicts the least recently used key when over capacity.
func (c *LRUCache) Put(key, value int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.values[key]; ok {
		c.values[key] = value
		c.order.MoveToFront(c.elems[key])
		return
	}
	c.values[key] = value
	c.elems[key] = c.order.PushFront(key)
	if len(c.values) > c.capacity {
		oldest := c.order.Back()
		k := c.order.Remove(oldest).(int)
		delete(c.elems, k)
		delete(c.values, k)
	}
}
