package hashring

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// The ring's tests are scenarios: r := New(replicas, hash), then calls of Add, Remove and Get,
// each Get checked against judgeRingModel. The kit runs them: a watchdog, panics caught, the
// failing scenario shrunk to the fewest calls, a transcript and a test to paste. judgeCheck
// and judgeExplore report the failure themselves, only to name where a panic happened as
// "(*Ring).Get" (the kit's summary keeps the arguments' addresses, which change every run).
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

// judgeCheck runs a scenario and, when it fails, shrinks it and reports it, its summary led by
// context.
func judgeCheck(t *testing.T, sc judgeScenario, context string) bool {
	t.Helper()
	o := sc.Run()
	if !o.Failed() {
		return true
	}
	judgeReport(t, sc, o, context)
	return false
}

// judgeExplore runs count scenarios drawn by gen from fixed seeds and reports the first that
// fails, shrunk.
func judgeExplore(t *testing.T, count int, gen func(r *rand.Rand) judgeScenario) bool {
	t.Helper()
	for i := 0; i < count; i++ {
		r := rand.New(rand.NewPCG(uint64(i)+1, 0x4a54_71e6))
		sc := gen(r)
		if o := sc.Run(); o.Failed() {
			judgeReport(t, sc, o, "")
			return false
		}
	}
	return true
}

// judgeReport shrinks a failing scenario to the fewest calls that fail the same way and fails
// t with its transcript, a summary led by context, and the kit's test to paste.
func judgeReport(t *testing.T, sc judgeScenario, o kit.Outcome, context string) {
	t.Helper()
	small, so := kit.Shrunk(sc, o)
	if !so.Failed() {
		small, so = sc, o // the failure did not repeat: report it as it was
	}
	r := kit.Record{Kind: so.Kind, Want: so.Want, Got: so.Got, Repro: small.Repro(so)}
	if len(sc.Steps) > len(small.Steps) {
		r.ShrunkFrom = len(sc.Steps) + 1 // counting Setup, as the transcript does
	}
	code := small.Setup
	if so.At >= 0 {
		code = small.Steps[so.At].Code
	}
	switch so.Kind {
	case kit.WrongAnswer:
		w := strings.TrimPrefix(so.Want[len(so.Want)-1], code+" = ")
		g := strings.TrimPrefix(so.Got[len(so.Got)-1], code+" = ")
		r.Summary = fmt.Sprintf("call %d: %s returned %s, want %s", so.At+2, code, g, w)
		if so.Note != "" {
			r.Summary += " (" + so.Note + ")"
		}
	case kit.RuntimeError:
		r.Summary = fmt.Sprintf("call %d: %s panicked: %s%s", so.At+2, code, kit.PanicMessage(so.Note), kit.PanicSite(so.Note, New))
	default:
		r.Summary = fmt.Sprintf("call %d: %s", so.At+2, judgeHangNote(so.Note))
	}
	r.Summary = context + r.Summary
	kit.Fail(t, r)
}

// judgeHangNote is the kit's note on a call that did not return, "r.Add("a") did not return
// within 2s", with why, as the stacks show it, in place of the kit's guess.
func judgeHangNote(note string) string {
	call, _, _ := strings.Cut(note, ": it is deadlocked or stuck in a loop")
	return call + ": " + kit.WhyStuck()
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
