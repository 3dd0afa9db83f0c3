// Correct but a little slower: the reference's design, every point in one slice sorted by hash
// and then by node name, searched by binary search, behind a sync.RWMutex. But one comparison
// function serves both the sort and the search, so that Get's search, which only needs the
// hashes, also compares node names at every step; and each point's name is built with
// fmt.Sprintf where strconv would do. Add and Get keep the reference's complexity and are only
// a little slower.
package hashring

import (
	"cmp"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"
	"sync"
)

// point is one of a node's places on the ring.
type point struct {
	hash uint32
	node string
}

// comparePoints orders points by hash, then by node name.
func comparePoints(a, b point) int {
	return cmp.Or(cmp.Compare(a.hash, b.hash), strings.Compare(a.node, b.node))
}

// Ring is a consistent hash ring with virtual nodes, safe for concurrent use.
type Ring struct {
	replicas int
	hash     func(data []byte) uint32

	mu     sync.RWMutex
	nodes  map[string]bool
	points []point // sorted by comparePoints
}

// New returns an empty ring that places each node at replicas points.
func New(replicas int, hash func(data []byte) uint32) *Ring {
	if hash == nil {
		hash = crc32.ChecksumIEEE
	}
	return &Ring{replicas: replicas, hash: hash, nodes: map[string]bool{}}
}

// Add adds nodes to the ring; a node already on it is added once.
func (r *Ring) Add(nodes ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	added := false
	for _, n := range nodes {
		if r.nodes[n] {
			continue
		}
		r.nodes[n] = true
		added = true
		for i := 0; i < r.replicas; i++ {
			r.points = append(r.points, point{r.hash([]byte(fmt.Sprintf("%d%s", i, n))), n})
		}
	}
	if added {
		slices.SortFunc(r.points, comparePoints)
	}
}

// Remove removes node from the ring, if it is on it.
func (r *Ring) Remove(node string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.nodes[node] {
		return
	}
	delete(r.nodes, node)
	r.points = slices.DeleteFunc(r.points, func(p point) bool { return p.node == node })
}

// Get returns the node that owns key: that of the first point at or after hash(key), going
// round past the largest hash to the first point; "" when the ring is empty.
func (r *Ring) Get(key string) string {
	h := r.hash([]byte(key))
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.points) == 0 {
		return ""
	}
	// No node sorts before the empty name, so this finds the first point whose hash is h or
	// more, and among points of the same hash the smallest name.
	i, _ := slices.BinarySearchFunc(r.points, point{hash: h}, comparePoints)
	if i == len(r.points) {
		i = 0
	}
	return r.points[i].node
}
