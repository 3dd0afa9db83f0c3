// Memory limit exceeded: every entry carries a 64 MiB buffer, as a cache sized in the wrong
// unit would. The correctness suite runs out of memory; the race suite, where the race
// detector makes every allocation slower, runs out of time first, and that is an echo of the
// same cause, not a deadlock.
package lru

import (
	"container/list"
	"sync"
)

type entry struct {
	key, value int
	buf        []byte
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
	c.items[key] = c.order.PushFront(&entry{key, value, buffer()})
	if c.order.Len() > c.capacity {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*entry).key)
	}
}

// buffer returns 64 MiB, every page of it written, so that it is memory the process holds.
func buffer() []byte {
	buf := make([]byte, 64<<20)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	return buf
}
