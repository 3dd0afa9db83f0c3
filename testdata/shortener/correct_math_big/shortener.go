package shortener

import (
	"errors"
	"math/big"
	"strings"
	"sync"
)

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

var (
	ErrInvalid  = errors.New("shortener: not a base62 string")
	ErrOverflow = errors.New("shortener: base62 value overflows uint64")
)

// Encode lets math/big do the conversion: for bases above 36 it writes digits with this very
// alphabet, 0-9, then a-z, then A-Z.
func Encode(n uint64) string {
	return new(big.Int).SetUint64(n).Text(62)
}

// Decode checks every character first, since SetString would also take a sign, then lets
// math/big read the value, which never overflows.
func Decode(s string) (uint64, error) {
	if s == "" {
		return 0, ErrInvalid
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(alphabet, s[i]) < 0 {
			return 0, ErrInvalid
		}
	}
	v, ok := new(big.Int).SetString(s, 62)
	if !ok {
		return 0, ErrInvalid
	}
	if !v.IsUint64() {
		return 0, ErrOverflow
	}
	return v.Uint64(), nil
}

type Store struct {
	mu     sync.RWMutex
	codes  map[string]string // url -> code
	urls   map[string]string // code -> url
	nextID uint64
}

func NewStore() *Store {
	return &Store{codes: make(map[string]string), urls: make(map[string]string)}
}

func (s *Store) Shorten(url string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code, ok := s.codes[url]; ok {
		return code
	}
	s.nextID++
	code := Encode(s.nextID)
	s.codes[url] = code
	s.urls[code] = url
	return code
}

func (s *Store) Resolve(code string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	url, ok := s.urls[code]
	return url, ok
}
