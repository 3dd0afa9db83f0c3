package lru

// Every top-level name in the hidden tests starts with "judge": they share a package with the
// learner's code, and a learner's own node, entry or list must never clash with them.

// judgeModel is what the hidden tests compare a solution with: an LRU cache written as plainly
// as possible, a slice of entries in recency order that every call scans. It is O(n) per call,
// which costs nothing at the capacities the tests use and keeps it obviously right.
type judgeModel struct {
	capacity int
	entries  []judgeEntry // the most recently used first
}

type judgeEntry struct{ key, value int }

// index returns where key is in the recency order, or -1.
func (m *judgeModel) index(key int) int {
	for i, e := range m.entries {
		if e.key == key {
			return i
		}
	}
	return -1
}

// toFront makes entry i the most recently used.
func (m *judgeModel) toFront(i int) {
	e := m.entries[i]
	rest := append(append([]judgeEntry{}, m.entries[:i]...), m.entries[i+1:]...)
	m.entries = append([]judgeEntry{e}, rest...)
}

func (m *judgeModel) get(key int) int {
	i := m.index(key)
	if i < 0 {
		return -1
	}
	v := m.entries[i].value
	m.toFront(i)
	return v
}

// put reports the key it evicted, if any, so that failure messages can say when a key left.
func (m *judgeModel) put(key, value int) (evicted int, didEvict bool) {
	if i := m.index(key); i >= 0 {
		m.entries[i].value = value
		m.toFront(i)
		return 0, false
	}
	m.entries = append([]judgeEntry{{key, value}}, m.entries...)
	if len(m.entries) <= m.capacity {
		return 0, false
	}
	last := m.entries[len(m.entries)-1]
	m.entries = m.entries[:len(m.entries)-1]
	return last.key, true
}

// keys returns the cached keys, the most recently used first.
func (m *judgeModel) keys() []int {
	keys := make([]int, len(m.entries))
	for i, e := range m.entries {
		keys[i] = e.key
	}
	return keys
}
