// Too slow: correct, but Add sorts all the points again after each node it adds, so adding n
// nodes at once takes O(n^2 log n) instead of one sort.
package hashring

import (
	"cmp"
	"hash/crc32"
	"slices"
	"sort"
	"strconv"
	"sync"
)

// point is one of a node's places on the ring.
type point struct {
	hash uint32
	node string
}

// Ring is a consistent hash ring with virtual nodes. It is safe for concurrent use.
type Ring struct {
	replicas int
	hash     func(data []byte) uint32

	mu     sync.RWMutex
	nodes  map[string]bool
	points []point // sorted by hash, then by node name
}

// New returns an empty ring that places each node at replicas points. A nil hash means
// crc32.ChecksumIEEE.
func New(replicas int, hash func(data []byte) uint32) *Ring {
	if hash == nil {
		hash = crc32.ChecksumIEEE
	}
	return &Ring{replicas: replicas, hash: hash, nodes: make(map[string]bool)}
}

// Add adds nodes to the ring, keeping the points sorted after each one.
func (r *Ring) Add(nodes ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range nodes {
		if r.nodes[n] {
			continue
		}
		r.nodes[n] = true
		for i := 0; i < r.replicas; i++ {
			r.points = append(r.points, point{r.hash([]byte(strconv.Itoa(i) + n)), n})
		}
		slices.SortFunc(r.points, func(a, b point) int {
			return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.node, b.node))
		})
	}
}

// Remove removes node from the ring; removing a node that is not on it does nothing.
func (r *Ring) Remove(node string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.nodes[node] {
		return
	}
	delete(r.nodes, node)
	// Filtering keeps the order, so no sort is needed.
	r.points = slices.DeleteFunc(r.points, func(p point) bool { return p.node == node })
}

// Get returns the node that owns key: the node of the first point at or after hash(key),
// wrapping around past the largest hash to the first point; "" when the ring is empty.
func (r *Ring) Get(key string) string {
	h := r.hash([]byte(key))
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.points) == 0 {
		return ""
	}
	// The points are sorted by hash and then by name, so among points that share a hash the
	// first found is the node with the smallest name.
	i := sort.Search(len(r.points), func(i int) bool { return r.points[i].hash >= h })
	if i == len(r.points) {
		i = 0
	}
	return r.points[i].node
}
