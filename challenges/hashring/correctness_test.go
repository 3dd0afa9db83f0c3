package hashring

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// TestExample is the example from the statement: groupcache's test of its ring, with a hash
// that reads the bytes as a number, so that every point can be worked out by hand.
func TestExample(t *testing.T) {
	kit.Check(t, judgeNewScenario(3, judgeNumbers,
		judgeAdd("6", "4", "2"), // points 2, 4, 6, 12, 14, 16, 22, 24, 26
		judgeGet("2"), judgeGet("11"), judgeGet("23"), judgeGet("27"),
		judgeAdd("8"), // points 8, 18, 28
		judgeGet("27"),
		judgeRemove("8"),
		judgeGet("27"),
	))
}

// TestEdgeCases pins one rule per subtest, so that a failure names the rule that was broken.
func TestEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name     string
		replicas int
		hash     judgeHash
		steps    []judgeStep
	}{
		{"empty_ring", 3, judgeNumbers, []judgeStep{
			judgeGet("1"), judgeGet(""),
		}},
		{"one_node_owns_every_key", 2, judgeNumbers, []judgeStep{
			judgeAdd("5"), // points 5 and 15
			judgeGet("0"), judgeGet("5"), judgeGet("6"), judgeGet("15"), judgeGet("16"), judgeGet("4294967295"),
		}},
		{"point_at_the_keys_hash_owns_it", 3, judgeNumbers, []judgeStep{
			judgeAdd("2", "4"), // points 2, 4, 12, 14, 22, 24
			judgeGet("12"), judgeGet("14"), judgeGet("22"), judgeGet("2"),
		}},
		{"wraps_around", 3, judgeNumbers, []judgeStep{
			judgeAdd("2", "4"), // the last point is 24
			judgeGet("25"), judgeGet("99"), judgeGet("4294967295"), judgeGet("0"),
		}},
		{"add_twice_does_nothing", 2, judgeNumbers, []judgeStep{
			judgeAdd("3"), judgeAdd("3"), judgeAdd("7", "7"),
			judgeGet("4"), judgeGet("14"),
			judgeRemove("3"), judgeGet("4"), judgeGet("14"),
			judgeRemove("7"), judgeGet("4"),
		}},
		{"remove_absent_does_nothing", 2, judgeNumbers, []judgeStep{
			judgeRemove("1"), judgeAdd("3"), judgeRemove("4"), judgeRemove("33"),
			judgeGet("1"), judgeGet("20"),
		}},
		{"remove_then_add_again", 2, judgeNumbers, []judgeStep{
			judgeAdd("3", "5"), judgeGet("4"),
			judgeRemove("5"), judgeGet("4"),
			judgeAdd("5"), judgeGet("4"),
			judgeRemove("3"), judgeRemove("5"), judgeGet("4"),
		}},
		{"ties_go_to_the_smallest_name", 1, judgeLengths, []judgeStep{
			// Each node has one point, hash(len("0" + name)): "b", "a" and "c" share hash 2.
			judgeAdd("b"), judgeGet("k"),
			judgeAdd("c", "a"), judgeGet("k"), judgeGet(""),
			judgeAdd("dd"), judgeGet("kk"), judgeGet("kkk"), judgeGet("kkkk"),
			judgeRemove("a"), judgeGet("k"),
		}},
		{"tied_point_survives_remove", 2, judgeLengths, []judgeStep{
			// "x" and "y" have points at the same hashes: removing one leaves the other's.
			judgeAdd("x", "y"), judgeGet("k"),
			judgeRemove("x"), judgeGet("k"), judgeGet(""),
			judgeAdd("x"), judgeRemove("y"), judgeGet("k"),
		}},
		{"every_replica_is_a_point", 4, judgeNumbers, []judgeStep{
			judgeAdd("1", "2"), // points 1, 2, 11, 12, 21, 22, 31, 32
			judgeGet("1"), judgeGet("2"), judgeGet("3"), judgeGet("12"), judgeGet("13"),
			judgeGet("22"), judgeGet("23"), judgeGet("32"), judgeGet("33"),
		}},
		{"many_replicas", 20, judgeCRC32, []judgeStep{
			judgeAdd("cache-1", "cache-2", "cache-3"),
			judgeGet("user:1"), judgeGet("user:2"), judgeGet("user:3"), judgeGet("user:4"),
			judgeGet("user:5"), judgeGet("user:6"), judgeGet("user:7"), judgeGet("user:8"),
		}},
		{"ties_with_crc32", 20, judgeCRC32, []judgeStep{
			// Real names tie with a real hash: replica 11 of "1.2.3.4" and replica 1 of
			// "11.2.3.4" are both hash("111.2.3.4"), and "1.2.3.4" is the smaller name. They are
			// added in both orders, so that ties broken by the order of adding fail one of them.
			judgeAdd("11.2.3.4"), judgeAdd("1.2.3.4"), judgeGet("111.2.3.4"),
			judgeRemove("1.2.3.4"), judgeGet("111.2.3.4"),
			judgeAdd("1.2.3.4"), judgeRemove("11.2.3.4"), judgeAdd("11.2.3.4"), judgeGet("111.2.3.4"),
		}},
		{"hashes_at_both_ends_of_the_circle", 1, judgeNumbers, []judgeStep{
			// Points at 0, 2^31 and 2^32-1: hashes are unsigned, and the largest is a point
			// like any other. Compared as int32, 2^31 and up would come before 0.
			judgeAdd("4294967295", "2147483648", "0"), // points 4294967295, 2147483648 and 0
			judgeGet("0"), judgeGet("1"), judgeGet("2147483647"), judgeGet("2147483648"),
			judgeGet("2147483649"), judgeGet("4294967294"), judgeGet("4294967295"),
			judgeRemove("0"), judgeGet("4294967295"), judgeGet("0"),
			judgeRemove("4294967295"), judgeGet("2147483649"), judgeGet("1"),
		}},
		{"a_thousand_replicas", judgeManyReplicas, judgeCRC32, []judgeStep{
			// The most replicas allowed: a node's points are named "0" + node to "999" + node.
			judgeAdd("cache-1", "cache-2", "cache-3"),
			judgeGet("user:1"), judgeGet("user:2"), judgeGet("user:3"), judgeGet("user:4"),
			judgeGet("user:5"), judgeGet("user:6"), judgeGet("user:7"), judgeGet("user:8"),
			judgeRemove("cache-2"),
			judgeGet("user:1"), judgeGet("user:2"), judgeGet("user:3"), judgeGet("user:4"),
		}},
		{"two_hundred_nodes", 5, judgeCRC32, []judgeStep{
			judgeAdd(judgeCacheNodes(200)...),
			judgeGet("user:1"), judgeGet("user:2"), judgeGet("user:3"), judgeGet("user:4"),
			judgeGet("user:5"), judgeGet("user:6"), judgeGet("user:7"), judgeGet("user:8"),
			judgeRemove("cache-17"), judgeRemove("cache-150"), judgeAdd("cache-201"),
			judgeGet("user:1"), judgeGet("user:2"), judgeGet("user:3"), judgeGet("user:4"),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { kit.Check(t, judgeNewScenario(tc.replicas, tc.hash, tc.steps...)) })
	}
	t.Run("a_large_ring", judgeLargeRing)
	t.Run("add_again_keeps_no_copies", judgeAddAgainKeepsNoCopies)
}

// The ring of judgeLargeRing: 40 nodes of 1000 points, 40,000 points in all. It grows by its
// points rather than its nodes, so that an Add that sorts once per node, which is correct and
// left to the performance suite, still builds it in a fraction of a second.
const (
	judgeLargeNodes    = 40
	judgeLargeReplicas = judgeManyReplicas
)

// judgeLargeRing checks Get on a ring as large as the performance suite's, where the small
// scenarios cannot reach: a ring that caps its points, or indexes them with a small integer,
// works on those and not here. Besides keys spread over the circle, it asks for keys that hash
// exactly onto points (a point's own name, strconv.Itoa(i) + node) and keys that hash past the
// last point, after the Add of all the nodes, after removing a quarter of them, and after
// adding those back.
func judgeLargeRing(t *testing.T) {
	nodes := judgeCacheNodes(judgeLargeNodes)
	m := judgeNewModel(judgeLargeReplicas, judgeCRC32, nil)
	m.add(nodes...)
	var keys []string
	for k := 0; k < 1000; k++ {
		keys = append(keys, judgeUserKey(k))
	}
	for i, n := range nodes {
		keys = append(keys, judgePointKey(0, n), judgePointKey(judgeLargeReplicas-1, n), judgePointKey(i%judgeLargeReplicas, n))
	}
	ps := m.points()
	last := ps[len(ps)-1].hash
	for k, found := 0, 0; found < 3; k++ {
		if key := fmt.Sprintf("wrap:%d", k); judgeCRC32.fn([]byte(key)) > last {
			keys = append(keys, key)
			found++
		}
	}
	keys = append(keys, "")
	var removed []string
	for i := 0; i < len(nodes); i += 4 {
		removed = append(removed, nodes[i])
	}

	setup := fmt.Sprintf("r := New(%d, crc32.ChecksumIEEE)", judgeLargeReplicas)
	history := []string{setup, fmt.Sprintf("r.Add(nodes...) // nodes: %q .. %q", nodes[0], nodes[len(nodes)-1])}
	var r *Ring
	// check asks the ring for every key and compares it with the model, reporting the first
	// key it got wrong.
	check := func() bool {
		got := make([]string, len(keys))
		p, hung := judgeRun(func() {
			for i, k := range keys {
				got[i] = r.Get(k)
			}
		})
		if judgeRunFailed(t, p, hung, strings.Join(history, "; ")+fmt.Sprintf("; then r.Get of %d keys", len(keys))) {
			return false
		}
		want := m.owners(keys)
		for i, k := range keys {
			if got[i] == want[i] {
				continue
			}
			call := fmt.Sprintf("r.Get(%q)", k)
			g := fmt.Sprintf("%q", got[i])
			summary := fmt.Sprintf("on a ring of %d nodes of %d points, %s returned %s, want %q", len(m.nodes), judgeLargeReplicas, call, g, want[i])
			if note := judgeGetNote(m, k, g); note != "" {
				summary += " (" + note + ")"
			}
			kit.Fail(t, kit.Record{
				Summary: summary,
				Want:    append(slices.Clone(history), fmt.Sprintf("%s = %q", call, want[i])),
				Got:     append(slices.Clone(history), call+" = "+g),
			})
			return false
		}
		return true
	}
	p, hung := judgeRun(func() { r = New(judgeLargeReplicas, judgeCRC32.fn); r.Add(nodes...) })
	if judgeRunFailed(t, p, hung, history[0]+"; "+history[1]) || !check() {
		return
	}
	p, hung = judgeRun(func() {
		for _, n := range removed {
			r.Remove(n)
		}
	})
	history = append(history, fmt.Sprintf("r.Remove(n) for each of the %d nodes %q, %q, ..., every fourth", len(removed), removed[0], removed[1]))
	if judgeRunFailed(t, p, hung, strings.Join(history, "; ")) {
		return
	}
	for _, n := range removed {
		m.remove(n)
	}
	if !check() {
		return
	}
	p, hung = judgeRun(func() { r.Add(removed...) })
	history = append(history, "r.Add of those nodes again, in one call")
	if judgeRunFailed(t, p, hung, strings.Join(history, "; ")) {
		return
	}
	m.add(removed...)
	check()
}

// The ring that judgeAddAgainKeepsNoCopies adds its nodes to again and again: a copy of the
// points of its nodes takes judgeAgainNodes*judgeAgainReplicas*24 bytes at least (a uint32 and
// a string header each), 48 kB.
const (
	judgeAgainReplicas = 100
	judgeAgainNodes    = 20
	judgeAgainRounds   = 50
	// judgeAgainLimit is how much a ring may grow while nodes already on it are added again:
	// nothing, but for what the runtime allocates meanwhile. A ring that keeps a copy of the
	// points each time grows by more than twice as much.
	judgeAgainLimit = 1 << 20
)

// judgeAddAgainKeepsNoCopies checks, by the memory the ring holds, that adding nodes that are
// on it already does nothing. No Get can tell a ring that places their points again, since
// the copies tie with the points already there, and Remove takes them all away; but such a
// ring grows with every Add, as one whose whole membership is added again every few seconds
// would, without end.
func judgeAddAgainKeepsNoCopies(t *testing.T) {
	if kit.RaceEnabled {
		t.Skip("memory is not measured under the race detector")
	}
	nodes := judgeCacheNodes(judgeAgainNodes)
	setup := fmt.Sprintf("r := New(%d, crc32.ChecksumIEEE)", judgeAgainReplicas)
	add := "r.Add(" + judgeQuoted(nodes) + ")"
	var r *Ring
	p, hung := judgeRun(func() { r = New(judgeAgainReplicas, judgeCRC32.fn); r.Add(nodes...) })
	if judgeRunFailed(t, p, hung, setup+"; "+add) {
		return
	}
	before := kit.HeapInUse()
	p, hung = judgeRun(func() {
		for range judgeAgainRounds {
			r.Add(nodes...)
		}
	})
	if judgeRunFailed(t, p, hung, fmt.Sprintf("%s, then the same %d more times", add, judgeAgainRounds)) {
		return
	}
	grew := kit.HeapInUse() - before
	runtime.KeepAlive(r)
	if grew <= judgeAgainLimit {
		return
	}
	// How much it grew depends on the runtime; the limit and the size of one copy do not, so
	// the message names those.
	kit.Fail(t, kit.Record{Kind: kit.LeakDetected,
		Summary: fmt.Sprintf("adding nodes that are on the ring already must do nothing, but after %s; %s, then the same Add %d more times, the ring holds more than %d kB more memory than before, where a copy of the points of those %d nodes takes %d kB: it places their points again at every Add. Check whether each node is on the ring before placing its points, and add a node named twice in one call once",
			setup, add, judgeAgainRounds, judgeAgainLimit>>10, judgeAgainNodes, judgeAgainNodes*judgeAgainReplicas*24/1000),
		Want: []string{setup, add, fmt.Sprintf("(the same Add %d more times)", judgeAgainRounds), "(the ring's memory does not grow)"},
		Got:  []string{setup, add, fmt.Sprintf("(the same Add %d more times)", judgeAgainRounds), "(the ring's memory grew with every Add)"},
	})
}

// TestNilHashIsCRC32 checks that New with a nil hash places points with crc32.ChecksumIEEE.
func TestNilHashIsCRC32(t *testing.T) {
	sc := judgeNewScenario(10, judgeCRC32,
		judgeAdd("cache-1", "cache-2", "cache-3"),
		judgeGet("user:1"), judgeGet("user:2"), judgeGet("user:3"), judgeGet("user:4"),
		judgeGet("user:5"), judgeGet("user:6"), judgeGet("user:7"), judgeGet("user:8"),
	)
	sc.Setup = "r := New(10, nil)"
	sc.New = func() *Ring { return New(10, nil) }
	sc.Model = func() *judgeRingModel { return judgeNewModel(10, judgeCRC32, nil) } // nothing recorded
	kit.Check(t, sc)
}

// TestRandomOperations compares the ring with the model on random sequences of Add, Remove and
// Get from fixed seeds, one subtest per hash function: numbers that can be followed by hand,
// two hashes whose points tie all the time, and crc32. A failure is shrunk to the fewest calls
// that still fail. The seed is the one the corpus's shrunk failures were found with.
func TestRandomOperations(t *testing.T) {
	for _, h := range []judgeHash{judgeNumbers, judgeLengths, judgeByteSums, judgeCRC32} {
		t.Run(h.name, func(t *testing.T) {
			kit.ExploreFrom(t, 0x4a54_71e6, 200, func(rng *rand.Rand) judgeScenario { return judgeRandomScenario(rng, h) })
		})
	}
}

func judgeRandomScenario(rng *rand.Rand, h judgeHash) judgeScenario {
	replicas := 1 + rng.IntN(4)
	var nodes []string
	switch h.name {
	case judgeNumbers.name:
		for i := 0; i < 6; i++ {
			nodes = append(nodes, strconv.Itoa(1+rng.IntN(30)))
		}
	case judgeCRC32.name:
		replicas = 1 + rng.IntN(30)
		for i := 1; i <= 6; i++ {
			nodes = append(nodes, fmt.Sprintf("cache-%d", i))
		}
	default:
		nodes = []string{"a", "b", "c", "dd", "ee", "fff"}
	}
	key := func() string {
		switch h.name {
		case judgeNumbers.name:
			if rng.IntN(10) == 0 {
				return strconv.FormatUint(uint64(rng.Uint32()), 10)
			}
			return strconv.Itoa(rng.IntN(320))
		case judgeCRC32.name:
			return fmt.Sprintf("user:%d", rng.IntN(1000))
		}
		return []string{"", "k", "kk", "kkk", "kkkk", "xyz", "hello", "a", "0b"}[rng.IntN(9)]
	}
	var steps []judgeStep
	for n := 10 + rng.IntN(50); len(steps) < n; {
		switch k := rng.IntN(10); {
		case k < 2:
			add := []string{nodes[rng.IntN(len(nodes))]}
			for rng.IntN(3) == 0 {
				add = append(add, nodes[rng.IntN(len(nodes))])
			}
			steps = append(steps, judgeAdd(add...))
		case k < 3:
			steps = append(steps, judgeRemove(nodes[rng.IntN(len(nodes))]))
		default:
			steps = append(steps, judgeGet(key()))
		}
	}
	return judgeNewScenario(replicas, h, steps...)
}

// judgeCacheNodes returns "cache-1" .. "cache-n".
func judgeCacheNodes(n int) []string {
	var nodes []string
	for i := 1; i <= n; i++ {
		nodes = append(nodes, fmt.Sprintf("cache-%d", i))
	}
	return nodes
}

func judgeUserKey(i int) string { return fmt.Sprintf("user:%d", i) }

// judgeManyReplicas is the most replicas the statement allows.
const judgeManyReplicas = 1000

const (
	judgeBalanceReplicas = 100
	judgeBalanceKeys     = 10000
)

// TestBalance checks that with 100 points per node and crc32, the keys spread over the nodes:
// each of n nodes owns between 0.6 and 1.4 times 1/n of 10,000 keys. The answer is fixed by the
// hash and the definition of the points, and the reference's nodes all own between 0.69 and
// 1.25 times their share; a ring that places fewer points, or the same point over and over,
// does not come close.
func TestBalance(t *testing.T) {
	for _, n := range []int{3, 5, 10, 20} {
		nodes := judgeCacheNodes(n)
		var counts map[string]int
		p, hung := judgeRun(func() {
			r := New(judgeBalanceReplicas, judgeCRC32.fn)
			r.Add(nodes...)
			counts = map[string]int{}
			for k := 0; k < judgeBalanceKeys; k++ {
				counts[r.Get(judgeUserKey(k))]++
			}
		})
		setup := fmt.Sprintf("r := New(%d, crc32.ChecksumIEEE)", judgeBalanceReplicas)
		add := "r.Add(" + judgeQuoted(nodes) + ")"
		if judgeRunFailed(t, p, hung, fmt.Sprintf("%s; %s; then r.Get(\"user:0\") .. r.Get(\"user:%d\")", setup, add, judgeBalanceKeys-1)) {
			return
		}
		share := judgeBalanceKeys / n
		lo, hi := share*6/10, share*14/10
		for _, node := range nodes {
			if c := counts[node]; c < lo || c > hi {
				kit.Fail(t, kit.Record{
					Summary: fmt.Sprintf("with %d nodes of %d points each, %q owns %d of the keys \"user:0\" to \"user:%d\"; each node should own about %d, between %d and %d. Is every node placed at all %d of its points, hash([]byte(strconv.Itoa(i) + node)) for i from 0 to %d?",
						n, judgeBalanceReplicas, node, c, judgeBalanceKeys-1, share, lo, hi, judgeBalanceReplicas, judgeBalanceReplicas-1),
					Want: []string{setup, add, fmt.Sprintf("keys owned by %q: %d to %d", node, lo, hi)},
					Got:  []string{setup, add, fmt.Sprintf("keys owned by %q: %d", node, c)},
				})
				return
			}
		}
	}
}

// TestMinimalRemapping checks what consistent hashing is for: adding a node moves only the keys
// the new node now owns, and removing one moves only the keys it owned. Adding a node and
// removing it again must give every key back its first owner.
func TestMinimalRemapping(t *testing.T) {
	const replicas, keys = 50, 5000
	setup := fmt.Sprintf("r := New(%d, crc32.ChecksumIEEE)", replicas)
	nodes := judgeCacheNodes(5)
	var (
		r       *Ring
		owners  = make([]string, keys)
		history []string // the calls so far, for the transcript
	)
	owner := func(k int) (got string, ok bool) {
		p, hung := judgeRun(func() { got = r.Get(judgeUserKey(k)) })
		return got, !judgeRunFailed(t, p, hung, fmt.Sprintf("%s, r.Get(%q)", history[len(history)-1], judgeUserKey(k)))
	}
	do := func(call string, f func()) bool {
		history = append(history, call)
		p, hung := judgeRun(f)
		return !judgeRunFailed(t, p, hung, call)
	}
	if !do(setup, func() { r = New(replicas, judgeCRC32.fn) }) ||
		!do("r.Add("+judgeQuoted(nodes)+")", func() { r.Add(nodes...) }) {
		return
	}
	for k := range owners {
		var ok bool
		if owners[k], ok = owner(k); !ok {
			return
		}
	}
	first := slices.Clone(owners)
	// check makes a change and checks every key: it may keep its owner, or move as allowed.
	check := func(call string, change func(), allowed func(before, after string) bool, rule string) bool {
		if !do(call, change) {
			return false
		}
		for k := range owners {
			after, ok := owner(k)
			if !ok {
				return false
			}
			if after != owners[k] && !allowed(owners[k], after) {
				key := fmt.Sprintf("r.Get(%q)", judgeUserKey(k))
				before := history[:len(history)-1]
				kit.Fail(t, kit.Record{
					Summary: fmt.Sprintf("after %s, %s returned %q, but it returned %q before: %s", call, key, after, owners[k], rule),
					Want:    append(slices.Clone(before), key+fmt.Sprintf(" = %q", owners[k]), call, key+" = "+judgeAllowedOwners(owners[k], call)),
					Got:     append(slices.Clone(before), key+fmt.Sprintf(" = %q", owners[k]), call, key+fmt.Sprintf(" = %q", after)),
				})
				return false
			}
			owners[k] = after
		}
		return true
	}
	// Add a node, remove another, add it back, remove the first: after each change, every key
	// keeps its owner or moves only as the change allows.
	for _, c := range []struct {
		add  bool
		node string
	}{{true, "cache-6"}, {false, "cache-3"}, {true, "cache-3"}, {false, "cache-6"}} {
		call, change := fmt.Sprintf("r.Remove(%q)", c.node), func() { r.Remove(c.node) }
		allowed := func(before, after string) bool { return before == c.node }
		rule := "removing a node may move only the keys that node owned"
		if c.add {
			call, change = fmt.Sprintf("r.Add(%q)", c.node), func() { r.Add(c.node) }
			allowed = func(before, after string) bool { return after == c.node }
			rule = "adding a node may move a key only to the new node"
		}
		if !check(call, change, allowed, rule) {
			return
		}
	}
	for k := range owners {
		if owners[k] != first[k] {
			key := fmt.Sprintf("r.Get(%q)", judgeUserKey(k))
			kit.Fail(t, kit.Record{
				Summary: fmt.Sprintf("after adding and removing nodes until the ring held the same nodes as at first, %s returned %q, but it returned %q with the same nodes at first: the owner of a key depends only on the nodes on the ring", key, owners[k], first[k]),
				Want:    append(slices.Clone(history[:2]), key+fmt.Sprintf(" = %q", first[k]), "...", history[len(history)-1], key+fmt.Sprintf(" = %q", first[k])),
				Got:     append(slices.Clone(history[:2]), key+fmt.Sprintf(" = %q", first[k]), "...", history[len(history)-1], key+fmt.Sprintf(" = %q", owners[k])),
			})
			return
		}
	}
}

// judgeAllowedOwners says which owners a key may have after a call: its owner before, or the
// node the call added; a removed node's keys may go anywhere else.
func judgeAllowedOwners(before, call string) string {
	var node string
	if _, err := fmt.Sscanf(call, "r.Add(%q)", &node); err == nil {
		return fmt.Sprintf("%q or %q", before, node)
	}
	if _, err := fmt.Sscanf(call, "r.Remove(%q)", &node); err == nil && node != before {
		return fmt.Sprintf("%q", before)
	}
	return "any node but the one removed"
}
