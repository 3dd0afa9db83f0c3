package shortener

import (
	"errors"
	"math"
	"testing"
)

// These are examples to start from: run them with `go test`. They fail until your code works.
// `prep submit` grades your solution with hidden tests that check much more, including
// concurrent use and speed.

// TestEncode checks a few values, from zero to the largest uint64.
func TestEncode(t *testing.T) {
	for _, tc := range []struct {
		n    uint64
		want string
	}{
		{0, "0"}, {9, "9"}, {10, "a"}, {35, "z"}, {36, "A"}, {61, "Z"},
		{62, "10"}, {3843, "ZZ"}, {3844, "100"}, {math.MaxUint64, "lYGhA16ahyf"},
	} {
		if got := Encode(tc.n); got != tc.want {
			t.Errorf("Encode(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// TestDecode checks that Decode undoes Encode, and accepts leading zeros.
func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want uint64
	}{
		{"0", 0}, {"Z", 61}, {"10", 62}, {"007", 7}, {"lYGhA16ahyf", math.MaxUint64},
	} {
		if got, err := Decode(tc.s); got != tc.want || err != nil {
			t.Errorf("Decode(%q) = %d, %v, want %d, nil", tc.s, got, err, tc.want)
		}
	}
}

// TestDecodeErrors checks the two errors Decode reports.
func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want error
	}{
		{"", ErrInvalid},
		{"ab-c", ErrInvalid},
		{"lYGhA16ahyg", ErrOverflow}, // math.MaxUint64 + 1
		{"zzzzzzzzzzzz", ErrOverflow},
	} {
		if _, err := Decode(tc.s); !errors.Is(err, tc.want) {
			t.Errorf("Decode(%q) returned error %v, want %v", tc.s, err, tc.want)
		}
	}
}

// TestStore is the example from the problem statement.
func TestStore(t *testing.T) {
	s := NewStore()
	if got := s.Shorten("https://go.dev"); got != "1" {
		t.Fatalf(`s.Shorten("https://go.dev") = %q, want "1"`, got)
	}
	if got := s.Shorten("https://pkg.go.dev"); got != "2" {
		t.Fatalf(`s.Shorten("https://pkg.go.dev") = %q, want "2"`, got)
	}
	if got := s.Shorten("https://go.dev"); got != "1" {
		t.Fatalf(`s.Shorten("https://go.dev") again = %q, want "1": the same URL gets the same code`, got)
	}
	if got, ok := s.Resolve("2"); got != "https://pkg.go.dev" || !ok {
		t.Fatalf(`s.Resolve("2") = %q, %t, want "https://pkg.go.dev", true`, got, ok)
	}
	if got, ok := s.Resolve("3"); got != "" || ok {
		t.Fatalf(`s.Resolve("3") = %q, %t, want "", false: no URL has code "3"`, got, ok)
	}
}
