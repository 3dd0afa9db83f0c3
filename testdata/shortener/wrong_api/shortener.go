// API mismatch: it compiles, but Decode returns (uint64, bool), with no ErrInvalid or
// ErrOverflow to tell the two failures apart, instead of the (uint64, error) the challenge asks for.
package shortener

import (
	"math"
	"strings"
	"sync"
)

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

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

func Decode(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(alphabet, s[i])
		if d < 0 {
			return 0, false
		}
		if n > math.MaxUint64/62 {
			return 0, false
		}
		n *= 62
		if n > math.MaxUint64-uint64(d) {
			return 0, false
		}
		n += uint64(d)
	}
	return n, true
}

type Store struct {
	mu     sync.Mutex
	next   uint64
	byURL  map[string]string
	byCode map[string]string
}

func NewStore() *Store {
	return &Store{byURL: map[string]string{}, byCode: map[string]string{}}
}

func (s *Store) Shorten(url string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code, ok := s.byURL[url]; ok {
		return code
	}
	s.next++
	code := Encode(s.next)
	s.byURL[url] = code
	s.byCode[code] = url
	return code
}

func (s *Store) Resolve(code string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	url, ok := s.byCode[code]
	return url, ok
}
