// Memory leak: expired entries are removed only when a Get finds them, so keys that are never
// read again stay in memory for ever; and Len has to look at every entry to count the
// unexpired ones, O(n). Its answers are all right.
package ttlcache

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

type entry struct {
	value   string
	expires time.Time
}

// Cache is a TTL cache, safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	clock Clock
	items map[string]entry
}

// New returns an empty cache.
func New(clock Clock) *Cache {
	return &Cache{clock: clock, items: make(map[string]entry)}
}

// Set stores value under key for ttl.
func (c *Cache) Set(key, value string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[key] = entry{value: value, expires: c.clock.Now().Add(ttl)}
}

// Get returns the value under key, if it has not expired; an expired entry is removed.
func (c *Cache) Get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return "", false
	}
	if !c.clock.Now().Before(e.expires) {
		delete(c.items, key)
		return "", false
	}
	return e.value, true
}

// Delete removes key.
func (c *Cache) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, key)
}

// Len counts the unexpired entries.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	n := 0
	for _, e := range c.items {
		if now.Before(e.expires) {
			n++
		}
	}
	return n
}
