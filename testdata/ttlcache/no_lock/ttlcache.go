// Race: right answers, but nothing is locked, so concurrent calls read and write the map and the
// heap at once. Correctness passes; the race detector fails the race suite.
package ttlcache

import (
	"container/heap"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

type item struct {
	key     string
	expires time.Time
}

type expiries []item

func (h expiries) Len() int           { return len(h) }
func (h expiries) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h expiries) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiries) Push(x any)        { *h = append(*h, x.(item)) }
func (h *expiries) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}

type entry struct {
	value   string
	expires time.Time
}

// Cache is a TTL cache.
type Cache struct {
	clock   Clock
	entries map[string]entry
	queue   expiries
}

// New returns an empty cache.
func New(clock Clock) *Cache {
	return &Cache{clock: clock, entries: map[string]entry{}}
}

// evict drops every entry that has expired by now.
func (c *Cache) evict(now time.Time) {
	for c.queue.Len() > 0 && !c.queue[0].expires.After(now) {
		it := heap.Pop(&c.queue).(item)
		if e, ok := c.entries[it.key]; ok && e.expires.Equal(it.expires) {
			delete(c.entries, it.key)
		}
	}
}

// Set stores value under key for ttl.
func (c *Cache) Set(key, value string, ttl time.Duration) {
	now := c.clock.Now()
	c.evict(now)
	exp := now.Add(ttl)
	c.entries[key] = entry{value, exp}
	heap.Push(&c.queue, item{key, exp})
}

// Get returns the value under key, if it has not expired.
func (c *Cache) Get(key string) (string, bool) {
	c.evict(c.clock.Now())
	e, ok := c.entries[key]
	return e.value, ok
}

// Delete removes key.
func (c *Cache) Delete(key string) {
	c.evict(c.clock.Now())
	delete(c.entries, key)
}

// Len counts the unexpired entries.
func (c *Cache) Len() int {
	c.evict(c.clock.Now())
	return len(c.entries)
}
