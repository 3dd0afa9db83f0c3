package shortener

import (
	"strconv"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
	reference "github.com/prep-judge/prep/challenges/shortener/reference"
)

// TestStoreGrowth measures Shorten and Resolve on stores of 50 up to 5000 URLs against the
// reference. Both must stay O(1): a store that searches a slice for the URL, or for the code, falls
// behind by the size of the store, a hundred times and more at the largest size. The slowdown
// allowed in challenge.toml is generous: the reference resolves through a slice indexed by ID,
// while an ordinary solution looks codes up in a map, which costs several times as much (sync.Map's
// up to ten times as much).
func TestStoreGrowth(t *testing.T) {
	judgeGate.Performance(t)
	// A store that scans a slice takes O(n^2) to fill: the sizes are small enough that it still
	// fills them all in time, so that its growth is measured, the same on every run, rather
	// than its fill cut short at a size that depends on the machine's load.
	sizes := []int{50, 500, 5000}
	url := func(i int) string { return "https://example.com/" + strconv.Itoa(i) }
	kit.Measure(t,
		kit.PerfSpec{
			Operation: "Shorten", Sizes: sizes,
			// Every call shortens a URL the store of n already holds, so that the store keeps
			// its size while it is measured (new URLs would grow it by thousands). Filling it
			// is n calls with new URLs, and a fill that grows like n^2 is caught too.
			Solution: func(n int) kit.Workload {
				s := NewStore()
				return kit.Workload{
					Fill: func(i int) { s.Shorten(url(i)) },
					Op:   func(i int) int { return kit.Digest(s.Shorten(url((i * 7919) % n))) },
				}
			},
			Reference: func(n int) kit.Workload {
				s := reference.NewStore()
				return kit.Workload{
					Fill: func(i int) { s.Shorten(url(i)) },
					Op:   func(i int) int { return kit.Digest(s.Shorten(url((i * 7919) % n))) },
				}
			},
		},
		kit.PerfSpec{
			Operation: "Resolve", Sizes: sizes,
			Solution:  func(n int) kit.Workload { return judgeResolveWorkload(n, NewStore) },
			Reference: func(n int) kit.Workload { return judgeResolveWorkload(n, nil) },
		},
	)
}

// judgeResolveWorkload resolves, all over a store of n URLs, the codes Shorten returned, and
// every fourth call a code it never returned: one with a leading zero, one past the last ID,
// or one with a character that is not a digit. A store that answers hits from a map but
// searches its URLs before it says no is as slow as a scan on the misses alone. newStore is
// nil for the reference.
func judgeResolveWorkload(n int, newStore func() *Store) kit.Workload {
	url := func(i int) string { return "https://example.com/" + strconv.Itoa(i) }
	misses := make([]string, n)
	for j := range misses {
		switch j % 3 {
		case 0:
			misses[j] = "0" + judgeEncode(uint64(j+1))
		case 1:
			misses[j] = judgeEncode(uint64(n + 1 + j))
		default:
			misses[j] = judgeEncode(uint64(j+1)) + "!"
		}
	}
	codes := make([]string, 0, n)
	var shorten func(string) string
	var resolve func(string) (string, bool)
	if newStore != nil {
		s := newStore()
		shorten, resolve = s.Shorten, s.Resolve
	} else {
		s := reference.NewStore()
		shorten, resolve = s.Shorten, s.Resolve
	}
	return kit.Workload{
		Fill: func(i int) { codes = append(codes, shorten(url(i))) },
		Op: func(i int) int {
			code := codes[(i*7919)%n]
			if i%4 == 3 {
				code = misses[(i*7919)%n]
			}
			u, ok := resolve(code)
			if !ok {
				return -1 - len(u)
			}
			return kit.Digest(u)
		},
	}
}

// TestCodecCost measures Encode and Decode on values from a thousand up to a billion against the
// reference. Their cost grows with the number of digits, O(log n); anything that grows with the
// value itself, such as counting up to it, falls behind at once. The slowdown allowed in
// challenge.toml is very generous: the reference writes into a fixed array and reads a lookup
// table, a few nanoseconds a call, while ordinary solutions that build the string by concatenation
// or use math/big take ten to twenty times as long, and that is no fault.
func TestCodecCost(t *testing.T) {
	judgeGate.Performance(t)
	sizes := []int{1e3, 1e6, 1e9}
	encode := func(f func(uint64) string) func(n int) kit.Workload {
		return func(n int) kit.Workload {
			return kit.Workload{Op: func(i int) int { return kit.Digest(f(uint64(n) + uint64(i%1024))) }}
		}
	}
	decode := func(f func(string) (uint64, error)) func(n int) kit.Workload {
		return func(n int) kit.Workload {
			codes := make([]string, 1024)
			for i := range codes {
				codes[i] = judgeEncode(uint64(n) + uint64(i))
			}
			return kit.Workload{Op: func(i int) int {
				v, _ := f(codes[i%1024])
				return int(v)
			}}
		}
	}
	kit.Measure(t,
		kit.PerfSpec{
			Operation: "Encode", Sizes: sizes,
			Solution: encode(Encode), Reference: encode(reference.Encode),
		},
		kit.PerfSpec{
			Operation: "Decode", Sizes: sizes,
			Solution: decode(Decode), Reference: decode(reference.Decode),
		},
	)
}
