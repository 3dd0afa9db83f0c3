package mutate

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

const source = `package lru

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[int]int
	n     int
}

func (c *Cache) Get(ctx interface{ Err() error; Done() <-chan struct{} }, k int) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ctx.Err() != nil {
		return 0, false
	}
	v, ok := c.items[k]
	if v < 10 && !ok {
		c.n++
	}
	select {
	case <-ctx.Done():
		return 0, false
	default:
	}
	c.items[k] = v + 1
	c.touch(k)
	return v, ok
}

func (c *Cache) touch(k int) {}
`

// Every operator finds its site in a small solution, each mutant changes one place, and every
// mutant still parses.
func TestGenerate(t *testing.T) {
	mutants, err := Generate(map[string][]byte{"lru.go": []byte(source)})
	if err != nil {
		t.Fatal(err)
	}
	byOp := map[string][]Mutant{}
	ids := map[string]bool{}
	for _, m := range mutants {
		byOp[m.Operator] = append(byOp[m.Operator], m)
		if ids[m.ID] {
			t.Errorf("two mutants are %s", m.ID)
		}
		ids[m.ID] = true
		if _, err := parser.ParseFile(token.NewFileSet(), "lru.go", m.Files["lru.go"], 0); err != nil {
			t.Errorf("%s (%s) does not parse: %v", m.ID, m.Change, err)
		}
		if string(m.Files["lru.go"]) == source {
			t.Errorf("%s (%s) changed nothing", m.ID, m.Change)
		}
	}
	for op, want := range map[string]string{
		OpBoundary:   "< became <=",
		OpNegate:     "!= became ==",
		OpArithmetic: "+ became -",
		OpIncDec:     "++ became --",
		OpLogical:    "&& became ||",
		OpNot:        "!x became x",
		OpLiteral:    "10 became 11",
		OpDropCall:   "c.touch(k) was left out",
		OpSwap:       "c.items[k] = v + 1 and c.touch(k) were swapped",
		OpDropLock:   "c.mu.Lock() and its Unlock were left out",
		OpReadLock:   "c.mu.Lock() and its Unlock became RLock and RUnlock",
		OpDropDone:   "the case <-ctx.Done() was left out",
		OpDropErr:    "the check ctx.Err() != nil was left out",
		OpDropReturn: "the early return in if ctx.Err() != nil was left out",
		OpDropAssign: "c.items[k] = v + 1 was left out",
		OpEmptyCond:  "if v < 10 && !ok became if true",
		OpNeverCond:  "if v < 10 && !ok became if false",
	} {
		found := false
		for _, m := range byOp[op] {
			found = found || m.Change == want
		}
		if !found {
			t.Errorf("no %s mutant %q among %d of them", op, want, len(byOp[op]))
		}
	}
	// Leaving the lock out takes its deferred Unlock with it; making it a read lock changes both.
	for _, m := range byOp[OpDropLock] {
		if strings.Contains(string(m.Files["lru.go"]), "Unlock") {
			t.Errorf("%s left the Unlock in", m.ID)
		}
	}
	for _, m := range byOp[OpReadLock] {
		got := string(m.Files["lru.go"])
		if !strings.Contains(got, "c.mu.RLock()") || !strings.Contains(got, "defer c.mu.RUnlock()") {
			t.Errorf("%s:\n%s", m.ID, got)
		}
	}
}
