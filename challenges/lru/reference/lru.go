// Package lru is the reference solution of the LRU cache challenge: a hash map from key to a
// node of a doubly linked list kept in recency order, behind one mutex.
package lru

import "sync"

type node struct {
	key, value int
	prev, next *node
}

// LRUCache is a fixed-capacity cache that evicts the least recently used key. It is safe for
// concurrent use.
//
// The syllabus API returns the cache by value, so every field is a pointer, a map or
// immutable: a copy shares the same state, and copying it copies no lock.
type LRUCache struct {
	mu       *sync.Mutex
	capacity int
	items    map[int]*node
	// head is a sentinel: head.next is the most recently used node, head.prev the least.
	head *node
}

// Constructor returns an empty cache that holds at most capacity keys.
func Constructor(capacity int) LRUCache {
	head := &node{}
	head.next, head.prev = head, head
	return LRUCache{
		mu:       new(sync.Mutex),
		capacity: capacity,
		items:    make(map[int]*node, capacity),
		head:     head,
	}
}

// Get returns the value of key, or -1 when it is absent, and makes key the most recently used.
func (c *LRUCache) Get(key int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.items[key]
	if !ok {
		return -1
	}
	c.moveToFront(n)
	return n.value
}

// Put sets the value of key, makes it the most recently used, and evicts the least recently
// used key when the cache holds more than its capacity.
func (c *LRUCache) Put(key, value int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.items[key]; ok {
		n.value = value
		c.moveToFront(n)
		return
	}
	n := &node{key: key, value: value}
	c.items[key] = n
	c.pushFront(n)
	if len(c.items) > c.capacity {
		lru := c.head.prev
		unlink(lru)
		delete(c.items, lru.key)
	}
}

func unlink(n *node) {
	n.prev.next = n.next
	n.next.prev = n.prev
}

func (c *LRUCache) pushFront(n *node) {
	n.prev = c.head
	n.next = c.head.next
	c.head.next.prev = n
	c.head.next = n
}

func (c *LRUCache) moveToFront(n *node) {
	unlink(n)
	c.pushFront(n)
}
