package shortener

import "errors"

// ErrInvalid is the error Decode returns (or wraps) for an empty string, or for a string with a
// character outside the base62 alphabet.
var ErrInvalid = errors.New("shortener: not a base62 string")

// ErrOverflow is the error Decode returns (or wraps) for a string whose value is greater than
// math.MaxUint64.
var ErrOverflow = errors.New("shortener: base62 value overflows uint64")

// Encode returns the base62 form of n: digits 0-9, then a-z, then A-Z, most significant digit
// first, with no leading zeros. Encode(0) is "0".
func Encode(n uint64) string {
	// TODO: implement.
	return ""
}

// Decode is the inverse of Encode. It returns an error wrapping ErrInvalid for an empty string
// or a character outside the alphabet, and one wrapping ErrOverflow for a value that does not
// fit in a uint64.
func Decode(s string) (uint64, error) {
	// TODO: implement.
	return 0, nil
}

// Store maps short codes to URLs. The code of a URL is Encode of its ID; IDs are 1, 2, 3, ...
// in the order URLs are first shortened. It must be safe for concurrent use.
type Store struct {
	// TODO: add the fields your store needs.
}

// NewStore returns an empty store.
func NewStore() *Store {
	// TODO: implement.
	return &Store{}
}

// Shorten returns the code of url: the same code every time for the same url, and a new code,
// from the next ID, for a url it has not seen. It must run in O(1).
func (s *Store) Shorten(url string) string {
	// TODO: implement.
	return ""
}

// Resolve returns the url that Shorten gave code to, and true; or "", false when Shorten never
// returned code. It must run in O(1).
func (s *Store) Resolve(code string) (string, bool) {
	// TODO: implement.
	return "", false
}
