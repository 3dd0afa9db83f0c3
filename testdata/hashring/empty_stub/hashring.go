// Wrong answer: the stub as `prep start` writes it; nothing is implemented.
package hashring

// Ring is a consistent hash ring with virtual nodes: each node sits at several points of a
// circle of uint32 hashes, and a key belongs to the node of the first point at or after the
// key's hash. It must be safe for concurrent use.
type Ring struct {
	// TODO: add the fields your ring needs.
}

// New returns an empty ring that places each node at replicas points (replicas >= 1), using
// hash: the points of node n are hash([]byte(strconv.Itoa(i) + n)) for i = 0 .. replicas-1. A
// nil hash means crc32.ChecksumIEEE.
func New(replicas int, hash func(data []byte) uint32) *Ring {
	// TODO: implement.
	return &Ring{}
}

// Add adds nodes to the ring. Adding a node that is already on it does nothing.
func (r *Ring) Add(nodes ...string) {
	// TODO: implement.
}

// Remove removes node from the ring. Removing a node that is not on it does nothing.
func (r *Ring) Remove(node string) {
	// TODO: implement.
}

// Get returns the node that owns key: the node of the first point at or after
// hash([]byte(key)), wrapping around to the first point of the ring. When several nodes have a
// point at that hash, the one with the smallest name owns it. Get returns "" for an empty
// ring. It must run in O(log n) for a ring of n points.
func (r *Ring) Get(key string) string {
	// TODO: implement.
	return ""
}
