package ttlcache

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// judgeCall is one step of a hand-written scenario, with the result the test expects of it
// ("" for a call with no result).
type judgeCall = kit.Written[judgeSubject, *judgeModel]

func judgeSet(key, value string, ttl time.Duration) judgeCall {
	return judgeCall{Step: judgeSetStep(key, value, ttl)}
}

// judgeHit is a Get that must find value; judgeMiss one that must find nothing.
func judgeHit(key, value string) judgeCall {
	return judgeCall{Step: judgeGetStep(key), Want: judgeGetResult(value, true)}
}

func judgeMiss(key string) judgeCall {
	return judgeCall{Step: judgeGetStep(key), Want: judgeGetResult("", false)}
}

func judgeDelete(key string) judgeCall { return judgeCall{Step: judgeDeleteStep(key)} }

func judgeLen(n int) judgeCall { return judgeCall{Step: judgeLenStep(), Want: fmt.Sprint(n)} }

func judgeAdvance(d time.Duration) judgeCall { return judgeCall{Step: judgeAdvanceStep(d)} }

func judgeRealPause() judgeCall { return judgeCall{Step: judgePauseStep()} }

// judgeScripted checks a hand-written scenario, its written answers first checked against the
// model (kit.CheckWritten).
func judgeScripted(t *testing.T, calls ...judgeCall) {
	t.Helper()
	kit.CheckWritten(t, judgeNew(), calls...)
}

// TestExample is the example in the statement.
func TestExample(t *testing.T) {
	judgeScripted(t,
		judgeSet("session", "alice", 10*time.Second),
		judgeSet("token", "xyz", 5*time.Second),
		judgeHit("session", "alice"),
		judgeLen(2),
		judgeAdvance(5*time.Second),
		judgeMiss("token"),
		judgeLen(1),
		judgeSet("session", "bob", 10*time.Second),
		judgeAdvance(9*time.Second),
		judgeHit("session", "bob"),
		judgeDelete("session"),
		judgeMiss("session"),
		judgeLen(0),
	)
}

// TestEdgeCases pins one rule per subtest, so that a failure names the rule that was broken.
func TestEdgeCases(t *testing.T) {
	const ns = time.Nanosecond
	for _, tc := range []struct {
		name  string
		calls []judgeCall
	}{
		{"expires_exactly_at_ttl", []judgeCall{
			judgeSet("a", "1", 5*time.Second),
			judgeAdvance(5*time.Second - ns), judgeHit("a", "1"), judgeLen(1),
			judgeAdvance(ns), judgeMiss("a"), judgeLen(0),
		}},
		{"len_at_the_boundary", []judgeCall{
			// Len without a Get first: Len must see the expiry itself.
			judgeSet("a", "1", 2*time.Second),
			judgeAdvance(2*time.Second - ns), judgeLen(1),
			judgeAdvance(ns), judgeLen(0),
		}},
		{"one_nanosecond_ttl", []judgeCall{
			judgeSet("a", "1", ns), judgeHit("a", "1"), judgeLen(1),
			judgeAdvance(ns), judgeMiss("a"), judgeLen(0),
		}},
		{"get_does_not_extend", []judgeCall{
			judgeSet("a", "1", 3*time.Second),
			judgeAdvance(2 * time.Second), judgeHit("a", "1"),
			judgeAdvance(time.Second), judgeMiss("a"),
		}},
		{"set_replaces_value_and_extends", []judgeCall{
			judgeSet("a", "1", 5*time.Second),
			judgeAdvance(3 * time.Second),
			judgeSet("a", "2", 5*time.Second), // now until +8s
			judgeAdvance(3 * time.Second),     // +6s: past the first expiry
			judgeHit("a", "2"), judgeLen(1),
			judgeAdvance(2 * time.Second), judgeMiss("a"), judgeLen(0),
		}},
		{"set_shortens_ttl", []judgeCall{
			judgeSet("a", "1", time.Hour),
			judgeSet("b", "1", 2*time.Second),
			judgeSet("a", "2", time.Second), // the new, earlier expiry wins
			judgeLen(2),
			judgeAdvance(time.Second), judgeMiss("a"), judgeLen(1), judgeHit("b", "1"),
		}},
		{"set_after_expiry", []judgeCall{
			judgeSet("a", "1", time.Second),
			judgeAdvance(time.Second), judgeMiss("a"),
			judgeSet("a", "2", time.Second), judgeHit("a", "2"), judgeLen(1),
			judgeAdvance(time.Second - ns), judgeHit("a", "2"),
			judgeAdvance(ns), judgeMiss("a"),
		}},
		{"set_after_expiry_without_get", []judgeCall{
			judgeSet("a", "1", time.Second), judgeSet("b", "1", 3*time.Second),
			judgeAdvance(2 * time.Second),
			judgeSet("a", "2", 2*time.Second), // "a" expired at +1s: a fresh entry until +4s
			judgeAdvance(1500 * time.Millisecond),
			judgeHit("a", "2"), judgeMiss("b"), judgeLen(1),
		}},
		{"delete", []judgeCall{
			judgeSet("a", "1", time.Minute), judgeSet("b", "2", time.Minute),
			judgeDelete("a"), judgeMiss("a"), judgeHit("b", "2"), judgeLen(1),
			judgeDelete("a"),       // already gone: nothing happens
			judgeDelete("missing"), // never there: nothing happens
			judgeLen(1),
			judgeSet("a", "3", time.Minute), judgeHit("a", "3"), judgeLen(2),
		}},
		{"delete_expired_then_set", []judgeCall{
			judgeSet("a", "1", time.Second), judgeSet("b", "2", time.Hour),
			judgeAdvance(time.Second),
			judgeDelete("a"), judgeLen(1),
			judgeSet("a", "3", time.Second), judgeLen(2), judgeHit("a", "3"),
			judgeAdvance(time.Second), judgeLen(1), judgeHit("b", "2"),
		}},
		{"len_counts_only_unexpired", []judgeCall{
			judgeSet("a", "1", time.Second), judgeSet("b", "2", 2*time.Second), judgeSet("c", "3", 3*time.Second),
			judgeLen(3),
			judgeAdvance(time.Second), judgeLen(2),
			judgeAdvance(time.Second), judgeLen(1),
			judgeAdvance(time.Second), judgeLen(0),
			judgeMiss("a"), judgeMiss("b"), judgeMiss("c"),
		}},
		{"expiries_out_of_order", []judgeCall{
			judgeSet("late", "1", 3*time.Second), judgeSet("early", "2", time.Second), judgeSet("middle", "3", 2*time.Second),
			judgeAdvance(time.Second), judgeMiss("early"), judgeHit("middle", "3"), judgeHit("late", "1"), judgeLen(2),
			judgeAdvance(time.Second), judgeMiss("middle"), judgeHit("late", "1"), judgeLen(1),
		}},
		{"same_expiry", []judgeCall{
			judgeSet("a", "1", time.Second), judgeSet("b", "2", time.Second), judgeSet("c", "3", time.Second),
			judgeAdvance(time.Second - ns), judgeLen(3),
			judgeAdvance(ns), judgeLen(0), judgeMiss("b"),
		}},
		{"empty_key_and_value", []judgeCall{
			judgeMiss(""),
			judgeSet("", "", time.Second), judgeHit("", ""), judgeLen(1),
			judgeSet("a", "", time.Second), judgeHit("a", ""), judgeLen(2),
			judgeDelete(""), judgeMiss(""), judgeLen(1),
		}},
		{"long_ttl", []judgeCall{
			judgeSet("a", "1", 100*365*24*time.Hour),
			judgeAdvance(50 * 365 * 24 * time.Hour), judgeHit("a", "1"), judgeLen(1),
		}},
		{"real_time_does_not_count", []judgeCall{
			// Only the clock given to New tells the time: entries whose ttl has long passed
			// in real time are there while that clock says so.
			judgeSet("a", "1", time.Millisecond), judgeSet("b", "2", ns),
			judgeRealPause(), judgeHit("a", "1"), judgeHit("b", "2"), judgeLen(2),
			judgeAdvance(ns), judgeMiss("b"), judgeLen(1),
			judgeRealPause(), judgeHit("a", "1"), judgeLen(1),
			judgeAdvance(time.Millisecond - 2*ns), judgeHit("a", "1"), judgeAdvance(ns), judgeMiss("a"), judgeLen(0),
		}},
		{"empty_cache", []judgeCall{
			judgeLen(0), judgeMiss("a"), judgeDelete("a"), judgeLen(0),
			judgeAdvance(time.Hour), judgeLen(0),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { judgeScripted(t, tc.calls...) })
	}
}

// TestManyExpireTogether sets a hundred keys that expire at the same instant, in two groups,
// and checks Len and Get as they go.
func TestManyExpireTogether(t *testing.T) {
	var calls []judgeCall
	for i := range 100 {
		ttl := time.Second
		if i%2 == 1 {
			ttl = 2 * time.Second
		}
		calls = append(calls, judgeSet(fmt.Sprintf("k%d", i), fmt.Sprint(i), ttl))
	}
	calls = append(calls, judgeLen(100), judgeAdvance(time.Second), judgeLen(50), judgeMiss("k0"), judgeHit("k1", "1"),
		judgeAdvance(time.Second), judgeLen(0), judgeMiss("k99"))
	judgeScripted(t, calls...)
}

// TestRandomScenarios compares the cache with the model on random scenarios of Sets, Gets,
// Deletes, Lens and clock moves, over a few keys so that keys are overwritten, expire and come
// back often. The clock moves by whole seconds and by one nanosecond less or more, so that calls
// land exactly on expiries and next to them. The seeds are fixed, so a solution gets the same
// verdict, and the same shrunk scenario, on every run.
func TestRandomScenarios(t *testing.T) {
	kit.Explore(t, 500, judgeRandomScenario)
}

var (
	judgeTTLs     = []time.Duration{time.Second, time.Second, 2 * time.Second, 3 * time.Second, 5 * time.Second, time.Nanosecond, time.Hour}
	judgeAdvances = []time.Duration{time.Second, time.Second, 2 * time.Second, time.Second - time.Nanosecond, time.Nanosecond, 500 * time.Millisecond}
)

func judgeRandomScenario(r *rand.Rand) judgeScenario {
	keys := []string{"a", "b", "c", "d", "e", "f"}[:2+r.IntN(5)]
	key := func() string { return keys[r.IntN(len(keys))] }
	sc := judgeNew()
	mix := judgeMix{
		set: 35, get: 65, del: 72, len: 82, key: key,
		ttl:     func() time.Duration { return judgeTTLs[r.IntN(len(judgeTTLs))] },
		advance: func() time.Duration { return judgeAdvances[r.IntN(len(judgeAdvances))] },
	}
	values := 0
	mix.add(r, &sc, 10+r.IntN(50), &values)
	return sc
}

// judgeMix draws random calls: a Set in set percent of them, then a Get up to get percent, a
// Delete up to del, a Len up to len, and a move of the clock in the rest.
type judgeMix struct {
	set, get, del, len int
	key                func() string
	ttl, advance       func() time.Duration
}

// add appends calls random calls to sc, the values Set numbered on from *values.
func (m judgeMix) add(r *rand.Rand, sc *judgeScenario, calls int, values *int) {
	for range calls {
		switch p := r.IntN(100); {
		case p < m.set:
			*values++
			sc.Steps = append(sc.Steps, judgeSetStep(m.key(), fmt.Sprint(*values), m.ttl()))
		case p < m.get:
			sc.Steps = append(sc.Steps, judgeGetStep(m.key()))
		case p < m.del:
			sc.Steps = append(sc.Steps, judgeDeleteStep(m.key()))
		case p < m.len:
			sc.Steps = append(sc.Steps, judgeLenStep())
		default:
			sc.Steps = append(sc.Steps, judgeAdvanceStep(m.advance()))
		}
	}
}

// TestManyKeys checks expiry with many entries alive at once, whose expiries are all
// different and come in no particular order: the other tests keep a few keys, or many that
// expire together, which a heap that orders only its top few levels right, or a structure
// that stops working past a fixed size, still passes.
//
//   - 40_keys: random scenarios over forty keys with distinct ttls, compared call by call with
//     the model, and shrunk when they fail.
//   - 8000_keys: eight thousand keys set in scrambled order of expiry, a quarter of them set
//     again, an eighth deleted, then the clock moved 37 seconds at a time until all have
//     expired, with Len and the Gets around the boundary checked at every move.
func TestManyKeys(t *testing.T) {
	t.Run("40_keys", func(t *testing.T) { kit.Explore(t, 40, judgeManyKeysScenario) })
	t.Run("8000_keys", judgeEightThousandKeys)
}

func judgeManyKeysScenario(r *rand.Rand) judgeScenario {
	sc := judgeNew()
	key := func() string { return fmt.Sprintf("k%d", r.IntN(40)) }
	// Whole seconds, now and then one nanosecond off, so that calls land on expiries and next
	// to them.
	ttl := func() time.Duration {
		d := time.Duration(1+r.IntN(120)) * time.Second
		switch r.IntN(6) {
		case 0:
			d -= time.Nanosecond
		case 1:
			d += time.Nanosecond
		}
		return d
	}
	values := 0
	for range 40 {
		values++
		sc.Steps = append(sc.Steps, judgeSetStep(key(), fmt.Sprint(values), ttl()))
	}
	mix := judgeMix{
		set: 35, get: 60, del: 68, len: 80, key: key, ttl: ttl,
		advance: func() time.Duration { return time.Duration(1+r.IntN(8)) * time.Second },
	}
	mix.add(r, &sc, 150+r.IntN(100), &values)
	return sc
}

// The 8000_keys scenario, which judgeEightThousandKeysRepro writes out as a test.
const (
	judgeManyN    = 8000
	judgeManyStep = 37 * time.Second
)

// judgeManyTTL is the ttl of key i's first Set: 1 to judgeManyN seconds, each once, scrambled
// (7919 and judgeManyN have no common factor).
func judgeManyTTL(i int) time.Duration { return time.Duration(i*7919%judgeManyN+1) * time.Second }

// judgeManyTTL2 is the ttl of key i's second Set, for every fourth key: half a second off the
// first Sets' expiries, scrambled otherwise.
func judgeManyTTL2(i int) time.Duration {
	return time.Duration(i*104729%judgeManyN)*time.Second + 500*time.Millisecond
}

// judgeManyEntry is what the 8000_keys check knows of a key.
type judgeManyEntry struct {
	key, value string
	expires    time.Duration // since the clock's start
	how        string        // the Set that made it, for reports
}

// judgeEightThousandKeys runs the 8000_keys scenario under a watchdog, each call through
// kit.Catch, and reports the first call that went wrong.
func judgeEightThousandKeys(t *testing.T) {
	run := func(l *kit.Long) {
		clock := new(kit.FakeClock)
		var c *Cache
		l.Do("c := New(clock)", func() { c = New(clock) })
		entries := map[string]*judgeManyEntry{}
		for i := range judgeManyN {
			e := &judgeManyEntry{key: fmt.Sprint("k", i), value: fmt.Sprint("v", i), expires: judgeManyTTL(i)}
			e.how = fmt.Sprintf("c.Set(%q, %q, %s) at +0s", e.key, e.value, judgeDuration(judgeManyTTL(i), true))
			l.Do(e.how, func() { c.Set(e.key, e.value, judgeManyTTL(i)) })
			entries[e.key] = e
		}
		what := fmt.Sprintf("after %d Sets of keys \"k0\" to \"k%d\", with ttls of 1s to %ds in scrambled order", judgeManyN, judgeManyN-1, judgeManyN)
		checkLen := func(want int, why string) {
			var n int
			l.Do("c.Len()", func() { n = c.Len() })
			if n != want {
				l.Wrong(fmt.Sprintf("%s, c.Len() returned %d, want %d: %s", what, n, want, why), fmt.Sprintf("c.Len() = %d", want), fmt.Sprintf("c.Len() = %d", n))
			}
		}
		checkLen(judgeManyN, "none has expired")
		for i := 0; i < judgeManyN; i += 4 {
			e := entries[fmt.Sprint("k", i)]
			e.value, e.expires = fmt.Sprint("w", i), judgeManyTTL2(i)
			e.how = fmt.Sprintf("c.Set(%q, %q, %s) at +0s, its second Set", e.key, e.value, judgeDuration(judgeManyTTL2(i), true))
			l.Do(e.how, func() { c.Set(e.key, e.value, judgeManyTTL2(i)) })
		}
		for i := 3; i < judgeManyN; i += 8 {
			key := fmt.Sprint("k", i)
			l.Do(fmt.Sprintf("c.Delete(%q)", key), func() { c.Delete(key) })
			delete(entries, key)
		}
		what += ", every fourth set again with another ttl and every eighth deleted"
		checkLen(len(entries), "none has expired, and the deleted ones are gone")
		// The entries in order of expiry, for the checks as the clock moves.
		order := make([]*judgeManyEntry, 0, len(entries))
		for _, e := range entries {
			order = append(order, e)
		}
		slices.SortFunc(order, func(a, b *judgeManyEntry) int { return cmp.Compare(a.expires, b.expires) })
		now, next := time.Duration(0), 0
		for next < len(order) {
			now += judgeManyStep
			l.Do(fmt.Sprintf("clock.Advance(%s)", judgeDuration(judgeManyStep, false)), func() { clock.Advance(judgeManyStep) })
			var last *judgeManyEntry // the latest to have expired
			for next < len(order) && order[next].expires <= now {
				last = order[next]
				next++
			}
			at := fmt.Sprintf("%s, and the clock moved to %s", what, judgeAt(now))
			left := len(order) - next
			why := fmt.Sprintf("%d entries expire after %s", left, judgeAt(now))
			if left > 0 {
				why += fmt.Sprintf(", the first of them %q at %s (%s)", order[next].key, judgeAt(order[next].expires), order[next].how)
			}
			if last != nil {
				why += fmt.Sprintf("; the last to expire, %q, expired at %s (%s), and an entry is gone from its expiry on", last.key, judgeAt(last.expires), last.how)
			}
			var n int
			l.Do("c.Len()", func() { n = c.Len() })
			if n != left {
				l.Wrong(fmt.Sprintf("%s, c.Len() returned %d, want %d: %s", at, n, left, why), fmt.Sprintf("c.Len() = %d", left), fmt.Sprintf("c.Len() = %d", n))
			}
			get := func(e *judgeManyEntry, hit bool) {
				var v string
				var ok bool
				code := fmt.Sprintf("c.Get(%q)", e.key)
				l.Do(code, func() { v, ok = c.Get(e.key) })
				want, why := judgeGetResult("", false), fmt.Sprintf("it expired at %s (%s), and the clock reads %s", judgeAt(e.expires), e.how, judgeAt(now))
				if hit {
					want, why = judgeGetResult(e.value, true), fmt.Sprintf("it expires at %s (%s), and the clock reads %s", judgeAt(e.expires), e.how, judgeAt(now))
				}
				if got := judgeGetResult(v, ok); got != want {
					l.Wrong(fmt.Sprintf("%s, %s returned %s, want %s: %s", at, code, got, want, why), code+" = "+want, code+" = "+got)
				}
			}
			if last != nil {
				get(last, false)
			}
			if next < len(order) {
				get(order[next], true)
			}
		}
	}
	r := kit.RunLong(New, "c := New(clock)", run, func(code string, wait time.Duration) string {
		return fmt.Sprintf("with %d keys set, %s did not return within %s: %s", judgeManyN, code, wait, kit.WhyStuck())
	})
	if r != nil {
		r.Repro = judgeEightThousandKeysRepro
		kit.Fail(t, *r)
	}
}

// judgeEightThousandKeysRepro is the 8000_keys scenario as a test to paste beside the visible
// tests.
const judgeEightThousandKeysRepro = `func TestRepro(t *testing.T) {
	clock := newFakeClock()
	c := New(clock)
	const n = 8000
	expires := map[string]time.Duration{} // since the clock's start
	values := map[string]string{}
	for i := 0; i < n; i++ {
		key, ttl := fmt.Sprint("k", i), time.Duration(i*7919%n+1)*time.Second // import "fmt"
		c.Set(key, fmt.Sprint("v", i), ttl)
		expires[key], values[key] = ttl, fmt.Sprint("v", i)
	}
	for i := 0; i < n; i += 4 {
		key, ttl := fmt.Sprint("k", i), time.Duration(i*104729%n)*time.Second+500*time.Millisecond
		c.Set(key, fmt.Sprint("w", i), ttl)
		expires[key], values[key] = ttl, fmt.Sprint("w", i)
	}
	for i := 3; i < n; i += 8 {
		c.Delete(fmt.Sprint("k", i))
		delete(expires, fmt.Sprint("k", i))
	}
	if got := c.Len(); got != len(expires) {
		t.Fatalf("c.Len() = %d, want %d", got, len(expires))
	}
	for now := time.Duration(0); now <= n*time.Second; {
		clock.Advance(37 * time.Second)
		now += 37 * time.Second
		left := 0
		for key, exp := range expires {
			if exp > now {
				left++
			}
			if v, ok := c.Get(key); ok != (exp > now) || ok && v != values[key] {
				t.Fatalf("at +%s, c.Get(%q) = %q, %v; it expires at +%s with value %q", now, key, v, ok, exp, values[key])
			}
		}
		if got := c.Len(); got != left {
			t.Fatalf("at +%s, c.Len() = %d, want %d", now, got, left)
		}
	}
}
`
