// Wrong answer: an entry is kept while the clock has not passed its expiry (After), so at the
// exact instant it expires, Get still finds it and Len still counts it.
package ttlcache

import (
	"container/heap"
	"sync"
	"time"
)

// Clock tells the time. The tests pass a fake one that moves only when they move it.
type Clock interface{ Now() time.Time }

type entry struct {
	key     string
	value   string
	expires time.Time
	index   int // in the heap
}

// expiryHeap is a min-heap of entries by expiry; each entry knows its index, so that an
// overwritten or deleted entry can be fixed or removed in place.
type expiryHeap []*entry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *expiryHeap) Push(x any) {
	e := x.(*entry)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil // let the entry be collected
	*h = old[:len(old)-1]
	return e
}

// Cache maps string keys to string values that expire. It is safe for concurrent use.
//
// Every entry is in the map and in the heap, and nothing else is: once an operation has
// removed what expired, len(items) is the number of unexpired entries.
type Cache struct {
	clock Clock

	mu    sync.Mutex
	items map[string]*entry
	byExp expiryHeap
}

// New returns an empty cache that reads the time from clock.
func New(clock Clock) *Cache {
	return &Cache{clock: clock, items: make(map[string]*entry)}
}

// expire removes every entry whose expiry is not after now. Each entry is removed once, so
// the cost is O(log n) per entry over the cache's life: amortised O(log n) per Set.
// The caller holds c.mu.
func (c *Cache) expire(now time.Time) {
	for len(c.byExp) > 0 && now.After(c.byExp[0].expires) {
		e := heap.Pop(&c.byExp).(*entry)
		delete(c.items, e.key)
	}
}

// Set stores value under key until ttl from now, replacing any entry for key and its expiry.
func (c *Cache) Set(key, value string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	c.expire(now)
	if e, ok := c.items[key]; ok {
		e.value = value
		e.expires = now.Add(ttl)
		heap.Fix(&c.byExp, e.index)
		return
	}
	e := &entry{key: key, value: value, expires: now.Add(ttl)}
	c.items[key] = e
	heap.Push(&c.byExp, e)
}

// Get returns the value stored under key and true, or "" and false when key is absent or
// has expired.
func (c *Cache) Get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(c.clock.Now())
	e, ok := c.items[key]
	if !ok {
		return "", false
	}
	return e.value, true
}

// Delete removes key, if it is there.
func (c *Cache) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(c.clock.Now())
	if e, ok := c.items[key]; ok {
		heap.Remove(&c.byExp, e.index)
		delete(c.items, key)
	}
}

// Len returns the number of unexpired entries.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(c.clock.Now())
	return len(c.items)
}
