// Memory leak: the reference's design, a map and a min-heap of entries by expiry with their
// heap indexes, but Pop is written as in the IntHeap example of container/heap: it shortens the
// slice without clearing the slot it gives up. The array behind the heap still points to every
// entry popped from it, value and all, until a later Push writes over the slot: after a burst
// of entries that expire, the cache keeps them all while it stays small. Its answers and its
// speed are all right.
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
	value   string
	expires time.Time
	index   int
}

type pq []*item

func (h pq) Len() int           { return len(h) }
func (h pq) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h pq) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *pq) Push(x any) {
	it := x.(*item)
	it.index = len(*h)
	*h = append(*h, it)
}
func (h *pq) Pop() any {
	old := *h
	n := len(old)
	it := old[n-1]
	*h = old[0 : n-1]
	return it
}

// Cache is a TTL cache, safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	clock Clock
	items map[string]*item
	queue pq
}

// New returns an empty cache that reads the time from clock.
func New(clock Clock) *Cache {
	return &Cache{clock: clock, items: map[string]*item{}}
}

func (c *Cache) cleanup(now time.Time) {
	for len(c.queue) > 0 && !now.Before(c.queue[0].expires) {
		it := heap.Pop(&c.queue).(*item)
		delete(c.items, it.key)
	}
}

// Set stores value under key until ttl from now.
func (c *Cache) Set(key, value string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	c.cleanup(now)
	if it, ok := c.items[key]; ok {
		it.value = value
		it.expires = now.Add(ttl)
		heap.Fix(&c.queue, it.index)
		return
	}
	it := &item{key: key, value: value, expires: now.Add(ttl)}
	heap.Push(&c.queue, it)
	c.items[key] = it
}

// Get returns the value under key, if it has not expired.
func (c *Cache) Get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cleanup(c.clock.Now())
	if it, ok := c.items[key]; ok {
		return it.value, true
	}
	return "", false
}

// Delete removes key.
func (c *Cache) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cleanup(c.clock.Now())
	if it, ok := c.items[key]; ok {
		heap.Remove(&c.queue, it.index)
		delete(c.items, key)
	}
}

// Len returns the number of unexpired entries.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cleanup(c.clock.Now())
	return len(c.items)
}
