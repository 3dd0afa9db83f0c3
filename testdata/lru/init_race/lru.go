// Race detected: the cache itself is correct, but init warms a shared count from two
// goroutines without a lock, before any test runs. The detector reports it outside every test.
package lru

import (
	"container/list"
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

var warmed int // a count, not a map: a map written at once may also crash a build without the detector

func init() {
	done := make(chan bool)
	for g := 0; g < 2; g++ {
		go func() {
			warmed += g + 1
			done <- true
		}()
	}
	<-done
	<-done
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
	c.items[key] = c.order.PushFront(&entry{key, value})
	if c.order.Len() > c.capacity {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*entry).key)
	}
}
