// Wrong answer: sync.Map and an atomic counter, with no mutex: Shorten takes the next ID before
// LoadOrStore finds the URL is already stored, so every repeated URL burns an ID and later
// URLs get codes with gaps before them.
package shortener

import (
	"errors"
	"math"
	"sync"
	"sync/atomic"
)

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

var (
	ErrInvalid  = errors.New("shortener: invalid character")
	ErrOverflow = errors.New("shortener: overflow")
)

var digitValue = func() map[byte]uint64 {
	m := make(map[byte]uint64, len(alphabet))
	for i := 0; i < len(alphabet); i++ {
		m[alphabet[i]] = uint64(i)
	}
	return m
}()

func Encode(n uint64) string {
	if n == 0 {
		return "0"
	}
	var buf [11]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = alphabet[n%62]
		n /= 62
	}
	return string(buf[i:])
}

func Decode(s string) (uint64, error) {
	if s == "" {
		return 0, ErrInvalid
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d, ok := digitValue[s[i]]
		if !ok {
			return 0, ErrInvalid
		}
		if n > (math.MaxUint64-d)/62 {
			return 0, ErrOverflow
		}
		n = n*62 + d
	}
	return n, nil
}

type Store struct {
	next   atomic.Uint64
	byURL  sync.Map // string -> string
	byCode sync.Map // string -> string
}

func NewStore() *Store { return &Store{} }

func (s *Store) Shorten(url string) string {
	code := Encode(s.next.Add(1))
	actual, loaded := s.byURL.LoadOrStore(url, code)
	if !loaded {
		s.byCode.Store(code, url)
	}
	return actual.(string)
}

func (s *Store) Resolve(code string) (string, bool) {
	url, ok := s.byCode.Load(code)
	if !ok {
		return "", false
	}
	return url.(string), true
}
