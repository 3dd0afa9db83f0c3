// Correct but a little slower: sequential IDs in base62 like the reference, but written the
// way many first drafts are. Encode collects the digits least significant first and then
// writes them out in reverse through a strings.Builder, a byte at a time; Decode finds each
// digit with strings.IndexByte on the alphabet rather than a lookup table; the store maps IDs
// back to URLs with a second map rather than a slice, behind a sync.RWMutex whose write lock
// Shorten takes on every call (a write lock costs more than a plain mutex's); and Shorten
// checks that a URL is known and then looks it up again to read its ID. Every operation has
// the reference's complexity and is only a little slower.
package shortener

import (
	"errors"
	"math"
	"strings"
	"sync"
)

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// ErrInvalid is returned by Decode for a string that is not base62.
var ErrInvalid = errors.New("shortener: not a base62 string")

// ErrOverflow is returned by Decode for a value that does not fit in a uint64.
var ErrOverflow = errors.New("shortener: base62 value overflows uint64")

// Encode returns the base62 form of n, with no leading zeros.
func Encode(n uint64) string {
	if n == 0 {
		return "0"
	}
	var digits []byte // least significant first
	for n > 0 {
		digits = append(digits, alphabet[n%62])
		n /= 62
	}
	var sb strings.Builder
	for i := len(digits) - 1; i >= 0; i-- {
		sb.WriteByte(digits[i])
	}
	return sb.String()
}

// Decode returns the value of the base62 string s.
func Decode(s string) (uint64, error) {
	if s == "" {
		return 0, ErrInvalid
	}
	var n uint64
	overflow := false
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(alphabet, s[i])
		if d < 0 {
			return 0, ErrInvalid
		}
		if n > (math.MaxUint64-uint64(d))/62 {
			overflow = true // an invalid character further on still makes s invalid
			continue
		}
		n = n*62 + uint64(d)
	}
	if overflow {
		return 0, ErrOverflow
	}
	return n, nil
}

// Store maps URLs to short codes and back. It is safe for concurrent use.
type Store struct {
	mu     sync.RWMutex
	lastID uint64
	ids    map[string]uint64 // URL -> ID
	urls   map[uint64]string // ID -> URL
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{ids: map[string]uint64{}, urls: map[uint64]string{}}
}

// Shorten returns the code of url, giving it the next ID the first time it is seen.
func (s *Store) Shorten(url string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.ids[url]; ok {
		return Encode(s.ids[url])
	}
	s.lastID++
	s.ids[url] = s.lastID
	s.urls[s.lastID] = url
	return Encode(s.lastID)
}

// Resolve returns the URL whose code is code, if Shorten ever returned code.
func (s *Store) Resolve(code string) (string, bool) {
	id, err := Decode(code)
	if err != nil || code[0] == '0' { // Shorten never writes a leading zero, nor "0"
		return "", false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	url, ok := s.urls[id]
	return url, ok
}
