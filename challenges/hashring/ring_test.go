package hashring

import (
	"fmt"
	"slices"
	"strings"

	"github.com/prep-judge/prep/challenges/kit"
)

// The ring's tests are scenarios: r := New(replicas, hash), then calls of Add, Remove and Get,
// each Get checked against judgeRingModel, run by the kit (kit.Check).
type (
	judgeScenario = kit.Scenario[*Ring, *judgeRingModel]
	judgeStep     = kit.Step[*Ring, *judgeRingModel]
)

// judgeNewScenario makes a scenario on a ring of the given replicas and hash. The ring is given
// the hash wrapped in a recorder, so that a note can say when it hashes the wrong strings.
func judgeNewScenario(replicas int, h judgeHash, steps ...judgeStep) judgeScenario {
	rec := &judgeRecorder{}
	return judgeScenario{
		Setup: fmt.Sprintf("r := New(%d, %s)", replicas, h.src),
		New:   func() *Ring { rec.reset(); return New(replicas, rec.wrap(h.fn)) },
		Model: func() *judgeRingModel { return judgeNewModel(replicas, h, rec) },
		Steps: steps,
	}
}

func judgeQuoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func judgeAdd(nodes ...string) judgeStep {
	return judgeStep{
		Code: "r.Add(" + judgeQuoted(nodes) + ")",
		// A fresh slice each time: a ring that keeps the variadic slice must not see it change.
		Do:   func(r *Ring) string { r.Add(slices.Clone(nodes)...); return "" },
		Want: func(m *judgeRingModel) string { m.add(nodes...); return "" },
	}
}

func judgeRemove(node string) judgeStep {
	return judgeStep{
		Code: fmt.Sprintf("r.Remove(%q)", node),
		Do:   func(r *Ring) string { r.Remove(node); return "" },
		Want: func(m *judgeRingModel) string { m.remove(node); return "" },
	}
}

func judgeGet(key string) judgeStep {
	return judgeStep{
		Code: fmt.Sprintf("r.Get(%q)", key),
		Do:   func(r *Ring) string { return fmt.Sprintf("%q", r.Get(key)) },
		Want: func(m *judgeRingModel) string { return fmt.Sprintf("%q", m.get(key)) },
		Note: func(m *judgeRingModel, got string) string { return judgeGetNote(m, key, got) },
	}
}

// judgeGetNote says why Get(key) must return what the model says, from the model before the
// call; got is what the ring returned, as Go source.
func judgeGetNote(m *judgeRingModel, key, got string) string {
	node := strings.Trim(got, `"`)
	p, wrapped, ok := m.owner(key)
	if ok && fmt.Sprintf("%q", p.node) == got {
		return "" // right: no note needed
	}
	if n := m.hashingNote(); n != "" {
		return n
	}
	switch {
	case !ok && m.removed[node] > 0:
		return fmt.Sprintf("the ring is empty: %q was removed by call %d", node, m.removed[node])
	case !ok:
		return "the ring is empty"
	case node == "" && len(m.nodes) == 1:
		return "the ring holds a node, so every key has an owner"
	case node == "":
		return fmt.Sprintf("the ring holds %d nodes, so every key has an owner", len(m.nodes))
	case !m.nodes[node] && m.removed[node] > 0:
		return fmt.Sprintf("%q is not on the ring: call %d removed it", node, m.removed[node])
	case !m.nodes[node]:
		return fmt.Sprintf("%q was never added to the ring", node)
	}
	h := m.hash.fn([]byte(key))
	point := fmt.Sprintf("%d, replica %d of %q (hash(%q))", p.hash, p.replica, p.node, judgePointKey(p.replica, p.node))
	var note string
	if wrapped {
		note = fmt.Sprintf("hash(%q) = %d is past the last point, so the key wraps around to the first point of the ring, %s", key, h, point)
	} else {
		note = fmt.Sprintf("hash(%q) = %d, and the first point at or after it is %s", key, h, point)
	}
	// Ties, and a point exactly at the key's hash.
	var tied []string
	for _, q := range m.points() {
		if q.hash == p.hash && !slices.Contains(tied, q.node) {
			tied = append(tied, q.node)
		}
	}
	switch {
	case len(tied) > 1 && slices.Contains(tied, node):
		note += fmt.Sprintf("; nodes %s each have a point at %d, and the smallest name owns it", judgeQuoted(tied), p.hash)
	case p.hash == h && !wrapped:
		note += "; a point exactly at the key's hash counts: look for the first point >= the hash, not >"
	}
	return note
}
