// Too slow on most access patterns: the values are in a map, and the order of use is a
// container/list of keys, but nothing leads from a key to its place in the list, so making a
// key the most recently used searches the list for it, from the least recently used end.
// Inserting a new key and evicting the oldest are O(1), and so is a Get of the key used
// longest ago, found at once; a Get or an update of a key used recently walks nearly the whole
// list: O(n).
package lru

import (
	"container/list"
	"sync"
)

// LRUCache is a fixed-capacity cache that evicts the least recently used key.
type LRUCache struct {
	mu       sync.Mutex
	capacity int
	values   map[int]int
	order    *list.List // of keys; front: most recently used
}

// Constructor returns an empty cache that holds at most capacity keys.
func Constructor(capacity int) LRUCache {
	return LRUCache{capacity: capacity, values: make(map[int]int, capacity), order: list.New()}
}

// touch moves key to the front of the order, searching for it from the back.
func (c *LRUCache) touch(key int) {
	for e := c.order.Back(); e != nil; e = e.Prev() {
		if e.Value.(int) == key {
			c.order.MoveToFront(e)
			return
		}
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
	c.touch(key)
	return v
}

// Put inserts or updates key and evicts the least recently used key when over capacity.
func (c *LRUCache) Put(key, value int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.values[key]; ok {
		c.values[key] = value
		c.touch(key)
		return
	}
	c.values[key] = value
	c.order.PushFront(key)
	if c.order.Len() > c.capacity {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.values, oldest.Value.(int))
	}
}
