package lru

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// judgeCall is one call of a hand-written test, and for a Get what it returns.
type judgeCall = kit.Written[*LRUCache, *judgeModel]

func judgePut(key, value int) judgeCall {
	return judgeCall{Step: judgeOp{key: key, value: value}.step()}
}
func judgeGet(key, want int) judgeCall {
	return judgeCall{Step: judgeOp{get: true, key: key}.step(), Want: strconv.Itoa(want)}
}

// judgeScripted checks a hand-written sequence, reported as written when it fails: it shows
// one rule. Its written answers are first checked against the model, which explains the
// failures (kit.CheckWritten).
func judgeScripted(t *testing.T, capacity int, calls []judgeCall) {
	t.Helper()
	kit.CheckWritten(t, judgeNew(capacity).HandWritten(""), calls...)
}

// TestClassicSequence is the example every LRU statement starts with.
func TestClassicSequence(t *testing.T) {
	judgeScripted(t, 2, []judgeCall{
		judgePut(1, 1),
		judgePut(2, 2),
		judgeGet(1, 1),
		judgePut(3, 3), // evicts 2
		judgeGet(2, -1),
		judgePut(4, 4), // evicts 1
		judgeGet(1, -1),
		judgeGet(3, 3),
		judgeGet(4, 4),
	})
}

// TestEdgeCases pins one rule per subtest, so that a failure names the rule that was broken.
func TestEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name     string
		capacity int
		calls    []judgeCall
	}{
		{"capacity_one", 1, []judgeCall{
			judgePut(1, 1), judgeGet(1, 1),
			judgePut(2, 2), judgeGet(1, -1), judgeGet(2, 2),
			judgePut(2, 20), judgeGet(2, 20),
		}},
		{"update_refreshes_value_and_recency", 2, []judgeCall{
			judgePut(1, 1), judgePut(2, 2),
			judgePut(1, 10), // 1 is now the most recently used
			judgePut(3, 3),  // evicts 2
			judgeGet(2, -1), judgeGet(1, 10), judgeGet(3, 3),
		}},
		{"update_when_full_evicts_nothing", 2, []judgeCall{
			judgePut(1, 1), judgePut(2, 2),
			judgePut(2, 20), // the cache is full, but 2 is already in it
			judgeGet(1, 1), judgeGet(2, 20),
		}},
		{"get_refreshes_recency", 2, []judgeCall{
			judgePut(1, 1), judgePut(2, 2),
			judgeGet(1, 1), // 2 is now the least recently used
			judgePut(3, 3),
			judgeGet(2, -1), judgeGet(1, 1), judgeGet(3, 3),
		}},
		{"eviction_order", 3, []judgeCall{
			judgePut(1, 1), judgePut(2, 2), judgePut(3, 3),
			judgeGet(1, 1),
			judgePut(4, 4), // evicts 2
			judgeGet(2, -1), judgeGet(3, 3),
			judgePut(5, 5), // evicts 1
			judgeGet(1, -1), judgeGet(4, 4),
			judgePut(6, 6), // evicts 3
			judgeGet(3, -1), judgeGet(5, 5), judgeGet(6, 6), judgeGet(4, 4),
		}},
		{"missing_key", 2, []judgeCall{
			judgeGet(1, -1), // on an empty cache
			judgePut(1, 1),
			judgeGet(2, -1),
			judgeGet(1, 1),
			judgeGet(0, -1),
		}},
		{"put_after_eviction", 1, []judgeCall{
			judgePut(1, 1),
			judgePut(2, 2), // evicts 1
			judgeGet(1, -1),
			judgePut(1, 100), // evicts 2
			judgeGet(1, 100), judgeGet(2, -1),
		}},
		{"large_and_negative_keys_and_values", 3, []judgeCall{
			judgePut(math.MaxInt, -5), judgePut(math.MinInt, -100), judgePut(0, 0),
			judgeGet(math.MaxInt, -5), judgeGet(math.MinInt, -100), judgeGet(0, 0),
			judgePut(-1, 7), // evicts math.MaxInt
			judgeGet(math.MaxInt, -1), judgeGet(-1, 7), judgeGet(0, 0),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { judgeScripted(t, tc.capacity, tc.calls) })
	}
}

// TestRandomOperations compares the solution with the model on long random sequences. The
// seeds are fixed, so a solution gets the same verdict, and the same shrunk sequence, on
// every run. Capacities are mostly small and keys few, so that evictions, hits and misses
// all happen often.
func TestRandomOperations(t *testing.T) {
	kit.CheckEach(t, 400, func(i int) judgeScenario {
		return judgeRandomProgram(rand.New(rand.NewPCG(0x1e7c_ac4e, uint64(i)))).scenario()
	})
}

func judgeRandomProgram(rng *rand.Rand) judgeProgram {
	capacity := 1 + rng.IntN(8)
	if rng.IntN(8) == 0 {
		capacity = 16 << rng.IntN(2)
	}
	keys := capacity + 1 + rng.IntN(capacity+2)
	// One sequence in ten spreads its keys over the whole int range, zero and negatives
	// included, for solutions that index an array by key or treat 0 as absent.
	wild := rng.IntN(10) == 0
	key := func() int {
		k := rng.IntN(keys)
		if !wild {
			return k
		}
		switch k {
		case 0:
			return math.MinInt
		case keys - 1:
			return math.MaxInt
		}
		return (k - keys/2) << 40
	}
	p := judgeProgram{capacity: capacity}
	for range 100 + rng.IntN(200) {
		if rng.IntN(2) == 0 {
			p.ops = append(p.ops, judgeOp{get: true, key: key()})
		} else {
			p.ops = append(p.ops, judgeOp{key: key(), value: rng.IntN(1000)})
		}
	}
	return p
}
