package hashring

import (
	"hash/crc32"
	"strconv"
	"testing"
)

// These are examples to start from: run them with `go test`. They fail until your ring works.
// `prep submit` grades your solution with hidden tests that check much more, including
// concurrent use and speed.

// numbers is a hash for tests: it reads the bytes as a decimal number, so that node "2" with
// 3 replicas has the points hash("02") = 2, hash("12") = 12 and hash("22") = 22.
func numbers(b []byte) uint32 {
	n, _ := strconv.Atoi(string(b))
	return uint32(n)
}

// TestExample is the example from the problem statement.
func TestExample(t *testing.T) {
	r := New(3, numbers)
	if got := r.Get("1"); got != "" {
		t.Fatalf(`r.Get("1") on an empty ring = %q, want ""`, got)
	}
	r.Add("6", "4", "2") // points 2, 4, 6, 12, 14, 16, 22, 24, 26
	for key, want := range map[string]string{
		"2":  "2", // a point exactly at the key's hash owns it
		"11": "2", // the first point at or after 11 is 12, a point of "2"
		"23": "4", // 24
		"27": "2", // past the last point: wraps around to 2
	} {
		if got := r.Get(key); got != want {
			t.Errorf("r.Get(%q) = %q, want %q", key, got, want)
		}
	}
	r.Add("8") // points 8, 18, 28
	if got := r.Get("27"); got != "8" {
		t.Errorf(`after r.Add("8"), r.Get("27") = %q, want "8"`, got)
	}
	r.Remove("8")
	if got := r.Get("27"); got != "2" {
		t.Errorf(`after r.Remove("8"), r.Get("27") = %q, want "2"`, got)
	}
}

// TestTies checks that when points of several nodes share a hash, the smallest name owns it.
func TestTies(t *testing.T) {
	length := func(b []byte) uint32 { return uint32(len(b)) }
	r := New(1, length)
	r.Add("b", "c", "a") // one point each, all at hash len("0b") = 2
	if got := r.Get("k"); got != "a" {
		t.Fatalf(`r.Get("k") = %q, want "a": "a", "b" and "c" share the point 2, and the smallest name owns it`, got)
	}
	r.Remove("a")
	if got := r.Get("k"); got != "b" {
		t.Fatalf(`after r.Remove("a"), r.Get("k") = %q, want "b"`, got)
	}
}

// TestMinimalRemapping checks that adding a node moves keys only to that node.
func TestMinimalRemapping(t *testing.T) {
	r := New(50, crc32.ChecksumIEEE)
	r.Add("cache-1", "cache-2", "cache-3")
	before := map[string]string{}
	for i := 0; i < 1000; i++ {
		key := "user:" + strconv.Itoa(i)
		before[key] = r.Get(key)
	}
	r.Add("cache-4")
	moved := 0
	for key, owner := range before {
		switch got := r.Get(key); got {
		case owner:
		case "cache-4":
			moved++
		default:
			t.Fatalf(`after r.Add("cache-4"), r.Get(%q) = %q, but it was %q before: keys may only move to the new node`, key, got, owner)
		}
	}
	if moved == 0 {
		t.Fatal(`after r.Add("cache-4"), no key moved to it`)
	}
}
