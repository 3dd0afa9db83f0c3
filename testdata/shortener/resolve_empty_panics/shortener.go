// Runtime error: Resolve rejects codes with a leading zero by looking at code[0] before
// anything else, so Resolve("") indexes an empty string and panics.
package shortener

import (
	"errors"
	"math"
	"strings"
	"sync"
)

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

var (
	ErrInvalid  = errors.New("invalid base62 string")
	ErrOverflow = errors.New("base62 value out of range")
)

func Encode(n uint64) string {
	s := ""
	for {
		s = string(alphabet[n%62]) + s
		n /= 62
		if n == 0 {
			return s
		}
	}
}

func Decode(s string) (uint64, error) {
	if len(s) == 0 {
		return 0, ErrInvalid
	}
	var n uint64
	for _, c := range s {
		d := strings.IndexRune(alphabet, c)
		if d < 0 {
			return 0, ErrInvalid
		}
		if n > (math.MaxUint64-uint64(d))/62 {
			return 0, ErrOverflow
		}
		n = n*62 + uint64(d)
	}
	return n, nil
}

type Store struct {
	mu   sync.RWMutex
	ids  map[string]uint64
	urls []string
}

func NewStore() *Store {
	return &Store{ids: make(map[string]uint64)}
}

func (s *Store) Shorten(url string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := s.ids[url]; ok {
		return Encode(id)
	}
	s.urls = append(s.urls, url)
	id := uint64(len(s.urls))
	s.ids[url] = id
	return Encode(id)
}

func (s *Store) Resolve(code string) (string, bool) {
	if code[0] == '0' { // "0" is no ID, and Shorten never writes leading zeros
		return "", false
	}
	id, err := Decode(code)
	if err != nil {
		return "", false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if id > uint64(len(s.urls)) {
		return "", false
	}
	return s.urls[id-1], true
}
