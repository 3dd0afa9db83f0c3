package hashring

import (
	"fmt"
	"hash/crc32"
	"testing"

	reference "github.com/prep-judge/prep/challenges/hashring/reference"
	"github.com/prep-judge/prep/challenges/kit"
)

// judgePerfNodes returns node names, shared by every size.
var judgePerfNodes = func() []string {
	nodes := make([]string, 100)
	for i := range nodes {
		nodes[i] = fmt.Sprintf("10.0.%d.%d:11211", i/16, i%16)
	}
	return nodes
}()

// judgePerfKeys are the keys Get looks up.
var judgePerfKeys = func() []string {
	keys := make([]string, 4096)
	for i := range keys {
		keys[i] = judgeUserKey(i)
	}
	return keys
}()

// judgeGetNodes is how many nodes TestGetGrowth's rings hold.
const judgeGetNodes = 40

// TestGetGrowth measures Get on rings of 400 up to 40,000 points (40 nodes of 10 up to 1000
// points each) against the reference. It must be O(log n) in the number of points: a binary
// search. A scan of the points, or of a map, falls behind by the size of the ring. The rings
// grow by their points rather than their nodes, so that they are built by one Add of 40 nodes,
// which even an Add that sorts once per node does in time.
//
// It measures Get twice: with crc32, whose points rarely share a hash, and with judgeCoarse,
// whose points all share their hashes with many others, 25 up to 2500 at each hash. Points sorted
// by hash alone, with Get looking through all the points at the owning hash for the smallest
// name, or a map from each hash to its nodes searched the same way, are fast with the first and
// O(n) with the second.
func TestGetGrowth(t *testing.T) {
	judgeGate.Performance(t)
	workload := func(r interface {
		Add(...string)
		Get(string) string
	}, n int) kit.Workload {
		return kit.Workload{
			Fill: func(i int) {
				if i == n-1 {
					r.Add(judgePerfNodes[:judgeGetNodes]...)
				}
			},
			Op: func(i int) int { return kit.Digest(r.Get(judgePerfKeys[i%len(judgePerfKeys)])) },
		}
	}
	spec := func(op string, hash func([]byte) uint32) kit.PerfSpec {
		return kit.PerfSpec{
			Operation: op, Sizes: []int{400, 4000, 40000},
			Solution: func(n int) kit.Workload {
				return workload(New(n/judgeGetNodes, hash), n)
			},
			Reference: func(n int) kit.Workload {
				return workload(reference.New(n/judgeGetNodes, hash), n)
			},
		}
	}
	kit.Measure(t, spec("Get", crc32.ChecksumIEEE), spec("Get among tied points", judgeCoarse))
}

// judgeCoarse is crc32 cut to its top four bits: 16 hashes in all, so that on a ring of p points
// every hash is shared by some p/16 points, of many nodes, and every key lands on one of them.
func judgeCoarse(b []byte) uint32 { return crc32.ChecksumIEEE(b) >> 28 }

// judgeAddReplicas is the points per node of TestAddGrowth.
const judgeAddReplicas = 20

// TestAddGrowth measures Add of n nodes at once to an empty ring, for 1 up to 100 nodes of 20
// points, against the reference. It must be O(n log n): place every point, then sort once.
// Sorting after each node, or inserting each point into a sorted slice by shifting the rest,
// is O(n^2), and falls behind by the number of nodes.
func TestAddGrowth(t *testing.T) {
	judgeGate.Performance(t)
	kit.Measure(t, kit.PerfSpec{
		Operation: "Add(n nodes)", Sizes: []int{1, 10, 100},
		Solution: func(n int) kit.Workload {
			return kit.Workload{Op: func(i int) int {
				r := New(judgeAddReplicas, crc32.ChecksumIEEE)
				r.Add(judgePerfNodes[:n]...)
				return kit.Digest(r.Get("k"))
			}}
		},
		Reference: func(n int) kit.Workload {
			return kit.Workload{Op: func(i int) int {
				r := reference.New(judgeAddReplicas, crc32.ChecksumIEEE)
				r.Add(judgePerfNodes[:n]...)
				return kit.Digest(r.Get("k"))
			}}
		},
	})
}
