package kit

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
)

// counter is a learner's value for these tests: a counter with an Add that can be broken on
// purpose.
type counter struct {
	n      int
	bug    func(c *counter, d int) // replaces Add's work when set
	mu     sync.Mutex
	blocks bool
}

func (c *counter) Add(d int) int {
	if c.blocks && d == 7 {
		c.mu.Lock()
		c.mu.Lock() // deadlock, as a learner's reentrant lock would
	}
	if c.bug != nil {
		c.bug(c, d)
		return c.n
	}
	c.n += d
	return c.n
}

type model struct{ n int }

func addStep(d int) Step[*counter, *model] {
	return Step[*counter, *model]{
		Code: fmt.Sprintf("c.Add(%d)", d),
		Do:   func(c *counter) string { return fmt.Sprint(c.Add(d)) },
		Want: func(m *model) string { m.n += d; return fmt.Sprint(m.n) },
	}
}

func scenario(newC func() *counter, ds ...int) Scenario[*counter, *model] {
	sc := Scenario[*counter, *model]{Setup: "c := &Counter{}", New: newC, Model: func() *model { return &model{} }}
	for _, d := range ds {
		sc.Steps = append(sc.Steps, addStep(d))
	}
	return sc
}

func TestScenarioPasses(t *testing.T) {
	o := scenario(func() *counter { return &counter{} }, 1, 2, 3).Run()
	if o.Failed() {
		t.Fatalf("a correct counter failed: %+v", o)
	}
}

func TestScenarioShrinksWrongAnswer(t *testing.T) {
	// Add ignores 5: only a scenario that adds 5 fails, and one call shows it.
	buggy := func() *counter {
		return &counter{bug: func(c *counter, d int) {
			if d != 5 {
				c.n += d
			}
		}}
	}
	sc := scenario(buggy, 1, 2, 3, 5, 8, 13)
	o := sc.Run()
	if o.Kind != WrongAnswer || o.At != 3 {
		t.Fatalf("outcome = %+v, want a wrong answer at step 3", o)
	}
	small, so := Shrunk(sc, o)
	if len(small.Steps) != 1 || small.Steps[0].Code != "c.Add(5)" {
		t.Fatalf("shrunk to %d steps, want only c.Add(5): %+v", len(small.Steps), so)
	}
	wantGot := []string{"c := &Counter{}", "c.Add(5) = 0"}
	if fmt.Sprint(so.Got) != fmt.Sprint(wantGot) {
		t.Errorf("got lines = %q, want %q", so.Got, wantGot)
	}
	repro := small.Repro(so)
	if !strings.Contains(repro, "if got := c.Add(5); got != 5 {") {
		t.Errorf("repro does not check the failing call:\n%s", repro)
	}
}

func TestScenarioCatchesPanic(t *testing.T) {
	panicky := func() *counter {
		return &counter{bug: func(c *counter, d int) {
			if d == 3 {
				var m map[int]int
				m[d] = d
			}
			c.n += d
		}}
	}
	o := scenario(panicky, 1, 3).Run()
	if o.Kind != RuntimeError || o.At != 1 {
		t.Fatalf("outcome = %+v, want a runtime error at step 1", o)
	}
	if !strings.Contains(o.Got[len(o.Got)-1], "c.Add(3) panicked: assignment to entry in nil map") {
		t.Errorf("got line = %q", o.Got[len(o.Got)-1])
	}
}

func TestScenarioStopsHang(t *testing.T) {
	defer func(p time.Duration) { Patience = p }(Patience)
	Patience = 50 * time.Millisecond
	o := scenario(func() *counter { return &counter{blocks: true} }, 1, 7, 2).Run()
	if o.Kind != TimeLimitExceeded || o.At != 1 {
		t.Fatalf("outcome = %+v, want a hang at step 1", o)
	}
	if last := o.Got[len(o.Got)-1]; last != "c.Add(7) never returned" {
		t.Errorf("got line = %q", last)
	}
}

func TestExploreIsDeterministic(t *testing.T) {
	draw := func() []string {
		var seen []string
		Explore(t, 5, func(r *rand.Rand) Scenario[*counter, *model] {
			d := r.IntN(100)
			seen = append(seen, fmt.Sprint(d))
			return scenario(func() *counter { return &counter{} }, d)
		})
		return seen
	}
	if a, b := draw(), draw(); fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("Explore drew %v, then %v", a, b)
	}
}
