package kit

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// A Scenario is a sequence of calls on one value of the learner's, checked call by call against
// a model: the shape of most stateful challenges (a cache, a queue, a limiter with a fake
// clock). Running one under the kit gives every such challenge the same teaching failure: the
// scenario shrunk to the fewest calls that still fail, a transcript of calls with expected
// and actual results, and a test to paste.
type Scenario[S, M any] struct {
	// Setup is the Go statement that makes the value, naming it as the steps do, such as
	// "c := Constructor(2)"; or a comment, such as "// c is the cache the goroutines used",
	// for a value made before the scenario, which a test to paste could not make again: its
	// failures come without one.
	Setup string
	// New does what Setup says, on the learner's code.
	New func() S
	// Model returns the model in the state Setup leaves it in.
	Model func() M
	Steps []Step[S, M]
	// Context, when set, leads the summary of a failure, as in "performance is measured only on
	// a cache that works: ".
	Context string
	// AsWritten reports a failure on the scenario as it is, unshrunk: a hand-written scenario
	// shows one rule, with the calls its test's name and the statement explain.
	AsWritten bool
	// Simpler, when set, lists scenarios simpler than this one cut to its first n steps,
	// simplest first, for shrinking to try in place of dropping steps. A scenario made from
	// data (a capacity and a list of calls) shrinks best in the data's terms: fewer calls, a
	// smaller capacity, keys renamed 1, 2, 3. Each scenario it returns sets a Simpler of its
	// own.
	Simpler func(n int) []Scenario[S, M]
	// Explain, when set, writes the summary of a failure in the challenge's own words, in
	// place of the kit's "call 4: c.Get(2) returned 2, want -1 (note)": o is how this
	// scenario failed, and o.At its failing step. It returns "" to leave a failure to the
	// kit's words, as one of Setup may be. Context still leads it. Explain and
	// WriteRepro speak of the data the scenario was made from, so a scenario that sets them
	// shrinks with a Simpler whose scenarios set their own: when the kit shrinks by dropping
	// steps, the smaller scenarios go without them, in the kit's words.
	Explain func(o Outcome) string
	// WriteRepro, when set, writes the test to paste for a failure o of this scenario, in
	// place of Repro's: for a test that needs lines the kit cannot write, such as contexts
	// declared before the first call. It returns "" to leave the test to Repro.
	WriteRepro func(o Outcome) string
	// ShowExpected shows what a call that panicked, never returned or ended its goroutine
	// should have returned, as the expected line of a wrong answer does: the model is
	// replayed up to the call, each step before it given the result its call returned, and
	// the call's result is what Want gives, or Check given "" for a result. Without it the
	// kit shows one only for a call that panicked on a step with Want.
	ShowExpected bool
}

// SimplerFrom is a Simpler for a scenario made from data of type P (a capacity and a list of
// calls, say): it cuts the data to its first n calls, lists simpler data with simpler (simplest
// first), and makes each one's scenario, which sets a SimplerFrom of its own:
//
//	sc.Simpler = kit.SimplerFrom(p.cut, judgeSimpler, judgeProgram.scenario)
func SimplerFrom[P, S, M any](cut func(n int) P, simpler func(P) []P, scenario func(P) Scenario[S, M]) func(n int) []Scenario[S, M] {
	return func(n int) []Scenario[S, M] {
		var out []Scenario[S, M]
		for _, q := range simpler(cut(n)) {
			out = append(out, scenario(q))
		}
		return out
	}
}

// Step is one call of a scenario.
type Step[S, M any] struct {
	// Code is the call as Go source, such as "c.Get(2)".
	Code string
	// Do makes the call on the learner's value and returns its result as Go source ("2",
	// `"abc"`, "[]int{1, 2}"), or "" for a call with no result.
	Do func(s S) string
	// Want applies the call to the model and returns the result the learner's call must
	// return, in the same form ("" for none). It is used when Check is nil.
	Want func(m M) string
	// Check, when set, applies the call to the model and judges got; it returns the result to
	// show as expected and whether got is right. It serves calls with several right results.
	Check func(m M, got string) (want string, ok bool)
	// Note, when set, explains a wrong result in a sentence, from the model before the call.
	Note func(m M, got string) string
	// Repro, when set, writes this call in a test to paste: Go statements, one a line and
	// unindented, that make the call and fail the test unless it returns want, the result Want
	// gave. It serves a result the kit's own comparison of one value cannot check, such as
	// two results ("u, ok := s.Resolve(code)"). Used for steps with Want and no Check.
	Repro func(want string) string
}

// Outcome is how the learner's code did on a scenario.
type Outcome struct {
	Kind string // "" when every call did what the model did; else WrongAnswer, RuntimeError, TimeLimitExceeded or Rejected
	At   int    // the step that went wrong; -1 for Setup
	Want []string
	Got  []string
	Note string
	// Waited is how long the kit waited for a call that never returned (TimeLimitExceeded).
	Waited time.Duration
}

// Run runs the scenario on the learner's code, stopping at the first call that differs from
// the model, panics, or does not return.
func (sc Scenario[S, M]) Run() Outcome {
	return sc.run(Wait())
}

func (sc Scenario[S, M]) run(wait time.Duration) Outcome {
	done := make(chan Outcome, 1)
	pr := &progress{at: -1}
	go func() {
		returned := false
		defer func() {
			if !returned { // runtime.Goexit: deferred calls run, the rest does not
				done <- stopped(pr, sc, Rejected, " ended its goroutine", func(code string) string {
					return code + " ended the goroutine that called it (runtime.Goexit) instead of returning, which stops a test from checking what it did"
				})
			}
		}()
		o := sc.calls(pr)
		returned = true
		done <- o
	}()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case o := <-done:
		return o
	case <-timer.C:
		MarkHung()
		o := stopped(pr, sc, TimeLimitExceeded, " never returned", func(code string) string {
			return fmt.Sprintf("%s did not return within %s: %s", code, wait, WhyStuck())
		})
		o.Waited = wait
		return o
	}
}

// progress is how far the calls of a scenario got, for run to report a call that never
// returned. The transcript grows under a lock rather than being copied at every call, which
// would cost a scenario of thousands of calls millions of copies.
type progress struct {
	mu        sync.Mutex
	at        int // the step in progress; -1 for Setup
	want, got []string
	results   []string // what each step's call returned, for ShowExpected to replay the model
}

func (pr *progress) step(i int) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.at = i
}

func (pr *progress) lines(want, got string) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.want = append(pr.want, want)
	pr.got = append(pr.got, got)
}

func (pr *progress) returned(result string) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.results = append(pr.results, result)
}

// stopped is the outcome of a call that did not return: the transcript up to it, its line
// ending with what happened, and the note why says of the call.
func stopped[S, M any](pr *progress, sc Scenario[S, M], kind, what string, why func(code string) string) Outcome {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	code, want := sc.Setup, sc.Setup
	if pr.at >= 0 {
		code = sc.Steps[pr.at].Code
		want = show(code, sc.expected(pr.at, pr.results))
	}
	return Outcome{
		Kind: kind, At: pr.at,
		Want: append(append([]string(nil), pr.want...), want),
		Got:  append(append([]string(nil), pr.got...), code+what),
		Note: why(code),
	}
}

// calls makes the calls, recording its progress for run.
func (sc Scenario[S, M]) calls(pr *progress) Outcome {
	var s S
	if p := Catch(func() { s = sc.New() }); p != "" {
		return Outcome{Kind: RuntimeError, At: -1, Want: []string{sc.Setup}, Got: []string{sc.Setup + " panicked: " + firstLine(p)}, Note: p}
	}
	pr.lines(sc.Setup, sc.Setup)
	m := sc.Model()
	for i, st := range sc.Steps {
		pr.step(i)
		var res string
		if p := Catch(func() { res = st.Do(s) }); p != "" {
			w := st.Code
			if st.Check == nil || sc.ShowExpected {
				w = show(st.Code, st.replay(m, ""))
			}
			return Outcome{Kind: RuntimeError, At: i, Want: append(pr.want, w), Got: append(pr.got, st.Code+" panicked: "+firstLine(p)), Note: p}
		}
		pr.returned(res)
		var note string
		if st.Note != nil {
			note = st.Note(m, res)
		}
		var expect string
		ok := true
		if st.Check != nil {
			expect, ok = st.Check(m, res)
		} else if st.Want != nil {
			expect = st.Want(m)
			ok = expect == res
		}
		pr.lines(show(st.Code, expect), show(st.Code, res))
		if !ok {
			return Outcome{Kind: WrongAnswer, At: i, Want: pr.want, Got: pr.got, Note: note}
		}
	}
	return Outcome{}
}

// expected is what step at should have returned, when ShowExpected asks for it: the model
// replayed through the steps before it, each given the result its call returned.
func (sc Scenario[S, M]) expected(at int, results []string) string {
	if !sc.ShowExpected {
		return ""
	}
	m := sc.Model()
	for i, st := range sc.Steps[:at] {
		st.replay(m, results[i])
	}
	return sc.Steps[at].replay(m, "")
}

// replay applies the step to the model as if its call had returned got, and returns the
// result the model gives: Check's want, or Want's.
func (st Step[S, M]) replay(m M, got string) string {
	switch {
	case st.Check != nil:
		want, _ := st.Check(m, got)
		return want
	case st.Want != nil:
		return st.Want(m)
	}
	return ""
}

func show(code, result string) string {
	if result == "" {
		return code
	}
	return code + " = " + result
}

func firstLine(s string) string {
	s = strings.TrimPrefix(s, "panic: ")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Failed reports whether the scenario failed, and how.
func (o Outcome) Failed() bool { return o.Kind != "" }

// HandWritten returns sc to be reported as it is (AsWritten), its summary led by context: for
// calls written by hand to show a rule, in the program type whose random scenarios shrink.
func (sc Scenario[S, M]) HandWritten(context string) Scenario[S, M] {
	sc.Context, sc.AsWritten = context, true
	return sc
}

// Check runs the scenario and, when it fails, shrinks it to the fewest steps that still fail the
// same way and reports that with Fail.
func Check[S, M any](t testing.TB, sc Scenario[S, M]) bool {
	t.Helper()
	o := sc.Run()
	if !o.Failed() {
		return true
	}
	Report(t, sc, o, len(sc.Steps))
	return false
}

// Explore runs count scenarios drawn by gen from fixed seeds, so that the same code always
// meets the same scenarios, and reports the first failure, shrunk.
func Explore[S, M any](t testing.TB, count int, gen func(r *rand.Rand) Scenario[S, M]) bool {
	t.Helper()
	return ExploreFrom(t, 0x9e3779b97f4a7c15, count, gen)
}

// ExploreFrom is Explore with scenario i drawn from rand.NewPCG(i+1, seed): a challenge whose
// recorded failures were found with a seed of its own keeps finding the same ones.
func ExploreFrom[S, M any](t testing.TB, seed uint64, count int, gen func(r *rand.Rand) Scenario[S, M]) bool {
	t.Helper()
	return CheckEach(t, count, func(i int) Scenario[S, M] {
		return gen(rand.New(rand.NewPCG(uint64(i)+1, seed)))
	})
}

// CheckEach checks scenario(0), scenario(1), ... up to count scenarios, as Check does, and
// stops at the first that fails: for scenarios a challenge makes in an order of its own, such
// as programs drawn from rand.NewPCG(seed, i).
func CheckEach[S, M any](t testing.TB, count int, scenario func(i int) Scenario[S, M]) bool {
	t.Helper()
	for i := range count {
		if !Check(t, scenario(i)) {
			return false
		}
	}
	return true
}

// Shrunk returns the smallest scenario, made by removing steps, that fails as o did.
func Shrunk[S, M any](sc Scenario[S, M], o Outcome) (Scenario[S, M], Outcome) {
	if o.At >= 0 {
		sc.Steps = sc.Steps[:o.At+1] // steps after the failing one play no part
	}
	check := func(c Scenario[S, M], candidate bool) Outcome {
		if candidate {
			return c.run(ShortPatience)
		}
		return c.run(Wait())
	}
	candidates := func(c Scenario[S, M]) []Scenario[S, M] {
		if c.Simpler != nil {
			return c.Simpler(len(c.Steps))
		}
		var out []Scenario[S, M]
		for _, steps := range Removals(c.Steps) {
			cand := c
			// The hooks speak of c's steps, not of these.
			cand.Steps, cand.Explain, cand.WriteRepro = steps, nil, nil
			out = append(out, cand)
		}
		return out
	}
	return ShrinkFailure(sc, o, func(o Outcome) string { return o.Kind }, check, candidates)
}

// Report shrinks a failing scenario, unless it is AsWritten, and fails the test with its
// transcript and a repro.
func Report[S, M any](t testing.TB, sc Scenario[S, M], o Outcome, originalSteps int) {
	t.Helper()
	small, so := sc, o
	if !sc.AsWritten {
		small, so = Shrunk(sc, o)
	}
	if !so.Failed() {
		// Shrinking depends on the failure being deterministic; when it was not, report the
		// original.
		small, so = sc, o
	}
	r := Record{Kind: so.Kind, Want: so.Want, Got: so.Got, Summary: sc.Context + small.summary(so)}
	if !strings.HasPrefix(sc.Setup, "//") { // else a value made before the scenario, which no test could make again
		if small.WriteRepro != nil {
			r.Repro = small.WriteRepro(so)
		}
		if r.Repro == "" {
			r.Repro = small.Repro(so)
		}
	}
	if originalSteps > len(small.Steps) {
		r.ShrunkFrom = originalSteps + 1 // counting Setup, as the transcript does
	}
	Fail(t, r)
}

// summary says how the scenario failed with o: Explain's words, or the kit's.
func (sc Scenario[S, M]) summary(o Outcome) string {
	if sc.Explain != nil {
		if s := sc.Explain(o); s != "" {
			return s
		}
	}
	callNo := o.At + 2 // Setup is call 1
	code := sc.Setup
	if o.At >= 0 {
		code = sc.Steps[o.At].Code
	}
	var s string
	switch o.Kind {
	case WrongAnswer:
		s = fmt.Sprintf("call %d: %s", callNo, mismatch(o.Want[len(o.Want)-1], o.Got[len(o.Got)-1]))
	case RuntimeError:
		s = fmt.Sprintf("call %d: %s panicked: %s", callNo, code, firstLine(o.Note))
		// New is declared beside the hidden tests, in the learner's package: PanicSite looks
		// for that package's frames, which a panic in a library the learner called (a nil
		// map, container/list) is found under.
		if site := PanicSite(o.Note, sc.New); site != "" {
			s += site
		} else if loc := panicLocation(o.Note); loc != "" {
			s += " (" + loc + ")"
		}
		o.Note = ""
	default:
		s = fmt.Sprintf("call %d: %s", callNo, o.Note)
		o.Note = ""
	}
	if o.Note != "" {
		s += " (" + o.Note + ")"
	}
	return s
}

// mismatch says in words how a transcript line differs: "c.Get(2) returned 2, want -1".
func mismatch(want, got string) string {
	code, w, _ := strings.Cut(want, " = ")
	_, g, hasResult := strings.Cut(got, " = ")
	if !hasResult {
		return fmt.Sprintf("%s was wrong: want %s", code, w)
	}
	return fmt.Sprintf("%s returned %s, want %s", code, g, w)
}

// panicLocation is the first frame of a Catch report, "at lru.go:39, in (*LRUCache).Get".
func panicLocation(report string) string {
	lines := strings.Split(report, "\n")
	for i := 1; i+1 < len(lines); i++ {
		fn := strings.TrimSpace(lines[i])
		loc := strings.TrimSpace(lines[i+1])
		if fn == "" || strings.Contains(loc, "_test.go") {
			continue
		}
		if j := strings.LastIndex(loc, " +0x"); j > 0 {
			loc = loc[:j]
		}
		if j := strings.LastIndexAny(loc, `/\`); j >= 0 {
			loc = loc[j+1:]
		}
		if j := strings.LastIndex(fn, "."); j > 0 {
			if k := strings.LastIndex(fn[:j], "/"); k >= 0 {
				fn = fn[k+1:]
			}
		}
		if j := strings.IndexByte(fn, '('); j > 0 && strings.HasSuffix(fn, ")") && !strings.HasPrefix(fn[j:], "(*") {
			fn = fn[:j]
		}
		return fmt.Sprintf("at %s, in %s", loc, fn)
	}
	return ""
}

// Repro writes the scenario up to its failure as a Go test the learner can paste.
func (sc Scenario[S, M]) Repro(o Outcome) string {
	var b strings.Builder
	b.WriteString("func TestRepro(t *testing.T) {\n")
	if o.At < 0 {
		// Setup itself failed: make the value without naming it, which Go would reject as
		// unused.
		setup := sc.Setup
		if i := strings.LastIndex(setup, "; "); i >= 0 {
			b.WriteString("\t" + setup[:i] + "\n")
			setup = setup[i+2:]
		}
		if _, value, ok := strings.Cut(setup, " := "); ok {
			setup = "_ = " + value
		}
		fmt.Fprintf(&b, "\t%s%s\n}\n", setup, ReproComment(o))
		return b.String()
	}
	b.WriteString("\t" + sc.Setup + "\n")
	m := sc.Model()
	for i, st := range sc.Steps[:o.At+1] {
		want := ""
		if st.Check != nil {
			st.Check(m, "") // several results are right: the repro only replays the call
		} else if st.Want != nil {
			want = st.Want(m)
		}
		switch {
		case i == o.At && o.Kind != WrongAnswer:
			fmt.Fprintf(&b, "\t%s%s\n", st.Code, ReproComment(o))
		case st.Repro != nil && st.Check == nil:
			for _, line := range strings.Split(strings.TrimSuffix(st.Repro(want), "\n"), "\n") {
				b.WriteString("\t" + line + "\n")
			}
		case want == "":
			if i == o.At && len(o.Want) > 0 {
				fmt.Fprintf(&b, "\t%s // want %s\n", st.Code, strings.TrimPrefix(o.Want[len(o.Want)-1], st.Code+" = "))
			} else {
				b.WriteString("\t" + st.Code + "\n")
			}
		case strings.HasPrefix(want, "[]"):
			fmt.Fprintf(&b, "\tif got := %s; !slices.Equal(got, %s) {\n\t\tt.Fatalf(\"%s = %%v, want %s\", got)\n\t}\n",
				st.Code, want, escape(st.Code), escape(want))
		default:
			fmt.Fprintf(&b, "\tif got := %s; got != %s {\n\t\tt.Fatalf(\"%s = %s, want %s\", got)\n\t}\n",
				st.Code, want, escape(st.Code), verb(want), escape(want))
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// ReproComment is what a repro says after its failing call when the call returned no wrong
// result, for a WriteRepro as for Repro: a panic's message, "never returns", or nothing.
func ReproComment(o Outcome) string {
	switch o.Kind {
	case RuntimeError:
		return " // panics: " + firstLine(o.Note)
	case TimeLimitExceeded:
		return " // never returns"
	}
	return ""
}

// verb is the formatting verb a repro prints a result with, as the learner's own test would:
// %d for an integer, %q for a string, so that an empty one shows as "", and %v for anything
// else.
func verb(want string) string {
	if _, err := strconv.Atoi(want); err == nil {
		return "%d"
	}
	if _, err := strconv.Unquote(want); err == nil && strings.HasPrefix(want, `"`) {
		return "%q"
	}
	return "%v"
}

func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "%", "%%").Replace(s)
}

// Written is a step of a hand-written scenario, with the result its author wrote for it ("" for
// a call with no result).
type Written[S, M any] struct {
	Step Step[S, M]
	Want string
}

// CheckWritten checks a hand-written scenario: sc with steps appended. The written results must
// agree with the model first, since the model explains the failures: a disagreement is a bug
// in the hidden test, and fails the test as such, before the solution is judged. The steps
// whose Want is nil (a move of a fake clock) are not compared.
func CheckWritten[S, M any](t testing.TB, sc Scenario[S, M], steps ...Written[S, M]) bool {
	t.Helper()
	m := sc.Model()
	for i, w := range steps {
		if w.Step.Want == nil {
			continue
		}
		if got := w.Step.Want(m); got != w.Want {
			t.Fatalf("hidden test is wrong: the model says call %d, %s, returns %q; the test says %q", len(sc.Steps)+i+2, w.Step.Code, got, w.Want)
		}
	}
	for _, w := range steps {
		sc.Steps = append(sc.Steps, w.Step)
	}
	return Check(t, sc)
}
