// Memory leak: a slice of (hash, node) points sorted by hash and then by name, searched by
// binary search, behind a sync.RWMutex, but no set of the nodes on the ring: Add places every
// node it is given, whether it is on the ring already or not. The copies tie with the points
// already there and Remove filters them all out, so every answer is right; but a ring whose
// membership is added again every few seconds, as a service discovery loop does, grows without
// end.
package hashring

import (
	"hash/crc32"
	"sort"
	"strconv"
	"sync"
)

type entry struct {
	hash uint32
	node string
}

// Ring is a consistent hash ring with virtual nodes, safe for concurrent use.
type Ring struct {
	sync.RWMutex
	replicas int
	hashFn   func([]byte) uint32
	entries  []entry
}

// New returns an empty ring.
func New(replicas int, hash func(data []byte) uint32) *Ring {
	if hash == nil {
		hash = crc32.ChecksumIEEE
	}
	return &Ring{replicas: replicas, hashFn: hash}
}

// Add places each node's points on the ring.
func (r *Ring) Add(nodes ...string) {
	r.Lock()
	defer r.Unlock()
	for _, node := range nodes {
		for i := 0; i < r.replicas; i++ {
			r.entries = append(r.entries, entry{r.hashFn([]byte(strconv.Itoa(i) + node)), node})
		}
	}
	sort.Slice(r.entries, func(i, j int) bool {
		if r.entries[i].hash != r.entries[j].hash {
			return r.entries[i].hash < r.entries[j].hash
		}
		return r.entries[i].node < r.entries[j].node
	})
}

// Remove takes node's points off the ring.
func (r *Ring) Remove(node string) {
	r.Lock()
	defer r.Unlock()
	kept := r.entries[:0]
	for _, e := range r.entries {
		if e.node != node {
			kept = append(kept, e)
		}
	}
	r.entries = kept
}

// Get returns the node that owns key, or "" when the ring is empty.
func (r *Ring) Get(key string) string {
	r.RLock()
	defer r.RUnlock()
	if len(r.entries) == 0 {
		return ""
	}
	h := r.hashFn([]byte(key))
	i := sort.Search(len(r.entries), func(i int) bool { return r.entries[i].hash >= h })
	if i == len(r.entries) {
		i = 0
	}
	return r.entries[i].node
}
