// Too slow: correct and locked, but the recency order is a slice that Get and Put search from
// end to end and shift on every call, so both take time proportional to the number of keys.
package lru

import "sync"

// LRUCache is a fixed-capacity cache that evicts the least recently used key.
type LRUCache struct {
	mu       sync.Mutex
	capacity int
	values   map[int]int
	order    []int // least recently used first
}

// Constructor returns an empty cache that holds at most capacity keys.
func Constructor(capacity int) LRUCache {
	return LRUCache{capacity: capacity, values: make(map[int]int, capacity)}
}

// remove takes key out of the recency order, if it is there.
func (c *LRUCache) remove(key int) {
	for i, k := range c.order {
		if k == key {
			c.order = append(c.order[:i], c.order[i+1:]...)
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
	c.remove(key)
	c.order = append(c.order, key)
	return v
}

// Put inserts or updates key and evicts the least recently used key when over capacity.
func (c *LRUCache) Put(key, value int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.remove(key)
	c.order = append(c.order, key)
	c.values[key] = value
	if len(c.order) > c.capacity {
		delete(c.values, c.order[0])
		c.order = c.order[1:]
	}
}
