// Memory leak: the heap of expiries works and Len is a counter, but an expired entry is only
// marked dead, never deleted from the map, so every key ever set stays in memory. Its answers
// and its speed are all right.
package ttlcache

import (
	"container/heap"
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

type entry struct {
	key     string
	value   string
	expires time.Time
	dead    bool
	index   int
}

type byExpiry []*entry

func (h byExpiry) Len() int           { return len(h) }
func (h byExpiry) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h byExpiry) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *byExpiry) Push(x any) {
	e := x.(*entry)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *byExpiry) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// Cache is a TTL cache, safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	clock Clock
	items map[string]*entry
	heap  byExpiry
	live  int
}

// New returns an empty cache.
func New(clock Clock) *Cache {
	return &Cache{clock: clock, items: map[string]*entry{}}
}

// expire marks every entry that has expired as dead.
func (c *Cache) expire() {
	now := c.clock.Now()
	for len(c.heap) > 0 && !now.Before(c.heap[0].expires) {
		e := heap.Pop(&c.heap).(*entry)
		e.dead = true
		c.live--
	}
}

// Set stores value under key for ttl.
func (c *Cache) Set(key, value string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire()
	exp := c.clock.Now().Add(ttl)
	if e, ok := c.items[key]; ok && !e.dead {
		e.value, e.expires = value, exp
		heap.Fix(&c.heap, e.index)
		return
	}
	e := &entry{key: key, value: value, expires: exp}
	c.items[key] = e
	heap.Push(&c.heap, e)
	c.live++
}

// Get returns the value under key, if it has not expired.
func (c *Cache) Get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire()
	e, ok := c.items[key]
	if !ok || e.dead {
		return "", false
	}
	return e.value, true
}

// Delete removes key.
func (c *Cache) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire()
	if e, ok := c.items[key]; ok && !e.dead {
		heap.Remove(&c.heap, e.index)
		e.dead = true
		c.live--
	}
}

// Len counts the unexpired entries.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire()
	return c.live
}
