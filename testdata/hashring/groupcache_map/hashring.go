// Wrong answer: groupcache's ring, with a mutex and a Remove added: a sorted slice of hashes
// and a map from hash to node. When points of two nodes share a hash, the map keeps whichever
// was written last, so ties do not go to the smallest name, and removing one of the two nodes
// deletes the other's point as well. Adding a node twice duplicates its points too.
package hashring

import (
	"hash/crc32"
	"sort"
	"strconv"
	"sync"
)

type Ring struct {
	mu       sync.RWMutex
	hash     func(data []byte) uint32
	replicas int
	keys     []int // sorted
	hashMap  map[int]string
}

func New(replicas int, fn func(data []byte) uint32) *Ring {
	r := &Ring{replicas: replicas, hash: fn, hashMap: make(map[int]string)}
	if r.hash == nil {
		r.hash = crc32.ChecksumIEEE
	}
	return r
}

func (r *Ring) Add(nodes ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, node := range nodes {
		for i := 0; i < r.replicas; i++ {
			hash := int(r.hash([]byte(strconv.Itoa(i) + node)))
			r.keys = append(r.keys, hash)
			r.hashMap[hash] = node
		}
	}
	sort.Ints(r.keys)
}

func (r *Ring) Remove(node string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := 0; i < r.replicas; i++ {
		hash := int(r.hash([]byte(strconv.Itoa(i) + node)))
		if r.hashMap[hash] != node {
			continue
		}
		delete(r.hashMap, hash)
		idx := sort.SearchInts(r.keys, hash)
		for idx < len(r.keys) && r.keys[idx] == hash {
			r.keys = append(r.keys[:idx], r.keys[idx+1:]...)
		}
	}
}

func (r *Ring) Get(key string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.keys) == 0 {
		return ""
	}
	hash := int(r.hash([]byte(key)))
	idx := sort.Search(len(r.keys), func(i int) bool { return r.keys[i] >= hash })
	if idx == len(r.keys) {
		idx = 0
	}
	return r.hashMap[r.keys[idx]]
}
