// Correct: an idiomatic solution that differs from the reference: copy-on-write. Get loads an
// immutable snapshot of the sorted points through an atomic.Pointer and takes no lock; Add
// and Remove build a new snapshot under one writers' mutex. It must pass every suite.
package hashring

import (
	"hash/crc32"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
)

type vnode struct {
	hash uint32
	node string
}

type snapshot struct {
	nodes  map[string]struct{}
	vnodes []vnode
}

type Ring struct {
	replicas int
	hash     func([]byte) uint32
	writeMu  sync.Mutex
	snap     atomic.Pointer[snapshot]
}

func New(replicas int, hash func(data []byte) uint32) *Ring {
	if hash == nil {
		hash = crc32.ChecksumIEEE
	}
	r := &Ring{replicas: replicas, hash: hash}
	r.snap.Store(&snapshot{nodes: map[string]struct{}{}})
	return r
}

func (r *Ring) Add(nodes ...string) {
	r.writeMu.Lock()
	defer r.writeMu.Unlock()
	old := r.snap.Load()
	next := &snapshot{nodes: make(map[string]struct{}, len(old.nodes)+len(nodes))}
	for n := range old.nodes {
		next.nodes[n] = struct{}{}
	}
	vnodes := append([]vnode(nil), old.vnodes...)
	for _, n := range nodes {
		if _, ok := next.nodes[n]; ok {
			continue
		}
		next.nodes[n] = struct{}{}
		for i := 0; i < r.replicas; i++ {
			vnodes = append(vnodes, vnode{r.hash([]byte(strconv.Itoa(i) + n)), n})
		}
	}
	sort.Slice(vnodes, func(i, j int) bool {
		if vnodes[i].hash != vnodes[j].hash {
			return vnodes[i].hash < vnodes[j].hash
		}
		return vnodes[i].node < vnodes[j].node
	})
	next.vnodes = vnodes
	r.snap.Store(next)
}

func (r *Ring) Remove(node string) {
	r.writeMu.Lock()
	defer r.writeMu.Unlock()
	old := r.snap.Load()
	if _, ok := old.nodes[node]; !ok {
		return
	}
	next := &snapshot{nodes: make(map[string]struct{}, len(old.nodes))}
	for n := range old.nodes {
		if n != node {
			next.nodes[n] = struct{}{}
		}
	}
	for _, v := range old.vnodes {
		if v.node != node {
			next.vnodes = append(next.vnodes, v)
		}
	}
	r.snap.Store(next)
}

func (r *Ring) Get(key string) string {
	s := r.snap.Load()
	if len(s.vnodes) == 0 {
		return ""
	}
	h := r.hash([]byte(key))
	i := sort.Search(len(s.vnodes), func(i int) bool { return s.vnodes[i].hash >= h })
	if i == len(s.vnodes) {
		i = 0
	}
	return s.vnodes[i].node
}
