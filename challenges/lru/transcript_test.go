package lru

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// judgeOp is one call on the cache: c.Get(key), or c.Put(key, value).
type judgeOp struct {
	get        bool
	key, value int
}

func (o judgeOp) call() string {
	if o.get {
		return fmt.Sprintf("c.Get(%d)", o.key)
	}
	return fmt.Sprintf("c.Put(%d, %d)", o.key, o.value)
}

// judgeProgram is the whole life of one cache: its capacity and the calls made on it in turn.
// Calls are numbered as LeetCode numbers them and as the transcript's lines run: call 1 is
// Constructor, and ops[i] is call i+2.
type judgeProgram struct {
	capacity int
	ops      []judgeOp
}

// judgeOutcome is how a solution did on a program: the first call that went wrong, if any.
type judgeOutcome struct {
	kind     string        // "" when every call did what the model did; else kit.WrongAnswer, kit.RuntimeError or kit.TimeLimitExceeded
	at       int           // the call that went wrong
	got      int           // what it returned, for a wrong answer
	panicked string        // what kit.Catch caught, for a panic
	waited   time.Duration // how long a call that never returned was given
	why      string        // for a call that never returned, what the stacks showed (kit.WhyStuck)
}

// judgeExpect returns what the model's Gets return, one entry per op (0 for a Put).
func judgeExpect(p judgeProgram) []int {
	m := judgeModel{capacity: p.capacity}
	want := make([]int, len(p.ops))
	for i, op := range p.ops {
		if op.get {
			want[i] = m.get(op.key)
		} else {
			m.put(op.key, op.value)
		}
	}
	return want
}

// judgeRelabel renames the keys 1, 2, 3 ... in order of first use, and a value that equals
// its key with it, so that c.Put(7, 7) reads c.Put(1, 1).
func judgeRelabel(ops []judgeOp) []judgeOp {
	names := map[int]int{}
	out := make([]judgeOp, len(ops))
	for i, op := range ops {
		k, ok := names[op.key]
		if !ok {
			k = len(names) + 1
			names[op.key] = k
		}
		out[i] = op
		out[i].key = k
		if !op.get && op.value == op.key {
			out[i].value = k
		}
	}
	return out
}

// judgeCheck runs p on the solution and compares every Get with the model. The calls run on a
// goroutine of their own, so that one that deadlocks (a mutex locked twice) is reported as
// hung after patience instead of holding the test, silent, until the suite's time limit.
func judgeCheck(p judgeProgram, patience time.Duration) ([]int, judgeOutcome) {
	want := judgeExpect(p)
	var current atomic.Int64 // the call in progress, for when one never returns
	done := make(chan judgeOutcome, 1)
	go func() { done <- judgeCalls(p, want, &current) }()
	timer := time.NewTimer(patience)
	defer timer.Stop()
	select {
	case o := <-done:
		return want, o
	case <-timer.C:
		kit.MarkHung()
		return want, judgeOutcome{kind: kit.TimeLimitExceeded, at: int(current.Load()), waited: patience, why: kit.WhyStuck()}
	}
}

func judgeCalls(p judgeProgram, want []int, current *atomic.Int64) judgeOutcome {
	current.Store(1)
	var c *LRUCache
	// The cache is never copied once made: a solution may keep its mutex by value.
	if msg := kit.Catch(func() { v := Constructor(p.capacity); c = &v }); msg != "" {
		return judgeOutcome{kind: kit.RuntimeError, at: 1, panicked: msg}
	}
	for i, op := range p.ops {
		at := i + 2
		current.Store(int64(at))
		got := 0
		msg := kit.Catch(func() {
			if op.get {
				got = c.Get(op.key)
			} else {
				c.Put(op.key, op.value)
			}
		})
		switch {
		case msg != "":
			return judgeOutcome{kind: kit.RuntimeError, at: at, panicked: msg}
		case op.get && got != want[i]:
			return judgeOutcome{kind: kit.WrongAnswer, at: at, got: got}
		}
	}
	return judgeOutcome{}
}

// judgeShrink returns the smallest program it finds that fails the way p did, and how it
// fails. A hang leaves a goroutine behind for good (a spinning one costs a core), so only a
// few hanging candidates are tried.
func judgeShrink(p judgeProgram, o judgeOutcome) (judgeProgram, []int, judgeOutcome) {
	// Calls after the one that went wrong play no part.
	p.ops = p.ops[:o.at-1]
	kind := func(o judgeOutcome) string { return o.kind }
	check := func(c judgeProgram, candidate bool) judgeOutcome {
		patience := kit.Wait()
		if candidate {
			patience = kit.ShortPatience
		}
		_, co := judgeCheck(c, patience)
		return co
	}
	small, so := kit.ShrinkFailure(p, o, kind, check, judgeCandidates)
	return small, judgeExpect(small), so
}

// judgeCandidates lists simpler programs, simplest first: fewer calls, then a smaller
// capacity, then keys numbered 1, 2, 3 in order of first use, then smaller keys and values.
func judgeCandidates(p judgeProgram) []judgeProgram {
	var out []judgeProgram
	for _, ops := range kit.Removals(p.ops) {
		out = append(out, judgeProgram{p.capacity, ops})
	}
	for c := 1; c < p.capacity; c++ {
		out = append(out, judgeProgram{c, p.ops})
	}
	relabelled := judgeRelabel(p.ops)
	if !slices.Equal(relabelled, p.ops) {
		out = append(out, judgeProgram{p.capacity, relabelled})
	} else {
		// Only once keys are canonical, so that a smaller key and the relabelling can never
		// undo each other.
		for _, ops := range kit.Replacements(p.ops, judgeSmallerKeys) {
			out = append(out, judgeProgram{p.capacity, ops})
		}
	}
	for _, ops := range kit.Replacements(p.ops, judgeSimplerValues) {
		out = append(out, judgeProgram{p.capacity, ops})
	}
	return out
}

func judgeSmallerKeys(op judgeOp) []judgeOp {
	var out []judgeOp
	for k := 1; k < op.key; k++ {
		o := op
		o.key = k
		if !o.get && op.value == op.key {
			o.value = k
		}
		out = append(out, o)
	}
	return out
}

// judgeValueCost orders values from simplest: the key itself, ten times the key (the
// natural second value in an update), then small numbers.
func judgeValueCost(op judgeOp) int {
	switch {
	case op.value == op.key:
		return 0
	case op.value == op.key*10:
		return 1
	case op.value < 0 && op.value > -1<<20:
		return 2 - op.value
	case op.value >= 0 && op.value < 1<<20:
		return 2 + op.value
	}
	return 2 + 1<<20
}

func judgeSimplerValues(op judgeOp) []judgeOp {
	if op.get {
		return nil
	}
	var out []judgeOp
	for _, v := range []int{op.key, op.key * 10, 0, 1, 2, 3} {
		o := op
		o.value = v
		// -1 is excluded: it is what Get returns for a missing key.
		if v != -1 && judgeValueCost(o) < judgeValueCost(op) {
			out = append(out, o)
		}
	}
	return out
}

// judgeVerify checks p, shrinking it when shrink is set, and fails t with a transcript of the
// calls up to the first one that went wrong, its summary led by context. It reports whether p
// passed.
func judgeVerify(t *testing.T, p judgeProgram, shrink bool, context string) bool {
	t.Helper()
	want, o := judgeCheck(p, kit.Wait())
	if o.kind == "" {
		return true
	}
	shrunkFrom := 0
	if shrink {
		shrunkFrom = len(p.ops) + 1
		p, want, o = judgeShrink(p, o)
	}
	wantLines, gotLines := judgeLines(p, want, o)
	kit.Fail(t, kit.Record{
		Kind:       o.kind,
		Summary:    context + judgeExplain(p, want, o),
		Want:       wantLines,
		Got:        gotLines,
		ShrunkFrom: shrunkFrom,
		Repro:      judgeRepro(p, want, o),
	})
	return false
}

// judgeWorks checks, with one goroutine and four calls, what the race and performance suites
// take for granted: that keys put can be got back. Without it a stub that does nothing would
// earn their points, being race-free and fast. It is no stricter than that, so that a mistake
// in the finer rules costs points in the correctness suite alone.
func judgeWorks(t *testing.T, context string) bool {
	t.Helper()
	p := judgeProgram{capacity: 4, ops: []judgeOp{
		{key: 1, value: 1}, {key: 2, value: 2}, {get: true, key: 1}, {get: true, key: 2},
	}}
	return judgeVerify(t, p, false, context)
}

// judgeLines renders the calls up to the one that went wrong, one line each, in the same form
// for what was wanted and what came back, so that a line diff shows only the call that differs.
func judgeLines(p judgeProgram, want []int, o judgeOutcome) (wantLines, gotLines []string) {
	line := func(at int, result string) string {
		if at == 1 {
			return fmt.Sprintf("c := Constructor(%d)%s", p.capacity, result)
		}
		return p.ops[at-2].call() + result
	}
	for at := 1; at <= o.at; at++ {
		w := ""
		if at > 1 && p.ops[at-2].get {
			w = fmt.Sprintf(" = %d", want[at-2])
		}
		g := w
		if at == o.at {
			switch o.kind {
			case kit.WrongAnswer:
				g = fmt.Sprintf(" = %d", o.got)
			case kit.RuntimeError:
				g = " panicked: " + kit.PanicMessage(o.panicked)
			case kit.TimeLimitExceeded:
				g = " never returned"
			}
		}
		wantLines = append(wantLines, line(at, w))
		gotLines = append(gotLines, line(at, g))
	}
	return wantLines, gotLines
}

// judgeExplain says which call went wrong, what it should have done and, from the model's
// history, why: when a key was evicted, which keys the cache should hold.
func judgeExplain(p judgeProgram, want []int, o judgeOutcome) string {
	call := fmt.Sprintf("Constructor(%d)", p.capacity)
	if o.at > 1 {
		call = p.ops[o.at-2].call()
	}
	head := fmt.Sprintf("call %d: %s", o.at, call)
	switch o.kind {
	case kit.RuntimeError:
		return head + " panicked: " + kit.PanicMessage(o.panicked) + kit.PanicSite(o.panicked, Constructor)
	case kit.TimeLimitExceeded:
		return head + fmt.Sprintf(" did not return within %s: %s", o.waited, o.why)
	}

	i := o.at - 2
	op := p.ops[i]
	m := judgeModel{capacity: p.capacity}
	lastPut := map[int]int{}   // key -> the call of its latest Put
	evictedBy := map[int]int{} // key -> the call that evicted it, while it stays out
	for j, prev := range p.ops[:i] {
		if prev.get {
			m.get(prev.key)
			continue
		}
		lastPut[prev.key] = j + 2
		delete(evictedBy, prev.key)
		if k, ok := m.put(prev.key, prev.value); ok {
			evictedBy[k] = j + 2
		}
	}
	s := fmt.Sprintf("%s returned %d, want %d", head, o.got, want[i])
	switch keys := m.keys(); {
	case want[i] == -1 && lastPut[op.key] == 0:
		return s + fmt.Sprintf(" (key %d was never put)", op.key)
	case want[i] == -1 && evictedBy[op.key] > 0:
		e := evictedBy[op.key]
		return s + fmt.Sprintf(" (key %d was the least recently used key when call %d, %s, took the cache over its capacity of %d, so it should have been evicted)",
			op.key, e, p.ops[e-2].call(), p.capacity)
	case o.got == -1 && len(keys) < p.capacity:
		put := "1 key has"
		if len(keys) > 1 {
			put = fmt.Sprintf("%d distinct keys have", len(keys))
		}
		return s + fmt.Sprintf(" (key %d should still be cached: only %s been put and the capacity is %d, so nothing should have been evicted)",
			op.key, put, p.capacity)
	case o.got == -1 && len(keys) == 1:
		return s + fmt.Sprintf(" (key %d should still be cached: with capacity 1 the cache keeps just the most recently used key, which is %d)", op.key, op.key)
	case o.got == -1 && len(keys) <= 8:
		return s + fmt.Sprintf(" (key %d should still be cached: the cache keeps its %d most recently used keys, which are %s, most recent first)",
			op.key, p.capacity, kit.And(keys))
	case o.got == -1:
		return s + fmt.Sprintf(" (key %d should still be cached: it is the %s most recently used key, and the capacity is %d)",
			op.key, judgeOrdinal(slices.Index(keys, op.key)+1), p.capacity)
	case want[i] != -1 && o.got != -1:
		put := lastPut[op.key]
		return s + fmt.Sprintf(" (the latest value of key %d is %d, from call %d, %s)", op.key, want[i], put, p.ops[put-2].call())
	}
	return s
}

func judgeOrdinal(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return fmt.Sprintf("%dth", n)
	case n%10 == 1:
		return fmt.Sprintf("%dst", n)
	case n%10 == 2:
		return fmt.Sprintf("%dnd", n)
	case n%10 == 3:
		return fmt.Sprintf("%drd", n)
	}
	return fmt.Sprintf("%dth", n)
}

// judgeRepro writes a test the learner can paste beside their solution: the same calls, with
// every Get checked.
func judgeRepro(p judgeProgram, want []int, o judgeOutcome) string {
	var b strings.Builder
	b.WriteString("func TestRepro(t *testing.T) {\n")
	comment := map[string]string{
		kit.RuntimeError:      " // panics: " + kit.PanicMessage(o.panicked),
		kit.TimeLimitExceeded: " // never returns",
	}
	if o.at == 1 {
		fmt.Fprintf(&b, "\t_ = Constructor(%d)%s\n}\n", p.capacity, comment[o.kind])
		return b.String()
	}
	fmt.Fprintf(&b, "\tc := Constructor(%d)\n", p.capacity)
	for i, op := range p.ops[:o.at-1] {
		switch {
		case i+2 == o.at && o.kind != kit.WrongAnswer:
			fmt.Fprintf(&b, "\t%s%s\n", op.call(), comment[o.kind])
		case op.get:
			fmt.Fprintf(&b, "\tif got := %[1]s; got != %[2]d {\n\t\tt.Fatalf(\"%[1]s = %%d, want %[2]d\", got)\n\t}\n", op.call(), want[i])
		default:
			fmt.Fprintf(&b, "\t%s\n", op.call())
		}
	}
	b.WriteString("}\n")
	return b.String()
}
