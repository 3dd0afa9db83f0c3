package lru

import "testing"

// These are examples to start from: run them with `go test`. They fail until Get and Put work.
// `prep submit` grades your solution with hidden tests that check much more, including
// concurrent use and speed.

// TestExample is the example from the problem statement.
func TestExample(t *testing.T) {
	c := Constructor(2)
	c.Put(1, 1)
	c.Put(2, 2)
	if got := c.Get(1); got != 1 {
		t.Fatalf("c.Get(1) = %d, want 1", got)
	}
	c.Put(3, 3) // evicts key 2, the least recently used
	if got := c.Get(2); got != -1 {
		t.Fatalf("c.Get(2) = %d, want -1: key 2 should have been evicted", got)
	}
	c.Put(4, 4) // evicts key 1
	if got := c.Get(1); got != -1 {
		t.Fatalf("c.Get(1) = %d, want -1: key 1 should have been evicted", got)
	}
	if got := c.Get(3); got != 3 {
		t.Fatalf("c.Get(3) = %d, want 3", got)
	}
	if got := c.Get(4); got != 4 {
		t.Fatalf("c.Get(4) = %d, want 4", got)
	}
}

// TestCapacityOne checks that a cache of one key keeps exactly the last key put.
func TestCapacityOne(t *testing.T) {
	c := Constructor(1)
	c.Put(1, 1)
	if got := c.Get(1); got != 1 {
		t.Fatalf("c.Get(1) = %d, want 1", got)
	}
	c.Put(2, 2) // evicts key 1
	if got := c.Get(1); got != -1 {
		t.Fatalf("c.Get(1) = %d, want -1: key 1 should have been evicted", got)
	}
	if got := c.Get(2); got != 2 {
		t.Fatalf("c.Get(2) = %d, want 2", got)
	}
}

// TestUpdate checks that putting a key that is already cached changes its value and makes it
// the most recently used, without evicting anything.
func TestUpdate(t *testing.T) {
	c := Constructor(2)
	c.Put(1, 1)
	c.Put(2, 2)
	c.Put(1, 10) // an update: nothing is evicted, and key 1 is now the most recently used
	c.Put(3, 3)  // evicts key 2
	if got := c.Get(2); got != -1 {
		t.Fatalf("c.Get(2) = %d, want -1: updating key 1 made key 2 the least recently used", got)
	}
	if got := c.Get(1); got != 10 {
		t.Fatalf("c.Get(1) = %d, want 10", got)
	}
	if got := c.Get(3); got != 3 {
		t.Fatalf("c.Get(3) = %d, want 3", got)
	}
}

// TestMissingKey checks that Get returns -1 for a key that was never put, also on an empty
// cache.
func TestMissingKey(t *testing.T) {
	c := Constructor(2)
	if got := c.Get(1); got != -1 {
		t.Fatalf("c.Get(1) on an empty cache = %d, want -1", got)
	}
	c.Put(1, 1)
	if got := c.Get(2); got != -1 {
		t.Fatalf("c.Get(2) = %d, want -1: key 2 was never put", got)
	}
	if got := c.Get(1); got != 1 {
		t.Fatalf("c.Get(1) = %d, want 1", got)
	}
}
