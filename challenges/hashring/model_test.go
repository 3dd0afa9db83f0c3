package hashring

import (
	"cmp"
	"fmt"
	"hash/crc32"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Every top-level name in the hidden tests starts with "judge": they share a package with the
// learner's code, and a learner's own point, ring or hash must never clash with them.

// judgeHash is a hash function the tests give New, with its Go source for transcripts and
// repros.
type judgeHash struct {
	name string // what the test names call it
	src  string // Go source of the function, as New's argument
	fn   func(data []byte) uint32
}

// The hash functions of the tests. judgeNumbers is the one groupcache's tests made famous: it
// reads the bytes as a decimal number, so that the points of node "2" with 3 replicas are
// hash("02") = 2, hash("12") = 12 and hash("22") = 22, and a transcript can be followed by hand.
// judgeLengths and judgeByteSums make points share hashes all the time, to check ties.
var (
	judgeNumbers = judgeHash{"numbers", "func(b []byte) uint32 { n, _ := strconv.Atoi(string(b)); return uint32(n) }",
		func(b []byte) uint32 { n, _ := strconv.Atoi(string(b)); return uint32(n) }}
	judgeLengths = judgeHash{"lengths", "func(b []byte) uint32 { return uint32(len(b)) }",
		func(b []byte) uint32 { return uint32(len(b)) }}
	judgeByteSums = judgeHash{"byte_sums", "func(b []byte) uint32 { var h uint32; for _, c := range b { h += uint32(c) }; return h % 64 }",
		func(b []byte) uint32 {
			var h uint32
			for _, c := range b {
				h += uint32(c)
			}
			return h % 64
		}}
	judgeCRC32 = judgeHash{"crc32", "crc32.ChecksumIEEE", crc32.ChecksumIEEE}
)

// judgePoint is one place of a node on the ring: hash([]byte(strconv.Itoa(replica) + node)).
type judgePoint struct {
	hash    uint32
	node    string
	replica int
}

func judgePointKey(replica int, node string) string { return strconv.Itoa(replica) + node }

func judgeComparePoints(a, b judgePoint) int {
	return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.node, b.node), cmp.Compare(a.replica, b.replica))
}

// judgeRingModel is what the hidden tests compare a ring with: the set of nodes, and every
// point computed afresh on each Get and scanned in full. It is O(n) per Get, which costs
// nothing at the sizes the correctness tests use and keeps it obviously right.
type judgeRingModel struct {
	replicas int
	hash     judgeHash
	nodes    map[string]bool
	calls    int            // calls made so far; Setup is call 1
	added    map[string]int // the call that last added a node
	removed  map[string]int // the call that last removed a node
	rec      *judgeRecorder // the inputs the solution hashed, for the notes
}

func judgeNewModel(replicas int, h judgeHash, rec *judgeRecorder) *judgeRingModel {
	return &judgeRingModel{replicas: replicas, hash: h, nodes: map[string]bool{},
		added: map[string]int{}, removed: map[string]int{}, rec: rec}
}

func (m *judgeRingModel) add(nodes ...string) {
	m.calls++
	for _, n := range nodes {
		if !m.nodes[n] {
			m.nodes[n] = true
			m.added[n] = m.calls + 1
		}
	}
}

func (m *judgeRingModel) remove(node string) {
	m.calls++
	if m.nodes[node] {
		delete(m.nodes, node)
		m.removed[node] = m.calls + 1
	}
}

// points returns every point of every node, sorted by hash, then node, then replica.
func (m *judgeRingModel) points() []judgePoint {
	var ps []judgePoint
	for n := range m.nodes {
		for i := 0; i < m.replicas; i++ {
			ps = append(ps, judgePoint{m.hash.fn([]byte(judgePointKey(i, n))), n, i})
		}
	}
	slices.SortFunc(ps, judgeComparePoints)
	return ps
}

// owner returns the point that owns key: the first at or after hash(key) in the order of
// points(), or the very first when none is; wrapped says which. ok is false for an empty ring.
func (m *judgeRingModel) owner(key string) (p judgePoint, wrapped, ok bool) {
	ps := m.points()
	if len(ps) == 0 {
		return judgePoint{}, false, false
	}
	h := m.hash.fn([]byte(key))
	for _, q := range ps {
		if q.hash >= h {
			return q, false, true
		}
	}
	return ps[0], true, true
}

// owners returns the owner of each key, computing the points once: for many keys at once.
func (m *judgeRingModel) owners(keys []string) []string {
	ps := m.points()
	out := make([]string, len(keys))
	if len(ps) == 0 {
		return out
	}
	for i, k := range keys {
		h := m.hash.fn([]byte(k))
		j, _ := slices.BinarySearchFunc(ps, h, func(p judgePoint, h uint32) int { return cmp.Compare(p.hash, h) })
		for j > 0 && ps[j-1].hash == h { // the first of equal hashes
			j--
		}
		if j == len(ps) {
			j = 0
		}
		out[i] = ps[j].node
	}
	return out
}

func (m *judgeRingModel) get(key string) string {
	m.calls++
	p, _, _ := m.owner(key)
	return p.node
}

// judgeRecorder wraps a hash function and records what it was called with, so that a note can
// say when a ring hashes something other than the points and keys the statement defines.
type judgeRecorder struct {
	mu     sync.Mutex
	inputs map[string]bool
	order  []string
}

func (r *judgeRecorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.inputs, r.order = map[string]bool{}, nil
}

func (r *judgeRecorder) wrap(fn func([]byte) uint32) func([]byte) uint32 {
	return func(b []byte) uint32 {
		r.mu.Lock()
		if r.inputs != nil && !r.inputs[string(b)] && len(r.order) < 10000 {
			r.inputs[string(b)] = true
			r.order = append(r.order, string(b))
		}
		r.mu.Unlock()
		return fn(b)
	}
}

// hashingNote says what is wrong with what the ring hashed, if anything: a point of a node on
// the ring that was never hashed, while something else was.
func (m *judgeRingModel) hashingNote() string {
	if m.rec == nil {
		return ""
	}
	m.rec.mu.Lock()
	defer m.rec.mu.Unlock()
	nodes := make([]string, 0, len(m.nodes))
	for n := range m.nodes {
		nodes = append(nodes, n)
	}
	slices.Sort(nodes)
	for _, n := range nodes {
		for i := 0; i < m.replicas; i++ {
			if m.rec.inputs[judgePointKey(i, n)] {
				continue
			}
			var odd []string
			for _, in := range m.rec.order {
				if strings.Contains(in, n) && !judgeIsPointOf(in, n) {
					odd = append(odd, fmt.Sprintf("%q", in))
				}
			}
			note := fmt.Sprintf("the ring never hashed %q, replica %d of node %q: the points of node n are hash([]byte(strconv.Itoa(i) + n)) for i from 0 to replicas-1", judgePointKey(i, n), i, n)
			if len(odd) > 0 {
				if len(odd) > 3 {
					odd = append(odd[:3], "...")
				}
				note += "; it hashed " + strings.Join(odd, ", ") + " instead"
			}
			return note
		}
	}
	return ""
}

// judgeIsPointOf reports whether s is strconv.Itoa(i) + node for some i.
func judgeIsPointOf(s, node string) bool {
	digits, ok := strings.CutSuffix(s, node)
	if !ok || digits == "" {
		return false
	}
	i, err := strconv.Atoi(digits)
	return err == nil && strconv.Itoa(i) == digits
}
