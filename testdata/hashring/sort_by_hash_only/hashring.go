// Wrong answer: the ring most tutorials publish, with a lock: the points in one slice sorted by
// hash with sort.Slice, binary search with sort.Search, and a set of the nodes on the ring. But
// the sort compares the hashes only, so when points of two nodes share a hash, which of them
// comes first, and owns the keys there, depends on the order of adding and on sort.Slice, which
// is not stable, instead of going to the smallest name. With crc32 it shows rarely; with real
// names that tie ("1.2.3.4" and "11.2.3.4" both have a point at hash("111.2.3.4")), it shows.
package hashring

import (
	"hash/crc32"
	"sort"
	"strconv"
	"sync"
)

type virtualNode struct {
	hash uint32
	node string
}

// Ring is a consistent hash ring with virtual nodes, safe for concurrent use.
type Ring struct {
	mu       sync.RWMutex
	hashFunc func([]byte) uint32
	replicas int
	nodes    map[string]bool
	vnodes   []virtualNode
}

// New returns an empty ring.
func New(replicas int, hash func(data []byte) uint32) *Ring {
	if hash == nil {
		hash = crc32.ChecksumIEEE
	}
	return &Ring{hashFunc: hash, replicas: replicas, nodes: make(map[string]bool)}
}

// Add adds nodes to the ring.
func (r *Ring) Add(nodes ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, node := range nodes {
		if r.nodes[node] {
			continue
		}
		r.nodes[node] = true
		for i := 0; i < r.replicas; i++ {
			h := r.hashFunc([]byte(strconv.Itoa(i) + node))
			r.vnodes = append(r.vnodes, virtualNode{hash: h, node: node})
		}
	}
	sort.Slice(r.vnodes, func(i, j int) bool { return r.vnodes[i].hash < r.vnodes[j].hash })
}

// Remove removes node from the ring.
func (r *Ring) Remove(node string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.nodes[node] {
		return
	}
	delete(r.nodes, node)
	kept := r.vnodes[:0]
	for _, v := range r.vnodes {
		if v.node != node {
			kept = append(kept, v)
		}
	}
	r.vnodes = kept
}

// Get returns the node that owns key, or "" when the ring is empty.
func (r *Ring) Get(key string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.vnodes) == 0 {
		return ""
	}
	h := r.hashFunc([]byte(key))
	idx := sort.Search(len(r.vnodes), func(i int) bool { return r.vnodes[i].hash >= h })
	if idx == len(r.vnodes) {
		idx = 0
	}
	return r.vnodes[idx].node
}
