package shortener

import (
	"fmt"
	"math/big"
	"strings"
)

// Every top-level name in the hidden tests starts with "judge": they share a package with the
// learner's code, and a learner's own alphabet, digits or store must never clash with them.

// judgeAlphabet is the base62 digits in order of value.
const judgeAlphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// judgeMaxCode is Encode(math.MaxUint64), the largest value Decode accepts.
const judgeMaxCode = "lYGhA16ahyf"

// judgeEncode is the model of Encode, written with math/big so that it shares no arithmetic
// with a solution: repeated division, digits collected least significant first and reversed.
func judgeEncode(n uint64) string {
	v := new(big.Int).SetUint64(n)
	if v.Sign() == 0 {
		return "0"
	}
	base, d := big.NewInt(62), new(big.Int)
	var digits []byte
	for v.Sign() > 0 {
		v.DivMod(v, base, d)
		digits = append(digits, judgeAlphabet[d.Int64()])
	}
	for i, j := 0, len(digits)-1; i < j; i, j = i+1, j-1 {
		digits[i], digits[j] = digits[j], digits[i]
	}
	return string(digits)
}

// judgeDecodeWant is what Decode must do with s: a value, or one of the errors. Both errors
// are right for a string that overflows and has a bad character, whichever a solution meets
// first.
type judgeDecodeWant struct {
	value    uint64
	invalid  bool // ErrInvalid
	overflow bool // ErrOverflow
}

// judgeDecode is the model of Decode: the exact value in math/big, compared with MaxUint64.
func judgeDecode(s string) judgeDecodeWant {
	var w judgeDecodeWant
	if s == "" {
		w.invalid = true
		return w
	}
	v, base := new(big.Int), big.NewInt(62)
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(judgeAlphabet, s[i])
		if d < 0 {
			w.invalid = true
			continue
		}
		v.Mul(v, base).Add(v, big.NewInt(int64(d)))
	}
	if !v.IsUint64() {
		w.overflow = true
	} else if !w.invalid {
		w.value = v.Uint64()
	}
	return w
}

// String is the result as a transcript shows it: "62, nil", or "_, ErrInvalid" since the value
// that comes with an error is not checked.
func (w judgeDecodeWant) String() string {
	switch {
	case w.invalid && w.overflow:
		return "_, ErrInvalid or ErrOverflow"
	case w.invalid:
		return "_, ErrInvalid"
	case w.overflow:
		return "_, ErrOverflow"
	}
	return fmt.Sprintf("%d, nil", w.value)
}

// judgeStoreModel is the model of Store: IDs in a slice, scanned on every call. It is O(n) per
// call, which costs nothing at the sizes the correctness tests use and keeps it obviously right.
type judgeStoreModel struct {
	urls     []string // the URL of ID i is urls[i-1]
	calls    int      // calls made so far, for the notes; Setup is call 1
	shortens int      // calls of Shorten among them
	first    []int    // the call that first shortened urls[i]
}

// id returns the ID of url, or 0.
func (m *judgeStoreModel) id(url string) int {
	for i, u := range m.urls {
		if u == url {
			return i + 1
		}
	}
	return 0
}

func (m *judgeStoreModel) shorten(url string) string {
	m.calls++
	m.shortens++
	id := m.id(url)
	if id == 0 {
		m.urls = append(m.urls, url)
		m.first = append(m.first, m.calls+1)
		id = len(m.urls)
	}
	return judgeEncode(uint64(id))
}

// lookup is Resolve without counting a call: only the codes Encode writes for IDs given out.
func (m *judgeStoreModel) lookup(code string) (string, bool) {
	w := judgeDecode(code)
	if w.invalid || w.overflow || w.value < 1 || w.value > uint64(len(m.urls)) || judgeEncode(w.value) != code {
		return "", false
	}
	return m.urls[w.value-1], true
}

func (m *judgeStoreModel) resolve(code string) (string, bool) {
	m.calls++
	return m.lookup(code)
}
