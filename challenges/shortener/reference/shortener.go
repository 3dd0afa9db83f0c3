// Package shortener is the reference solution of the URL shortener challenge: base62 codes
// of sequential IDs, and a store of two indexes, URL to ID and ID to URL, behind one mutex.
package shortener

import (
	"errors"
	"math"
	"sync"
)

// alphabet is the base62 digits in order of value: '0' is 0, 'a' is 10, 'A' is 36, 'Z' is 61.
const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

const base = uint64(len(alphabet))

// ErrInvalid is the error Decode returns, possibly wrapped, for an empty string or one with a
// character outside the alphabet.
var ErrInvalid = errors.New("shortener: not a base62 string")

// ErrOverflow is the error Decode returns, possibly wrapped, for a value above math.MaxUint64.
var ErrOverflow = errors.New("shortener: base62 value overflows uint64")

// digit maps a byte to its value, or to -1 when the byte is not in the alphabet.
var digit = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = int8(i)
	}
	return t
}()

// Encode returns the base62 form of n, most significant digit first, with no leading zeros.
func Encode(n uint64) string {
	var buf [11]byte // math.MaxUint64 has 11 base62 digits
	i := len(buf)
	for {
		i--
		buf[i] = alphabet[n%base]
		n /= base
		if n == 0 {
			return string(buf[i:])
		}
	}
}

// Decode returns the value of the base62 string s. Leading zeros are allowed.
func Decode(s string) (uint64, error) {
	if s == "" {
		return 0, ErrInvalid
	}
	var n uint64
	overflow := false
	for i := 0; i < len(s); i++ {
		d := digit[s[i]]
		if d < 0 {
			return 0, ErrInvalid
		}
		// n*base + d > MaxUint64 exactly when n > (MaxUint64-d)/base.
		if n > (math.MaxUint64-uint64(d))/base {
			overflow = true // keep going: an invalid character later still makes s invalid
			continue
		}
		n = n*base + uint64(d)
	}
	if overflow {
		return math.MaxUint64, ErrOverflow
	}
	return n, nil
}

// Store maps short codes to URLs: the code of a URL is the base62 encoding of its ID, and IDs
// are given out 1, 2, 3, ... in the order URLs are first shortened. It is safe for concurrent
// use.
type Store struct {
	mu   sync.Mutex
	ids  map[string]uint64 // URL -> ID
	urls []string          // ID i is urls[i-1]
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{ids: make(map[string]uint64)}
}

// Shorten returns the code of url, giving url the next ID the first time it is seen.
func (s *Store) Shorten(url string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.ids[url]
	if !ok {
		s.urls = append(s.urls, url)
		id = uint64(len(s.urls))
		s.ids[url] = id
	}
	return Encode(id)
}

// Resolve returns the URL whose code is code, or "", false when Shorten never returned code.
func (s *Store) Resolve(code string) (string, bool) {
	id, err := Decode(code)
	// Only canonical codes: "01" decodes to 1, but Shorten would have said "1".
	if err != nil || id == 0 || code[0] == '0' {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id > uint64(len(s.urls)) {
		return "", false
	}
	return s.urls[id-1], true
}
