// Wrong answer: the stub as `prep start` writes it; Get never finds anything and Len is always 0.
package ttlcache

import "time"

// Clock tells the time. The tests pass a fake clock that moves only when they move it;
// production code would pass one whose Now calls time.Now.
type Clock interface{ Now() time.Time }

// Cache maps string keys to string values, each of which expires a fixed time after it was
// set. It must be safe for concurrent use by many goroutines.
type Cache struct {
	// TODO: add the fields your cache needs.
}

// New returns an empty cache that reads the time only from clock.
func New(clock Clock) *Cache {
	// TODO: implement.
	return &Cache{}
}

// Set stores value under key until ttl (> 0) from now: the entry is there while the clock reads
// less than now + ttl, and gone from now + ttl on. It replaces any entry for key, and its expiry.
func (c *Cache) Set(key, value string, ttl time.Duration) {
	// TODO: implement.
}

// Get returns the value stored under key and true, or "" and false when key is absent or has
// expired. It does not extend the entry's life.
func (c *Cache) Get(key string) (string, bool) {
	// TODO: implement.
	return "", false
}

// Delete removes key, if it is there.
func (c *Cache) Delete(key string) {
	// TODO: implement.
}

// Len returns the number of entries that have not expired. Like the other methods it must run
// in O(log n) amortised time or better: it must not look at every entry.
func (c *Cache) Len() int {
	// TODO: implement.
	return 0
}
