// Too slow: a map of entries and a lazy min-heap of (expiry, key) items, as in the common
// container/heap solution: Set pushes an item and never fixes an old one, and a popped item
// whose expiry no longer matches its key's entry is stale and skipped. Delete also takes the
// key's item out of the heap at once, so that a deleted key leaves nothing behind; container/heap
// cannot find an item, so Delete looks through the heap's slice for it: O(n), where every
// other call is O(log n). The answers are all right.
package ttlcache

import (
	"container/heap"
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

type item struct {
	key     string
	expires time.Time
}

type itemHeap []item

func (h itemHeap) Len() int           { return len(h) }
func (h itemHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h itemHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *itemHeap) Push(x any)        { *h = append(*h, x.(item)) }
func (h *itemHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	old[len(old)-1] = item{}
	*h = old[:len(old)-1]
	return it
}

type entry struct {
	value   string
	expires time.Time
}

// Cache is a TTL cache, safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	clock   Clock
	entries map[string]entry
	expiry  itemHeap
}

// New returns an empty cache that reads the time from clock.
func New(clock Clock) *Cache {
	return &Cache{clock: clock, entries: make(map[string]entry)}
}

// purge removes the entries that have expired by now.
func (c *Cache) purge(now time.Time) {
	for len(c.expiry) > 0 && !now.Before(c.expiry[0].expires) {
		it := heap.Pop(&c.expiry).(item)
		if e, ok := c.entries[it.key]; ok && e.expires.Equal(it.expires) {
			delete(c.entries, it.key)
		}
	}
}

// Set stores value under key until ttl from now.
func (c *Cache) Set(key, value string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	c.purge(now)
	e := entry{value: value, expires: now.Add(ttl)}
	c.entries[key] = e
	heap.Push(&c.expiry, item{key: key, expires: e.expires})
}

// Get returns the value under key, if it has not expired.
func (c *Cache) Get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.purge(c.clock.Now())
	e, ok := c.entries[key]
	return e.value, ok
}

// Delete removes key and its item in the heap.
func (c *Cache) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.purge(c.clock.Now())
	e, ok := c.entries[key]
	if !ok {
		return
	}
	delete(c.entries, key)
	for i, it := range c.expiry {
		if it.key == key && it.expires.Equal(e.expires) {
			heap.Remove(&c.expiry, i)
			break
		}
	}
}

// Len returns the number of unexpired entries.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.purge(c.clock.Now())
	return len(c.entries)
}
