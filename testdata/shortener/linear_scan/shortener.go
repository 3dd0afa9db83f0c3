// Too slow: correct and locked, but the store is one slice of entries that Shorten and Resolve
// search from the start, so both take time proportional to the number of URLs.
package shortener

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
)

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

var (
	ErrInvalid  = errors.New("shortener: not a base62 string")
	ErrOverflow = errors.New("shortener: base62 value overflows uint64")
)

func Encode(n uint64) string {
	if n == 0 {
		return "0"
	}
	var digits []byte
	for n > 0 {
		digits = append(digits, alphabet[n%62])
		n /= 62
	}
	for i, j := 0, len(digits)-1; i < j; i, j = i+1, j-1 {
		digits[i], digits[j] = digits[j], digits[i]
	}
	return string(digits)
}

func Decode(s string) (uint64, error) {
	if s == "" {
		return 0, fmt.Errorf("empty string: %w", ErrInvalid)
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(alphabet, s[i])
		if d < 0 {
			return 0, fmt.Errorf("character %q at %d: %w", s[i], i, ErrInvalid)
		}
		if n > math.MaxUint64/62 {
			return 0, fmt.Errorf("%q: %w", s, ErrOverflow)
		}
		n *= 62
		if n > math.MaxUint64-uint64(d) {
			return 0, fmt.Errorf("%q: %w", s, ErrOverflow)
		}
		n += uint64(d)
	}
	return n, nil
}

type entry struct {
	url, code string
}

type Store struct {
	mu      sync.Mutex
	entries []entry
}

func NewStore() *Store {
	return &Store{}
}

func (s *Store) Shorten(url string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.entries {
		if e.url == url {
			return e.code
		}
	}
	code := Encode(uint64(len(s.entries) + 1))
	s.entries = append(s.entries, entry{url, code})
	return code
}

func (s *Store) Resolve(code string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.entries {
		if e.code == code {
			return e.url, true
		}
	}
	return "", false
}
