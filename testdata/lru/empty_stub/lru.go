// Wrong answer: the stub as `prep start` writes it; Get always returns -1 and Put does nothing.
package lru

// LRUCache is a cache of at most capacity keys that evicts the least recently used key when
// it is full. It must be safe for concurrent use by many goroutines.
type LRUCache struct {
	// TODO: add the fields your cache needs.
}

// Constructor returns an empty cache that holds at most capacity keys (capacity >= 1).
func Constructor(capacity int) LRUCache {
	// TODO: implement.
	return LRUCache{}
}

// Get returns the value of key, or -1 when key is absent, and makes key the most recently
// used. It must run in O(1).
func (c *LRUCache) Get(key int) int {
	// TODO: implement.
	return -1
}

// Put sets the value of key and makes it the most recently used. When the cache then holds
// more than capacity keys, it evicts the least recently used one. It must run in O(1).
func (c *LRUCache) Put(key, value int) {
	// TODO: implement.
}
