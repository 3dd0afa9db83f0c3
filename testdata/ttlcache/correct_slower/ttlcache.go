// Correct but a little slower: the reference's design, a min-heap of expiries popped at the
// start of every call, but with the values and the heap's items in two separate maps (values
// kept as structs, copied in and out), so that adding, replacing and removing a key each touch
// both maps, and with a sync.RWMutex that every call takes for writing (even Get and Len remove
// what expired), which costs more than a plain sync.Mutex. Every operation has the reference's
// complexity and is only a little slower.
package ttlcache

import (
	"container/heap"
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

// entry is what a key holds.
type entry struct {
	value   string
	expires time.Time
}

// item is a key's place in the heap of expiries.
type item struct {
	key     string
	expires time.Time
	index   int
}

type expiryHeap []*item

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h expiryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *expiryHeap) Push(x any) {
	it := x.(*item)
	it.index = len(*h)
	*h = append(*h, it)
}
func (h *expiryHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return it
}

// Cache is a TTL cache, safe for concurrent use.
type Cache struct {
	mu     sync.RWMutex
	clock  Clock
	values map[string]entry // key -> value and expiry
	items  map[string]*item // key -> its item in the heap
	queue  expiryHeap
}

// New returns an empty cache.
func New(clock Clock) *Cache {
	return &Cache{clock: clock, values: map[string]entry{}, items: map[string]*item{}}
}

// removeExpired drops every entry whose expiry is not after now. The caller holds c.mu.
func (c *Cache) removeExpired(now time.Time) {
	for len(c.queue) > 0 && !now.Before(c.queue[0].expires) {
		it := heap.Pop(&c.queue).(*item)
		delete(c.items, it.key)
		delete(c.values, it.key)
	}
}

// Set stores value under key for ttl, replacing any earlier value and expiry.
func (c *Cache) Set(key, value string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	c.removeExpired(now)
	expires := now.Add(ttl)
	c.values[key] = entry{value: value, expires: expires}
	if it, ok := c.items[key]; ok {
		it.expires = expires
		heap.Fix(&c.queue, it.index)
		return
	}
	it := &item{key: key, expires: expires}
	c.items[key] = it
	heap.Push(&c.queue, it)
}

// Get returns the value under key, if it is there and has not expired.
func (c *Cache) Get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	c.removeExpired(now)
	e, ok := c.values[key]
	if !ok || !now.Before(e.expires) {
		return "", false
	}
	return e.value, true
}

// Delete removes key, if it is there.
func (c *Cache) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.removeExpired(c.clock.Now())
	if it, ok := c.items[key]; ok {
		heap.Remove(&c.queue, it.index)
		delete(c.items, key)
		delete(c.values, key)
	}
}

// Len returns the number of unexpired entries.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.removeExpired(c.clock.Now())
	return len(c.values)
}
