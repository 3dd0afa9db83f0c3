package hashring

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// TestConcurrentGetWithChurn has goroutines call Get while others add and remove nodes, on one
// ring at once. Every Get is checked: the ring always holds the base nodes, and some of the
// churning ones, so a key's owner is its owner among the base nodes or a churning node with a
// point before that one. Afterwards the ring must hold exactly the nodes the writers left on
// it. The suite runs under the race detector, which reports any unsynchronised access.
func TestConcurrentGetWithChurn(t *testing.T) {
	judgeGate.Concurrency(t)
	plan := judgeChurnPlan()
	// The goroutines' calls are first made one at a time, in turn, so that a mistake that
	// needs no concurrency to show is reported the same way on every run, shrunk.
	rehearsal := plan.rehearsal()
	rehearsal.Context = fmt.Sprintf("one call at a time (the base nodes, then the first %d calls of the %d goroutines in turn, before making them at once): ", judgeRehearsedEach, judgeReaders+judgeChurners)
	if !kit.Check(t, rehearsal) {
		return
	}
	// The race detector reports a pair of racing stacks once per process, so each test starts
	// its goroutines from a function of its own, whose frame makes its stacks new.
	spawn := func(f func()) { go func() { f() }() }
	if p := plan.run(spawn); p != nil {
		kit.Fail(t, *p)
	}
}

// TestConcurrentAddRemove has several goroutines add and remove nodes of their own at the same
// time, on a ring large enough that each Add takes a while. Afterwards the ring must hold
// exactly the nodes each goroutine left on it: an Add or Remove that reads the points, changes
// a copy and stores it back without holding a lock throughout loses the changes other
// goroutines made in between. The run uses several processors even under the race detector,
// since lost updates only happen when calls truly overlap.
func TestConcurrentAddRemove(t *testing.T) {
	judgeGate.Concurrency(t)
	// The goroutines' calls first, one at a time, in turn, on a small ring, with a few Gets
	// after them, so that a mistake that needs no concurrency to show is reported the same way
	// on every run, shrunk.
	steps := []judgeStep{judgeAdd(judgeCacheNodes(judgeRehearsalRing)...)}
	ops := judgeWriterOps()
	for i := 0; i < judgeRehearsedWrites; i++ {
		for g := range ops {
			steps = append(steps, ops[g][i].step())
		}
	}
	for k := 0; k < 20; k++ {
		steps = append(steps, judgeGet(judgeUserKey(k)))
	}
	rehearsal := judgeNewScenario(judgeRaceReplicas, judgeCRC32, steps...)
	rehearsal.Context = fmt.Sprintf("one call at a time (the first %d calls of the %d goroutines in turn, on a ring of %d nodes, before making them all at once on one of %d): ", judgeRehearsedWrites, judgeWriters, judgeRehearsalRing, judgeBigRing)
	if !kit.Check(t, rehearsal) {
		return
	}
	spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentGetWithChurn
	if p := judgeAddRemove(spawn); p != nil {
		kit.Fail(t, *p)
	}
}

const (
	judgeRaceReplicas = 20
	// The churn workload: readers call Get, churners add and remove their own nodes.
	judgeReaders       = 4
	judgeReads         = 1500
	judgeChurners      = 2
	judgeChurnNodes    = 3
	judgeChurns        = 150
	judgeRehearsedEach = 40 // calls of each goroutine made one at a time first
	judgeRaceKeys      = 200
	// The add-remove workload: judgeWriters goroutines each add judgeAddsEach nodes of their
	// own, one at a time, and remove every third, on a ring of judgeBigRing nodes.
	judgeWriters  = 4
	judgeAddsEach = 24
	judgeBigRing  = 100
	// The add-remove workload is rehearsed on a ring of judgeRehearsalRing nodes, with the
	// first judgeRehearsedWrites calls of each goroutine.
	judgeRehearsalRing   = 5
	judgeRehearsedWrites = 12
)

// judgeChurnOp is one call of a goroutine of the churn workload.
type judgeChurnOp struct {
	kind  byte // 'g' Get, 'a' Add, 'r' Remove
	nodes []string
	key   string
}

func (o judgeChurnOp) code() string {
	switch o.kind {
	case 'a':
		return "r.Add(" + judgeQuoted(o.nodes) + ")"
	case 'r':
		return fmt.Sprintf("r.Remove(%q)", o.nodes[0])
	}
	return fmt.Sprintf("r.Get(%q)", o.key)
}

func (o judgeChurnOp) step() judgeStep {
	switch o.kind {
	case 'a':
		return judgeAdd(o.nodes...)
	case 'r':
		return judgeRemove(o.nodes[0])
	}
	return judgeGet(o.key)
}

// judgeChurn is the churn workload: what each goroutine calls, the same on every run, and what
// each Get may return.
type judgeChurn struct {
	base   []string
	ops    [][]judgeChurnOp    // the readers' first, then the churners'
	valid  map[string][]string // key -> the nodes that may own it while the churners work
	final  map[string]bool     // the nodes on the ring once all have finished
	owners map[string]string   // key -> its owner once all have finished
	model  func() *judgeRingModel
}

func judgeChurnPlan() *judgeChurn {
	c := &judgeChurn{base: judgeCacheNodes(4), valid: map[string][]string{}, final: map[string]bool{}, owners: map[string]string{}}
	for _, n := range c.base {
		c.final[n] = true
	}
	var churning []string
	for g := 0; g < judgeReaders; g++ {
		rng := rand.New(rand.NewPCG(0x71a6, uint64(g)))
		var ops []judgeChurnOp
		for i := 0; i < judgeReads; i++ {
			ops = append(ops, judgeChurnOp{kind: 'g', key: judgeUserKey(rng.IntN(judgeRaceKeys))})
		}
		c.ops = append(c.ops, ops)
	}
	for w := 0; w < judgeChurners; w++ {
		rng := rand.New(rand.NewPCG(0xc4a5, uint64(w)))
		var mine []string
		for j := 0; j < judgeChurnNodes; j++ {
			mine = append(mine, fmt.Sprintf("churn-%d-%d", w+1, j+1))
		}
		churning = append(churning, mine...)
		on := map[string]bool{}
		var ops []judgeChurnOp
		for i := 0; i < judgeChurns; i++ {
			n := mine[rng.IntN(len(mine))]
			switch {
			case !on[n] && rng.IntN(4) == 0: // two at once
				m := mine[rng.IntN(len(mine))]
				ops = append(ops, judgeChurnOp{kind: 'a', nodes: []string{n, m}})
				on[n], on[m] = true, true
			case !on[n]:
				ops = append(ops, judgeChurnOp{kind: 'a', nodes: []string{n}})
				on[n] = true
			default:
				ops = append(ops, judgeChurnOp{kind: 'r', nodes: []string{n}})
				on[n] = false
			}
		}
		for n, ok := range on {
			if ok {
				c.final[n] = true
			}
		}
		c.ops = append(c.ops, ops)
	}
	c.model = func() *judgeRingModel { return judgeNewModel(judgeRaceReplicas, judgeCRC32, nil) }
	// The valid owners of each key: walking clockwise from its hash over the points of every
	// node that may be on the ring, the churning nodes met before the first base node's point,
	// and that base node.
	all := c.model()
	all.add(append(slices.Clone(c.base), churning...)...)
	points := all.points()
	final := c.model()
	for n := range c.final {
		final.add(n)
	}
	keys := make([]string, judgeRaceKeys)
	for k := range keys {
		keys[k] = judgeUserKey(k)
	}
	owners := final.owners(keys)
	for k, key := range keys {
		h := judgeCRC32.fn([]byte(key))
		start, _ := slices.BinarySearchFunc(points, h, func(p judgePoint, h uint32) int {
			if p.hash < h {
				return -1
			}
			return 1
		})
		var valid []string
		for i := 0; i < len(points); i++ {
			p := points[(start+i)%len(points)]
			if !slices.Contains(valid, p.node) {
				valid = append(valid, p.node)
			}
			if !strings.HasPrefix(p.node, "churn-") {
				break
			}
		}
		c.valid[key] = valid
		c.owners[key] = owners[k]
	}
	return c
}

// rehearsal is the start of the workload made one call at a time: the base nodes added, then
// the first judgeRehearsedEach calls of every goroutine in turn.
func (c *judgeChurn) rehearsal() judgeScenario {
	steps := []judgeStep{judgeAdd(c.base...)}
	for i := 0; i < judgeRehearsedEach; i++ {
		for _, ops := range c.ops {
			steps = append(steps, ops[i].step())
		}
	}
	return judgeNewScenario(judgeRaceReplicas, judgeCRC32, steps...)
}

// run makes every goroutine's calls at once on a ring holding the base nodes, then checks the
// ring they leave.
func (c *judgeChurn) run(spawn func(func())) *kit.Record {
	how := fmt.Sprintf("%d goroutines calling Get while %d add and remove nodes", judgeReaders, judgeChurners)
	who := func(g int) string {
		if g < judgeReaders {
			return fmt.Sprintf("reader %d", g+1)
		}
		return fmt.Sprintf("writer %d", g-judgeReaders+1)
	}
	var r *Ring
	setup := fmt.Sprintf("r := New(%d, crc32.ChecksumIEEE); r.Add(%s)", judgeRaceReplicas, judgeQuoted(c.base))
	p, hung := judgeRun(func() { r = New(judgeRaceReplicas, judgeCRC32.fn); r.Add(c.base...) })
	switch {
	case hung:
		return &kit.Record{Kind: kit.TimeLimitExceeded, Summary: setup + " did not return"}
	case p != "":
		return &kit.Record{Kind: kit.RuntimeError, Summary: setup + " panicked: " + kit.PanicMessage(p) + kit.PanicSite(p, New)}
	}
	run := &kit.Run{How: how, Spawn: spawn, Solution: New}
	for g, ops := range c.ops {
		run.Go(who(g), func(w *kit.Worker) {
			for i, op := range ops {
				if i%16 == 15 {
					// Hand over often, between calls: many switches give the detector many
					// unsynchronised pairs of calls to see.
					runtime.Gosched()
				}
				var got string
				if !w.Call(op.code(), func() {
					switch op.kind {
					case 'a':
						r.Add(slices.Clone(op.nodes)...)
					case 'r':
						r.Remove(op.nodes[0])
					default:
						got = r.Get(op.key)
					}
				}) {
					return
				}
				if valid := c.valid[op.key]; op.kind == 'g' && !slices.Contains(valid, got) {
					want := fmt.Sprintf("%q", valid[len(valid)-1])
					if len(valid) > 1 {
						want = "one of " + judgeQuoted(valid)
					}
					run.Fail(kit.Record{Kind: kit.WrongAnswer,
						Summary: fmt.Sprintf("%s returned %q, want %s: the base nodes %s are on the ring all along, and only the nodes added and removed around them can take a key from them",
							w.Where(), got, want, judgeQuoted(c.base)),
						Want: []string{op.code() + " = " + want}, Got: []string{fmt.Sprintf("%s = %q", op.code(), got)}})
					return
				}
			}
		})
	}
	if p := run.Wait(); p != nil {
		return p
	}
	// Afterwards, one call at a time: exactly the nodes the writers left.
	var mismatch *kit.Record
	p, hung = judgeRun(func() {
		for k := 0; k < judgeRaceKeys && mismatch == nil; k++ {
			key := judgeUserKey(k)
			if got := r.Get(key); got != c.owners[key] {
				code := fmt.Sprintf("r.Get(%q)", key)
				mismatch = &kit.Record{Kind: kit.WrongAnswer,
					Summary: fmt.Sprintf("after %s, then one call at a time: %s returned %q, want %q: the ring should hold %s",
						how, code, got, c.owners[key], judgeQuoted(judgeSortedKeys(c.final))),
					Want: []string{fmt.Sprintf("%s = %q", code, c.owners[key])}, Got: []string{fmt.Sprintf("%s = %q", code, got)}}
			}
		}
	})
	switch {
	case hung:
		return &kit.Record{Kind: kit.TimeLimitExceeded, Summary: "after " + how + ", then one call at a time: r.Get did not return: a lock was left locked, or the ring is stuck in a loop"}
	case p != "":
		return &kit.Record{Kind: kit.RuntimeError, Summary: "after " + how + ", then one call at a time: r.Get panicked: " + kit.PanicMessage(p) + kit.PanicSite(p, New)}
	}
	return mismatch
}

func judgeSortedKeys(set map[string]bool) []string {
	var out []string
	for k, ok := range set {
		if ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// judgeWriterOps returns the calls of each goroutine of the add-remove workload: it adds nodes
// of its own one at a time, and removes every third right after adding it.
func judgeWriterOps() [][]judgeChurnOp {
	var all [][]judgeChurnOp
	for g := 0; g < judgeWriters; g++ {
		var ops []judgeChurnOp
		for i := 1; i <= judgeAddsEach; i++ {
			n := fmt.Sprintf("w%d-node-%d", g+1, i)
			ops = append(ops, judgeChurnOp{kind: 'a', nodes: []string{n}})
			if i%3 == 0 {
				ops = append(ops, judgeChurnOp{kind: 'r', nodes: []string{n}})
			}
		}
		all = append(all, ops)
	}
	return all
}

// judgeAddRemove runs the add-remove workload and checks the ring it leaves.
func judgeAddRemove(spawn func(func())) *kit.Record {
	how := fmt.Sprintf("%d goroutines adding and removing nodes of their own at once, on a ring of %d nodes", judgeWriters, judgeBigRing)
	base := judgeCacheNodes(judgeBigRing)
	var r *Ring
	setup := fmt.Sprintf("r := New(%d, crc32.ChecksumIEEE); r.Add(\"cache-1\", ..., \"cache-%d\")", judgeRaceReplicas, judgeBigRing)
	p, hung := judgeRun(func() { r = New(judgeRaceReplicas, judgeCRC32.fn); r.Add(base...) })
	switch {
	case hung:
		return &kit.Record{Kind: kit.TimeLimitExceeded, Summary: setup + " did not return"}
	case p != "":
		return &kit.Record{Kind: kit.RuntimeError, Summary: setup + " panicked: " + kit.PanicMessage(p) + kit.PanicSite(p, New)}
	}
	final := judgeNewModel(judgeRaceReplicas, judgeCRC32, nil)
	final.add(base...)
	ops := judgeWriterOps()
	for _, op := range slices.Concat(ops...) {
		if op.kind == 'a' {
			final.add(op.nodes...)
		} else {
			final.remove(op.nodes[0])
		}
	}
	run := &kit.Run{How: how, Spawn: spawn, Solution: New}
	run.AtOnce(judgeWriters, len(ops[0]), func(w *kit.Worker, g, i int) {
		op := ops[g][i]
		w.Call(op.code(), func() {
			if op.kind == 'a' {
				r.Add(op.nodes[0])
			} else {
				r.Remove(op.nodes[0])
			}
		})
	})
	if p := run.Wait(); p != nil {
		return p
	}
	keys := make([]string, 2000)
	for k := range keys {
		keys[k] = judgeUserKey(k)
	}
	want := final.owners(keys)
	var wrong bool
	p, hung = judgeRun(func() {
		for k := 0; k < len(keys) && !wrong; k++ {
			wrong = r.Get(keys[k]) != want[k]
		}
	})
	switch {
	case hung:
		return &kit.Record{Kind: kit.TimeLimitExceeded, Summary: "after " + how + ", then one call at a time: r.Get did not return: a lock was left locked, or the ring is stuck in a loop"}
	case p != "":
		return &kit.Record{Kind: kit.RuntimeError, Summary: "after " + how + ", then one call at a time: r.Get panicked: " + kit.PanicMessage(p) + kit.PanicSite(p, New)}
	case wrong:
		// Which changes were lost differs from run to run: the message does not say, so that
		// it is the same every time.
		return &kit.Record{Kind: kit.WrongAnswer,
			Summary: fmt.Sprintf("after %s, Get does not find the nodes the goroutines left on the ring: some of their Adds or Removes were lost. An Add that reads the points, builds a new slice and stores it back must hold one lock from the read to the store; otherwise two goroutines build from the same old points and the second store undoes the first", how)}
	}
	return nil
}
