package kit

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
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

// ignoresFive is a counter whose Add ignores 5: only a scenario that adds 5 fails.
func ignoresFive() *counter {
	return &counter{bug: func(c *counter, d int) {
		if d != 5 {
			c.n += d
		}
	}}
}

func TestScenarioShrinksWrongAnswer(t *testing.T) {
	// Add ignores 5: only a scenario that adds 5 fails, and one call shows it.
	sc := scenario(ignoresFive, 1, 2, 3, 5, 8, 13)
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
	if o.Waited != 50*time.Millisecond {
		t.Errorf("waited = %s, want the 50ms of Patience", o.Waited)
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

func TestExploreFromDrawsFromItsSeed(t *testing.T) {
	draw := func(explore func(gen func(r *rand.Rand) Scenario[*counter, *model]) bool) []int {
		var seen []int
		explore(func(r *rand.Rand) Scenario[*counter, *model] {
			seen = append(seen, r.IntN(1000))
			return scenario(func() *counter { return &counter{} })
		})
		return seen
	}
	byDefault := draw(func(gen func(r *rand.Rand) Scenario[*counter, *model]) bool { return Explore(t, 3, gen) })
	var want []int
	for i := range 3 {
		want = append(want, rand.New(rand.NewPCG(uint64(i)+1, 0x5eed)).IntN(1000))
	}
	fromSeed := draw(func(gen func(r *rand.Rand) Scenario[*counter, *model]) bool { return ExploreFrom(t, 0x5eed, 3, gen) })
	if fmt.Sprint(fromSeed) != fmt.Sprint(want) {
		t.Errorf("ExploreFrom(0x5eed) drew %v, want %v, from rand.NewPCG(i+1, 0x5eed)", fromSeed, want)
	}
	if fmt.Sprint(fromSeed) == fmt.Sprint(byDefault) {
		t.Errorf("ExploreFrom(0x5eed) drew %v, as Explore does", fromSeed)
	}
}

func TestExploreFromReportsTheFirstFailure(t *testing.T) {
	fake := &tb{}
	ok := ExploreFrom(fake, 7, 50, func(r *rand.Rand) Scenario[*counter, *model] {
		return scenario(ignoresFive, r.IntN(3), 5, r.IntN(3))
	})
	if ok || len(fake.errors) != 1 || !strings.HasPrefix(fake.errors[0], "call 2: c.Add(5) returned 0, want 5\n") {
		t.Errorf("ExploreFrom returned %t and reported %q, want one failure shrunk to c.Add(5)", ok, fake.errors)
	}
}

// pair is a step of two results, which the kit's repro cannot compare by itself.
func pair(d int) Step[*counter, *model] {
	st := addStep(d)
	st.Code = fmt.Sprintf("c.AddOK(%d)", d)
	st.Do = func(c *counter) string { return fmt.Sprintf("%d, true", c.Add(d)) }
	want := st.Want
	st.Want = func(m *model) string { return want(m) + ", true" }
	st.Repro = func(want string) string {
		n, _, _ := strings.Cut(want, ", ")
		return fmt.Sprintf("if n, ok := c.AddOK(%d); n != %s || !ok {\n\tt.Fatalf(\"c.AddOK(%d) = %%d, %%t, want %s\", n, ok)\n}\n", d, n, d, want)
	}
	return st
}

func TestStepReproWritesItsOwnLines(t *testing.T) {
	sc := scenario(ignoresFive)
	sc.Steps = []Step[*counter, *model]{pair(1), addStep(2), pair(5)}
	o := sc.Run()
	if o.Kind != WrongAnswer || o.At != 2 {
		t.Fatalf("outcome = %+v, want a wrong answer at step 2", o)
	}
	want := "func TestRepro(t *testing.T) {\n" +
		"\tc := &Counter{}\n" +
		"\tif n, ok := c.AddOK(1); n != 1 || !ok {\n\t\tt.Fatalf(\"c.AddOK(1) = %d, %t, want 1, true\", n, ok)\n\t}\n" +
		"\tif got := c.Add(2); got != 3 {\n\t\tt.Fatalf(\"c.Add(2) = %d, want 3\", got)\n\t}\n" +
		"\tif n, ok := c.AddOK(5); n != 8 || !ok {\n\t\tt.Fatalf(\"c.AddOK(5) = %d, %t, want 8, true\", n, ok)\n\t}\n" +
		"}\n"
	if got := sc.Repro(o); got != want {
		t.Errorf("repro =\n%s\nwant\n%s", got, want)
	}
}

func TestReproPrintsAStringWithQ(t *testing.T) {
	sc := scenario(func() *counter { return &counter{} })
	sc.Steps = []Step[*counter, *model]{{
		Code: "c.Name()",
		Do:   func(*counter) string { return `"x"` },
		Want: func(*model) string { return `""` },
	}}
	if repro := sc.Repro(sc.Run()); !strings.Contains(repro, `t.Fatalf("c.Name() = %q, want \"\"", got)`) {
		t.Errorf("repro does not print a string result with %%q, so that an empty one shows:\n%s", repro)
	}
}

// tb records the failures a test reports, for tests of what the kit reports.
type tb struct {
	testing.TB
	errors []string
}

func (t *tb) Helper()                      {}
func (t *tb) Name() string                 { return "TestFake" }
func (t *tb) Error(args ...any)            { t.errors = append(t.errors, fmt.Sprint(args...)) }
func (t *tb) Errorf(f string, args ...any) { t.errors = append(t.errors, fmt.Sprintf(f, args...)) }

// program is a scenario as data: a counter's start and the numbers added to it.
type program struct {
	start int
	ds    []int
}

// scenario makes p's scenario, which shrinks by dropping additions and starting from 0.
func (p program) scenario(newC func(start int) *counter, cuts *[]int) Scenario[*counter, *model] {
	sc := scenario(func() *counter { return newC(p.start) }, p.ds...)
	sc.Setup = fmt.Sprintf("c := &Counter{n: %d}", p.start)
	sc.Model = func() *model { return &model{n: p.start} }
	cut := func(n int) program {
		*cuts = append(*cuts, n)
		return program{p.start, p.ds[:n]}
	}
	sc.Simpler = SimplerFrom(cut, program.simpler, func(q program) Scenario[*counter, *model] { return q.scenario(newC, cuts) })
	return sc
}

// simpler lists programs simpler than p: one addition fewer, then the same from 0.
func (p program) simpler() []program {
	var out []program
	for _, ds := range Removals(p.ds) {
		out = append(out, program{p.start, ds})
	}
	if p.start != 0 {
		out = append(out, program{0, p.ds})
	}
	return out
}

func TestScenarioShrinksBySimpler(t *testing.T) {
	// Add ignores 5: the smallest scenario starts from 0 and adds only 5.
	buggy := func(start int) *counter {
		return &counter{n: start, bug: func(c *counter, d int) {
			if d != 5 {
				c.n += d
			}
		}}
	}
	var cuts []int
	sc := program{40, []int{1, 2, 3, 5, 8, 13}}.scenario(buggy, &cuts)
	o := sc.Run()
	small, so := Shrunk(sc, o)
	if small.Setup != "c := &Counter{n: 0}" || len(small.Steps) != 1 || small.Steps[0].Code != "c.Add(5)" {
		t.Fatalf("shrunk to %s then %d steps, want c := &Counter{n: 0} then c.Add(5): %+v", small.Setup, len(small.Steps), so)
	}
	if cuts[0] != 4 {
		t.Errorf("Simpler was first asked for the first %d steps, want the 4 up to the failing one", cuts[0])
	}
}

func TestScenarioAsWrittenWithContext(t *testing.T) {
	sc := scenario(ignoresFive, 1, 2, 5).HandWritten("the rest is tested only on a counter that adds: ")
	fake := &tb{}
	if Check(fake, sc) || len(fake.errors) != 1 {
		t.Fatalf("Check reported %q, want one failure", fake.errors)
	}
	want := "the rest is tested only on a counter that adds: call 4: c.Add(5) returned 3, want 8\n"
	if !strings.HasPrefix(fake.errors[0], want) {
		t.Errorf("report begins %q, want %q", fake.errors[0], want)
	}
	if !strings.Contains(fake.errors[0], "c.Add(1) = 1\n    c.Add(2) = 3\n    c.Add(5) = 3") {
		t.Errorf("report does not show every call as written:\n%s", fake.errors[0])
	}
	if !strings.Contains(fake.errors[0], `t.Fatalf("c.Add(5) = %d, want 8", got)`) {
		t.Errorf("repro does not print an int result with %%d:\n%s", fake.errors[0])
	}
}

func TestScenarioReproWhenSetupPanics(t *testing.T) {
	sc := scenario(func() *counter { panic("no counters today") }, 1)
	sc.Setup = "x := 1; c := NewCounter(x)"
	o := sc.Run()
	if o.Kind != RuntimeError || o.At != -1 {
		t.Fatalf("outcome = %+v, want a runtime error in Setup", o)
	}
	want := "func TestRepro(t *testing.T) {\n\tx := 1\n\t_ = NewCounter(x) // panics: no counters today\n}\n"
	if got := sc.Repro(o); got != want {
		t.Errorf("repro =\n%s\nwant\n%s", got, want)
	}
}

func TestScenarioNamesGoexit(t *testing.T) {
	quits := func() *counter {
		return &counter{bug: func(c *counter, d int) {
			if d == 9 {
				runtime.Goexit()
			}
			c.n += d
		}}
	}
	o := scenario(quits, 1, 9, 2).Run()
	if o.Kind != Rejected || o.At != 1 {
		t.Fatalf("outcome = %+v, want the code rejected at step 1", o)
	}
	if last := o.Got[len(o.Got)-1]; last != "c.Add(9) ended its goroutine" {
		t.Errorf("got line = %q", last)
	}
	if !strings.Contains(o.Note, "runtime.Goexit") {
		t.Errorf("note = %q, want it to name runtime.Goexit", o.Note)
	}
}

func TestScenarioMadeElsewhereHasNoRepro(t *testing.T) {
	c := &counter{n: 4}
	sc := scenario(func() *counter { return c }, 1)
	sc.Setup = "// c is the counter the goroutines used"
	sc.Model = func() *model { return &model{n: 3} }
	fake := &tb{}
	Check(fake, sc)
	if len(fake.errors) != 1 || strings.Contains(fake.errors[0], "reproduce") {
		t.Errorf("Check reported %q, want one failure without a test to paste", fake.errors)
	}
}

// A hand-written scenario whose written result disagrees with the model is a bug in the test:
// CheckWritten fails it as such, before the solution is judged.
func TestCheckWrittenChecksTheTest(t *testing.T) {
	sc := Scenario[*int, *int]{Setup: "n := new(int)", New: func() *int { return new(int) }, Model: func() *int { return new(int) }}
	incr := Step[*int, *int]{
		Code: "incr(n)",
		Do:   func(n *int) string { *n++; return strconv.Itoa(*n) },
		Want: func(m *int) string { *m++; return strconv.Itoa(*m) },
	}
	ft := &fatalTB{}
	if !CheckWritten(ft, sc, Written[*int, *int]{incr, "1"}, Written[*int, *int]{incr, "2"}) || len(ft.errors) > 0 {
		t.Fatalf("a right test of a right solution failed: %q", ft.errors)
	}
	ft = &fatalTB{}
	func() {
		defer func() { recover() }() // Fatalf stops the test, as testing's does
		CheckWritten(ft, sc, Written[*int, *int]{incr, "1"}, Written[*int, *int]{incr, "3"})
		t.Error("CheckWritten went on after a wrong written result")
	}()
	if len(ft.errors) != 1 || !strings.Contains(ft.errors[0], `hidden test is wrong: the model says call 3, incr(n), returns "2"; the test says "3"`) {
		t.Errorf("a wrong test reported %q", ft.errors)
	}
}

// fatalTB is a tb whose Fatalf records and stops, as testing's does.
type fatalTB struct{ tb }

func (t *fatalTB) Fatalf(f string, args ...any) {
	t.Errorf(f, args...)
	panic("Fatalf")
}

// words is a program scenario that explains its failures, and writes its test to paste, in its
// own words, naming the program they speak of.
func (p program) words(newC func(start int) *counter) Scenario[*counter, *model] {
	var cuts []int
	sc := p.scenario(newC, &cuts)
	sc.Simpler = func(n int) []Scenario[*counter, *model] {
		var out []Scenario[*counter, *model]
		if n > 1 {
			out = append(out, program{p.start, p.ds[n-1 : n]}.words(newC)) // the failing call alone
		}
		if p.start != 0 {
			out = append(out, program{0, p.ds[:n]}.words(newC))
		}
		return out
	}
	sc.Explain = func(o Outcome) string {
		return fmt.Sprintf("from %d, adding %v went wrong at %s", p.start, p.ds, o.Want[len(o.Want)-1])
	}
	sc.WriteRepro = func(o Outcome) string { return fmt.Sprintf("// replay %v from %d\n", p.ds[:o.At+1], p.start) }
	return sc
}

func TestScenarioExplainAndWriteReproSpeakForTheShrunk(t *testing.T) {
	buggy := func(start int) *counter { c := ignoresFive(); c.n = start; return c }
	sc := program{40, []int{1, 2, 5, 8}}.words(buggy)
	sc.Context = "context: "
	fake := &tb{}
	if Check(fake, sc) || len(fake.errors) != 1 {
		t.Fatalf("Check reported %q, want one failure", fake.errors)
	}
	if want := "context: from 0, adding [5] went wrong at c.Add(5) = 5\n"; !strings.HasPrefix(fake.errors[0], want) {
		t.Errorf("report begins %q, want Explain's words on the shrunk scenario, %q", fake.errors[0], want)
	}
	if !strings.Contains(fake.errors[0], "// replay [5] from 0") {
		t.Errorf("report does not hold WriteRepro's test for the shrunk scenario:\n%s", fake.errors[0])
	}
}

func TestScenarioHooksLeaveSetupToTheKit(t *testing.T) {
	sc := scenario(func() *counter { panic("no counters today") }, 1)
	sc.AsWritten = true // unshrunk, so that the scenario reported keeps its Explain
	own := func(words string) func(o Outcome) string {
		return func(o Outcome) string {
			if o.At < 0 {
				return ""
			}
			return words
		}
	}
	sc.Explain, sc.WriteRepro = own("the counter's own words"), own("// the counter's own test")
	fake := &tb{}
	Check(fake, sc)
	if len(fake.errors) != 1 || !strings.HasPrefix(fake.errors[0], "call 1: c := &Counter{} panicked: no counters today") {
		t.Errorf("Check reported %q, want the kit's words for a Setup Explain left to it", fake.errors)
	}
	if len(fake.errors) == 1 && !strings.Contains(fake.errors[0], "_ = &Counter{} // panics: no counters today") {
		t.Errorf("report does not hold the kit's test for a Setup WriteRepro left to it:\n%s", fake.errors[0])
	}
}

func TestScenarioShrunkByDroppingStepsForgetsItsHooks(t *testing.T) {
	sc := scenario(ignoresFive, 1, 2, 5)
	sc.Explain = func(Outcome) string { return "adding 1, 2 and 5 went wrong" }
	sc.WriteRepro = func(Outcome) string { return "// adds 1, 2 and 5\n" }
	fake := &tb{}
	Check(fake, sc)
	if len(fake.errors) != 1 || !strings.HasPrefix(fake.errors[0], "call 2: c.Add(5) returned 0, want 5\n") ||
		strings.Contains(fake.errors[0], "adds 1, 2 and 5") {
		t.Errorf("Check reported %q, want c.Add(5) alone in the kit's words: the hooks speak of three calls", fake.errors)
	}
}

// following is a step with several right results, whose model follows the one the call
// returned: c.Add(1) may add 1 or 2.
func following() Step[*counter, *model] {
	st := addStep(1)
	st.Want = nil
	st.Check = func(m *model, got string) (string, bool) {
		n, err := strconv.Atoi(got)
		if err != nil || n != m.n+1 && n != m.n+2 {
			return fmt.Sprint(m.n + 1), false
		}
		m.n = n
		return got, true
	}
	return st
}

func TestScenarioShowExpected(t *testing.T) {
	defer func(p time.Duration) { Patience = p }(Patience)
	Patience = 50 * time.Millisecond
	addsTwo := func() *counter {
		return &counter{blocks: true, bug: func(c *counter, d int) {
			if d == 1 {
				d = 2
			}
			c.n += d
		}}
	}
	panics := Step[*counter, *model]{
		Code:  "c.Add(3)",
		Do:    func(*counter) string { panic("no") },
		Check: func(m *model, got string) (string, bool) { m.n += 3; return fmt.Sprint(m.n), got == fmt.Sprint(m.n) },
	}
	for _, tc := range []struct {
		name string
		last Step[*counter, *model]
		want string // the last line of the transcript's expected calls
	}{
		{"never_returned", addStep(7), "c.Add(7) = 9"},
		{"panicked_with_check", panics, "c.Add(3) = 5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := scenario(addsTwo)
			sc.Steps = []Step[*counter, *model]{following(), tc.last}
			if last := sc.Run().Want; last[len(last)-1] != tc.last.Code {
				t.Errorf("without ShowExpected, the call is shown as %q, want %q", last[len(last)-1], tc.last.Code)
			}
			sc.ShowExpected = true
			o := sc.Run()
			if o.Kind == "" || o.At != 1 {
				t.Fatalf("outcome = %+v, want a failure at step 1", o)
			}
			// c.Add(1) returned 2, which the model follows.
			if last := o.Want[len(o.Want)-1]; last != tc.want {
				t.Errorf("with ShowExpected, the call is shown as %q, want %q", last, tc.want)
			}
		})
	}
}
