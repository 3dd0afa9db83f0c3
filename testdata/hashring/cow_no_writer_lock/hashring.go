// Wrong answer under concurrency: copy-on-write for lock-free Gets, but Add and Remove take no
// lock: each loads the current snapshot, builds a new one and stores it, so when two of them
// overlap, the second store throws away the first one's change. Every access is atomic, so the
// race detector sees nothing; the race suite's check of the final ring does.
package hashring

import (
	"hash/crc32"
	"slices"
	"sort"
	"strconv"
	"sync/atomic"
)

type point struct {
	hash uint32
	node string
}

type state struct {
	members map[string]bool
	points  []point
}

type Ring struct {
	replicas int
	hash     func(data []byte) uint32
	current  atomic.Pointer[state]
}

func New(replicas int, hash func(data []byte) uint32) *Ring {
	if hash == nil {
		hash = crc32.ChecksumIEEE
	}
	r := &Ring{replicas: replicas, hash: hash}
	r.current.Store(&state{members: map[string]bool{}})
	return r
}

func (r *Ring) Add(nodes ...string) {
	old := r.current.Load()
	next := &state{members: make(map[string]bool, len(old.members)+len(nodes)), points: slices.Clone(old.points)}
	for m := range old.members {
		next.members[m] = true
	}
	for _, n := range nodes {
		if next.members[n] {
			continue
		}
		next.members[n] = true
		for i := 0; i < r.replicas; i++ {
			next.points = append(next.points, point{r.hash([]byte(strconv.Itoa(i) + n)), n})
		}
	}
	sort.Slice(next.points, func(i, j int) bool {
		a, b := next.points[i], next.points[j]
		return a.hash < b.hash || a.hash == b.hash && a.node < b.node
	})
	r.current.Store(next)
}

func (r *Ring) Remove(node string) {
	old := r.current.Load()
	if !old.members[node] {
		return
	}
	next := &state{members: make(map[string]bool, len(old.members))}
	for m := range old.members {
		if m != node {
			next.members[m] = true
		}
	}
	for _, p := range old.points {
		if p.node != node {
			next.points = append(next.points, p)
		}
	}
	r.current.Store(next)
}

func (r *Ring) Get(key string) string {
	s := r.current.Load()
	if len(s.points) == 0 {
		return ""
	}
	h := r.hash([]byte(key))
	i := sort.Search(len(s.points), func(i int) bool { return s.points[i].hash >= h })
	if i == len(s.points) {
		i = 0
	}
	return s.points[i].node
}
