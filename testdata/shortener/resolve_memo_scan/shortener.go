package shortener

import (
	"errors"
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
	var b []byte
	for n > 0 {
		b = append(b, alphabet[n%62])
		n /= 62
	}
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

func Decode(s string) (uint64, error) {
	if s == "" {
		return 0, ErrInvalid
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(alphabet, s[i])
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

type link struct {
	url  string
	code string
}

// Store keeps the links in the order they were created, an index from URL to link for
// Shorten, and a cache of the codes resolved so far so that popular links resolve in O(1).
type Store struct {
	mu    sync.Mutex
	links []link
	byURL map[string]int
	cache map[string]string
}

func NewStore() *Store {
	return &Store{byURL: make(map[string]int), cache: make(map[string]string)}
}

func (s *Store) Shorten(url string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i, ok := s.byURL[url]; ok {
		return s.links[i].code
	}
	code := Encode(uint64(len(s.links) + 1))
	s.byURL[url] = len(s.links)
	s.links = append(s.links, link{url, code})
	return code
}

func (s *Store) Resolve(code string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if url, ok := s.cache[code]; ok {
		return url, true
	}
	for _, l := range s.links {
		if l.code == code {
			s.cache[code] = l.url
			return l.url, true
		}
	}
	return "", false
}
