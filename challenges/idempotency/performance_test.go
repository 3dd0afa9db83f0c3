package idempotency

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	reference "github.com/prep-judge/prep/challenges/idempotency/reference"
	"github.com/prep-judge/prep/challenges/kit"
)

// TestGrowth measures Do on a remembered key, for executors that remember from 100 to 10 000
// keys, and Do of a new key, for executors of 1000 to 100 000, against the reference. Both must
// stay O(1): a map lookup or insert, not a scan of the keys, nor a move of them. The slowdown
// allowed in challenge.toml is generous: a sync.Map, or a solution that allocates on every call,
// must still pass easily, while a scan falls behind by the number of keys. Bringing an executor
// to its size is timed too, so a solution whose Do on a new key grows with the keys (one that
// copies the map on every insert, say) fails as well.
//
// The remembered-key sizes stop at 10 000: a scan is already hundreds of times slower there,
// and filling a larger executor one scan at a time would take longer than the suite may.
func TestGrowth(t *testing.T) {
	judgeGate.Performance(t)
	sizes := []int{100, 1000, 10000}
	// A new key costs a map far less than a lookup costs a scan, so that spec goes further,
	// where a store that moves or copies its entries on every insert shows.
	newSizes := []int{1000, 10000, 100000}
	keys := make([]string, newSizes[len(newSizes)-1])
	for i := range keys {
		// Keys of one length with a long common prefix, as keys made by a client library
		// often are: comparing two of them takes more than a glance at the first byte.
		keys[i] = fmt.Sprintf("idempotency-key/tenant-000042/2024-06-01/order-%08d", i)
	}
	ctx := context.Background()
	// Each key is remembered with a result of its own, so that every result checked tells the
	// keys apart; fn, which a remembered key must not call, returns another.
	// doFunc is Do of the executor timed.
	type doFunc = func(context.Context, string, func() (string, error)) (string, error)
	remember := func(do doFunc, key string) {
		_, _ = do(ctx, key, func() (string, error) { return key, nil })
	}
	fn := func() (string, error) { return "called again", nil }
	// A new key's fn returns what no remembered key holds, so that a new key mistaken for a
	// remembered one shows in the result.
	fresh := func() (string, error) { return "ran fn", nil }
	// New keys come in no order, as random keys do, and sort before the remembered ones: a
	// store kept in key order pays for that where one filled in order does not. Multiplying by
	// an odd constant gives every call a key of its own.
	newKey := func(i int) string {
		return "idempotency-key/tenant-000042/2024-06-01/cancel-" + strconv.FormatUint(uint64(i)*0x9E3779B97F4A7C15, 16)
	}
	// spec times call on an executor that remembers n keys: the solution's, and the
	// reference's to compare.
	spec := func(op string, sizes []int, call func(do doFunc, i, n int) string) kit.PerfSpec {
		workload := func(do doFunc, n int) kit.Workload {
			return kit.Workload{
				Fill: func(i int) { remember(do, keys[i]) },
				Op:   func(i int) int { return kit.Digest(call(do, i, n)) },
			}
		}
		return kit.PerfSpec{
			Operation: op, Sizes: sizes,
			Solution:  func(n int) kit.Workload { return workload(New().Do, n) },
			Reference: func(n int) kit.Workload { return workload(reference.New().Do, n) },
		}
	}
	kit.Measure(t,
		// The keys are used in the order they were added, so that every call looks up a
		// different key and a scan from either end does its share of work.
		spec("Do on a remembered key", sizes, func(do doFunc, i, n int) string {
			v, _ := do(ctx, keys[i%n], fn)
			return v
		}),
		// Every call is the first for its key, on an executor that remembers n keys: the
		// store must take a key in O(1), not search or copy what it holds, nor sweep every
		// entry to clean up on the way.
		spec("Do of a new key", newSizes, func(do doFunc, i, _ int) string {
			v, _ := do(ctx, newKey(i), fresh)
			return v
		}),
	)
}
