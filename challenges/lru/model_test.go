package lru

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// Every top-level name in the hidden tests starts with "judge": they share a package with the
// learner's code, and a learner's own node, entry or list must never clash with them.

// judgeModel is what the hidden tests compare a solution with: an LRU cache written as plainly
// as possible, a slice of entries in recency order that every call scans. It is O(n) per call,
// which costs nothing at the capacities the tests use and keeps it obviously right. It also
// remembers when each key was put and evicted, to explain a wrong answer.
type judgeModel struct {
	capacity int
	entries  []judgeEntry // the most recently used first
	calls    []string     // the calls so far; calls[i] is call i+2, as Constructor is call 1
	lastPut  map[int]int  // key -> the call that last put it
	evicted  map[int]int  // key -> the call that evicted it, while it stays out
}

type judgeEntry struct{ key, value int }

func judgeNewModel(capacity int) *judgeModel {
	return &judgeModel{capacity: capacity, lastPut: map[int]int{}, evicted: map[int]int{}}
}

// find returns where key is in the recency order, or -1.
func (m *judgeModel) find(key int) int {
	return slices.IndexFunc(m.entries, func(e judgeEntry) bool { return e.key == key })
}

// touch makes entry i the most recently used.
func (m *judgeModel) touch(i int) {
	e := m.entries[i]
	m.entries = append([]judgeEntry{e}, slices.Delete(m.entries, i, i+1)...)
}

func (m *judgeModel) get(key int) int {
	m.calls = append(m.calls, fmt.Sprintf("c.Get(%d)", key))
	i := m.find(key)
	if i < 0 {
		return -1
	}
	m.touch(i)
	return m.entries[0].value
}

func (m *judgeModel) put(key, value int) {
	m.calls = append(m.calls, fmt.Sprintf("c.Put(%d, %d)", key, value))
	m.lastPut[key] = len(m.calls) + 1
	delete(m.evicted, key)
	if i := m.find(key); i >= 0 {
		m.entries[i].value = value
		m.touch(i)
		return
	}
	m.entries = append([]judgeEntry{{key, value}}, m.entries...)
	if len(m.entries) > m.capacity {
		m.evicted[m.entries[m.capacity].key] = len(m.calls) + 1
		m.entries = m.entries[:m.capacity]
	}
}

// explain says why c.Get(key) should not have returned got, from the cache's history: when
// the key was evicted, which keys the cache should hold.
func (m *judgeModel) explain(key int, got string) string {
	want := -1
	if i := m.find(key); i >= 0 {
		want = m.entries[i].value
	}
	keys := make([]int, len(m.entries))
	for i, e := range m.entries {
		keys[i] = e.key
	}
	call := func(n int) string { return fmt.Sprintf("call %d, %s", n, m.calls[n-2]) }
	switch {
	case want == -1 && m.lastPut[key] == 0:
		return fmt.Sprintf("key %d was never put", key)
	case want == -1 && m.evicted[key] > 0:
		return fmt.Sprintf("key %d was the least recently used key when %s, took the cache over its capacity of %d, so it should have been evicted",
			key, call(m.evicted[key]), m.capacity)
	case want == -1:
		return ""
	case got != "-1":
		return fmt.Sprintf("the latest value of key %d is %d, from %s", key, want, call(m.lastPut[key]))
	case len(keys) < m.capacity:
		put := "1 key has"
		if len(keys) > 1 {
			put = fmt.Sprintf("%d distinct keys have", len(keys))
		}
		return fmt.Sprintf("key %d should still be cached: only %s been put and the capacity is %d, so nothing should have been evicted",
			key, put, m.capacity)
	case len(keys) == 1:
		return fmt.Sprintf("key %d should still be cached: with capacity 1 the cache keeps just the most recently used key, which is %d", key, key)
	case len(keys) <= 8:
		return fmt.Sprintf("key %d should still be cached: the cache keeps its %d most recently used keys, which are %s, most recent first",
			key, m.capacity, kit.And(keys))
	}
	return fmt.Sprintf("key %d should still be cached: it is the %s most recently used key, and the capacity is %d",
		key, judgeOrdinal(slices.Index(keys, key)+1), m.capacity)
}

// judgeOrdinal is 1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st.
func judgeOrdinal(n int) string {
	if n%10 >= 1 && n%10 <= 3 && n%100/10 != 1 {
		return strconv.Itoa(n) + [...]string{"st", "nd", "rd"}[n%10-1]
	}
	return strconv.Itoa(n) + "th"
}

// judgeOp is one call on the cache: c.Get(key), or c.Put(key, value).
type judgeOp struct {
	get        bool
	key, value int
}

// judgeProgram is the whole life of one cache as data: its capacity and the calls made on it
// in turn. It becomes a kit.Scenario, and shrinks in its own terms (judgeSimpler).
type judgeProgram struct {
	capacity int
	ops      []judgeOp
}

// cut is p up to its first n calls.
func (p judgeProgram) cut(n int) judgeProgram { return judgeProgram{p.capacity, p.ops[:n]} }

type judgeScenario = kit.Scenario[*LRUCache, *judgeModel]

// judgeNew is a scenario's start: a new cache of the given capacity, and no calls yet.
func judgeNew(capacity int) judgeScenario {
	return judgeScenario{
		Setup: fmt.Sprintf("c := Constructor(%d)", capacity),
		// The cache is never copied once made: a solution may keep its mutex by value.
		New:   func() *LRUCache { c := Constructor(capacity); return &c },
		Model: func() *judgeModel { return judgeNewModel(capacity) },
	}
}

// scenario runs the program on the learner's cache, every Get checked against the model.
func (p judgeProgram) scenario() judgeScenario {
	sc := judgeNew(p.capacity)
	sc.Simpler = kit.SimplerFrom(p.cut, judgeSimpler, judgeProgram.scenario)
	for _, op := range p.ops {
		sc.Steps = append(sc.Steps, op.step())
	}
	return sc
}

func (op judgeOp) step() kit.Step[*LRUCache, *judgeModel] {
	if !op.get {
		return kit.Step[*LRUCache, *judgeModel]{
			Code: fmt.Sprintf("c.Put(%d, %d)", op.key, op.value),
			Do:   func(c *LRUCache) string { c.Put(op.key, op.value); return "" },
			Want: func(m *judgeModel) string { m.put(op.key, op.value); return "" },
		}
	}
	return kit.Step[*LRUCache, *judgeModel]{
		Code: fmt.Sprintf("c.Get(%d)", op.key),
		Do:   func(c *LRUCache) string { return strconv.Itoa(c.Get(op.key)) },
		Want: func(m *judgeModel) string { return strconv.Itoa(m.get(op.key)) },
		Note: func(m *judgeModel, got string) string { return m.explain(op.key, got) },
	}
}

// judgeSimpler lists simpler programs, simplest first: fewer calls, then a smaller capacity,
// then keys numbered 1, 2, 3 in order of first use, then smaller keys and values.
func judgeSimpler(p judgeProgram) []judgeProgram {
	var out []judgeProgram
	for _, ops := range kit.Removals(p.ops) {
		out = append(out, judgeProgram{p.capacity, ops})
	}
	for c := 1; c < p.capacity; c++ {
		out = append(out, judgeProgram{c, p.ops})
	}
	if relabelled := judgeRelabel(p.ops); !slices.Equal(relabelled, p.ops) {
		out = append(out, judgeProgram{p.capacity, relabelled})
	} else {
		// Only once keys are canonical, so that a smaller key and the relabelling can never
		// undo each other.
		for _, ops := range kit.Replacements(p.ops, judgeSmallerKeys) {
			out = append(out, judgeProgram{p.capacity, ops})
		}
	}
	for _, ops := range kit.Replacements(p.ops, judgeSimplerValues) {
		out = append(out, judgeProgram{p.capacity, ops})
	}
	return out
}

// judgeRelabel renames the keys 1, 2, 3 ... in order of first use, and a value that equals
// its key with it, so that c.Put(7, 7) reads c.Put(1, 1).
func judgeRelabel(ops []judgeOp) []judgeOp {
	names := map[int]int{}
	out := make([]judgeOp, len(ops))
	for i, op := range ops {
		if _, ok := names[op.key]; !ok {
			names[op.key] = len(names) + 1
		}
		out[i] = judgeWithKey(op, names[op.key])
	}
	return out
}

// judgeWithKey is op on key k, its value renamed with the key when it was the key.
func judgeWithKey(op judgeOp, k int) judgeOp {
	if !op.get && op.value == op.key {
		op.value = k
	}
	op.key = k
	return op
}

func judgeSmallerKeys(op judgeOp) []judgeOp {
	var out []judgeOp
	for k := 1; k < op.key; k++ {
		out = append(out, judgeWithKey(op, k))
	}
	return out
}

// judgeValueCost orders values from simplest: the key itself, ten times the key (the
// natural second value in an update), then small numbers.
func judgeValueCost(op judgeOp) int {
	switch {
	case op.value == op.key:
		return 0
	case op.value == op.key*10:
		return 1
	case op.value < 0 && op.value > -1<<20:
		return 2 - op.value
	case op.value >= 0 && op.value < 1<<20:
		return 2 + op.value
	}
	return 2 + 1<<20
}

func judgeSimplerValues(op judgeOp) []judgeOp {
	if op.get {
		return nil
	}
	var out []judgeOp
	for _, v := range []int{op.key, op.key * 10, 0, 1, 2, 3} {
		o := op
		o.value = v
		// -1 is excluded: it is what Get returns for a missing key.
		if v != -1 && judgeValueCost(o) < judgeValueCost(op) {
			out = append(out, o)
		}
	}
	return out
}

// judgeGate holds the race and performance suites back until judgeWorks passes.
var judgeGate = kit.Gate{Solution: "a cache", Works: judgeWorks}

// judgeWorks checks, with one goroutine and four calls, what the race and performance suites
// take for granted (see kit.Gate): that keys put can be got back, and no more.
func judgeWorks(t *testing.T, context string) bool {
	t.Helper()
	return kit.Check(t, judgeProgram{capacity: 4, ops: []judgeOp{
		{key: 1, value: 1}, {key: 2, value: 2}, {get: true, key: 1}, {get: true, key: 2},
	}}.scenario().HandWritten(context))
}
