// Runtime error: Get calls log.Fatal on a missing key, as a quick script would. log.Fatal
// ends the whole test process in the middle of a test, which is not a wrong answer but a crash.
package lru

import (
	"container/list"
	"log"
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
		log.Fatalf("lru: key %d not found", key)
	}
	c.order.MoveToFront(e)
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
