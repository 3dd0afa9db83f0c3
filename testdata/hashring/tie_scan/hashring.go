// Too slow: the points are sorted by hash alone, and Get finds the first point at or after the
// key's hash by binary search, then looks at every point that shares that hash for the node
// with the smallest name. Right, and O(log n) when points rarely share a hash, as with crc32;
// but with a hash whose points tie by the hundred, every Get walks through all of them.
package hashring

import (
	"hash/crc32"
	"sort"
	"strconv"
	"sync"
)

type vnode struct {
	hash uint32
	node string
}

// Ring is a consistent hash ring with virtual nodes, safe for concurrent use.
type Ring struct {
	mu       sync.RWMutex
	hash     func([]byte) uint32
	replicas int
	members  map[string]struct{}
	ring     []vnode // sorted by hash
}

// New returns an empty ring.
func New(replicas int, hash func(data []byte) uint32) *Ring {
	if hash == nil {
		hash = crc32.ChecksumIEEE
	}
	return &Ring{hash: hash, replicas: replicas, members: map[string]struct{}{}}
}

// Add adds nodes to the ring.
func (r *Ring) Add(nodes ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range nodes {
		if _, ok := r.members[n]; ok {
			continue
		}
		r.members[n] = struct{}{}
		for i := 0; i < r.replicas; i++ {
			r.ring = append(r.ring, vnode{r.hash([]byte(strconv.Itoa(i) + n)), n})
		}
	}
	sort.Slice(r.ring, func(i, j int) bool { return r.ring[i].hash < r.ring[j].hash })
}

// Remove removes node from the ring.
func (r *Ring) Remove(node string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.members[node]; !ok {
		return
	}
	delete(r.members, node)
	kept := r.ring[:0]
	for _, v := range r.ring {
		if v.node != node {
			kept = append(kept, v)
		}
	}
	r.ring = kept
}

// Get returns the node that owns key.
func (r *Ring) Get(key string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.ring) == 0 {
		return ""
	}
	h := r.hash([]byte(key))
	i := sort.Search(len(r.ring), func(i int) bool { return r.ring[i].hash >= h })
	if i == len(r.ring) {
		i = 0
	}
	// Points that share a hash go to the smallest name.
	owner := r.ring[i].node
	for j := i + 1; j < len(r.ring) && r.ring[j].hash == r.ring[i].hash; j++ {
		if r.ring[j].node < owner {
			owner = r.ring[j].node
		}
	}
	return owner
}
