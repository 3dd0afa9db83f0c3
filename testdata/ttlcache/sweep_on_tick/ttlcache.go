// Too slow: correct, and it never leaks, but it sweeps the whole map for expired entries
// whenever the clock has moved since the last sweep. With a real clock, time moves between any
// two calls, so every call looks at every entry: O(n).
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
	swept time.Time // when the map was last swept
}

// New returns an empty cache.
func New(clock Clock) *Cache {
	return &Cache{clock: clock, items: make(map[string]entry)}
}

// sweep deletes the expired entries, unless it already did at this time, and returns now.
func (c *Cache) sweep() time.Time {
	now := c.clock.Now()
	if now.Equal(c.swept) {
		return now // nothing can have expired since
	}
	for k, e := range c.items {
		if !now.Before(e.expires) {
			delete(c.items, k)
		}
	}
	c.swept = now
	return now
}

// Set stores value under key for ttl.
func (c *Cache) Set(key, value string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.sweep()
	c.items[key] = entry{value, now.Add(ttl)}
}

// Get returns the value under key, if it has not expired.
func (c *Cache) Get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweep()
	e, ok := c.items[key]
	return e.value, ok
}

// Delete removes key.
func (c *Cache) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweep()
	delete(c.items, key)
}

// Len counts the unexpired entries.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweep()
	return len(c.items)
}
