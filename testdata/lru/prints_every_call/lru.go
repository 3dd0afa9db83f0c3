// Too slow: correct, but Get prints every lookup, as debugging output left in does. The
// printing costs far more than the lookup.
package lru

import (
	"container/list"
	"fmt"
	"sync"
)

type entry struct {
	key, value int
}

// LRUCache is a fixed-capacity cache that evicts the least recently used key.
type LRUCache struct {
	mu       sync.Mutex
	capacity int
	order    *list.List // front: most recently used
	items    map[int]*list.Element
}

// Constructor returns an empty cache that holds at most capacity keys.
func Constructor(capacity int) LRUCache {
	return LRUCache{
		capacity: capacity,
		order:    list.New(),
		items:    make(map[int]*list.Element, capacity),
	}
}

// Get returns the value of key, or -1, and marks key as the most recently used.
func (c *LRUCache) Get(key int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return -1
	}
	c.order.MoveToFront(e)
	fmt.Println("lru: hit", key)
	return e.Value.(*entry).value
}

// Put inserts or updates key and evicts the least recently used key when over capacity.
func (c *LRUCache) Put(key, value int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		e.Value.(*entry).value = value
		c.order.MoveToFront(e)
		return
	}
	c.items[key] = c.order.PushFront(&entry{key, value})
	if c.order.Len() > c.capacity {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*entry).key)
	}
}
