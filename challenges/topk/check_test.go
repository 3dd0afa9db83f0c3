package topk

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// Every top-level name in the hidden tests starts with "judge": they share a package with the
// learner's code, and a learner's own pair, heap or count must never clash with them.

// judgeInput is one call: topKFrequent(nums, k).
type judgeInput struct {
	nums []int
	k    int
}

// judgeFacts is what the tests know about an input, from counting its values: which answers
// are right. A right answer holds every value of must and fromTied of the values of tied, in
// any order.
type judgeFacts struct {
	freq     map[int]int
	order    []int // the distinct values, the most frequent first, equally frequent ones by value
	least    int   // the k-th highest frequency: every value returned appears at least this often
	must     []int // the values that appear more than least times
	tied     []int // the values that appear exactly least times
	fromTied int
}

func judgeFactsOf(in judgeInput) judgeFacts {
	f := judgeFacts{freq: map[int]int{}}
	for _, v := range in.nums {
		f.freq[v]++
	}
	for v := range f.freq {
		f.order = append(f.order, v)
	}
	slices.SortFunc(f.order, func(a, b int) int {
		if fa, fb := f.freq[a], f.freq[b]; fa != fb {
			return fb - fa
		}
		if a < b {
			return -1
		}
		return 1
	})
	f.least = f.freq[f.order[in.k-1]]
	for _, v := range f.order {
		switch c := f.freq[v]; {
		case c > f.least:
			f.must = append(f.must, v)
		case c == f.least:
			f.tied = append(f.tied, v)
		}
	}
	f.fromTied = in.k - len(f.must)
	return f
}

// unique reports whether only one set of values is right.
func (f judgeFacts) unique() bool { return f.fromTied == len(f.tied) }

// answer is one right answer, sorted: what the tests show as "want" when the answer is unique.
func (f judgeFacts) answer() []int {
	a := append(slices.Clone(f.must), f.tied[:f.fromTied]...)
	slices.Sort(a)
	return a
}

// wantText describes every right answer: "[1 2] in any order", "[1] and any 1 of [2 3], in
// any order", "any 2 of [1 2 3]".
func (f judgeFacts) wantText() string {
	if f.unique() {
		return fmt.Sprintf("%v in any order", f.answer())
	}
	must := judgeSorted(f.must)
	some := fmt.Sprintf("any %d of %v", f.fromTied, f.tied)
	if len(must) == 0 {
		return some
	}
	return fmt.Sprintf("%v and %s, in any order", must, some)
}

// judgeTimes says how often a value appears: "once", "twice", "3 times".
func judgeTimes(c int) string {
	switch c {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", c)
}

// judgeWrong says what is wrong with got as an answer, or "" when it is right.
func judgeWrong(in judgeInput, f judgeFacts, got []int) string {
	why := judgeWrongWhy(in, f, got)
	if why == "" {
		return ""
	}
	// A classic slip: returning the counts of the right values instead of the values. Small
	// values and small counts often coincide, so it is named only when got cannot be values.
	if !slices.ContainsFunc(got, func(v int) bool { return f.freq[v] == 0 }) && judgeDistinct(got) == len(got) {
		return why
	}
	var counts []int
	for _, v := range f.answer() {
		counts = append(counts, f.freq[v])
	}
	slices.Sort(counts)
	sorted := judgeSorted(got)
	if slices.Equal(sorted, counts) && !slices.Equal(sorted, f.answer()) {
		why += fmt.Sprintf(" (%s are how often the right values appear: return the values, not their counts)", judgeShow(got))
	}
	return why
}

func judgeWrongWhy(in judgeInput, f judgeFacts, got []int) string {
	if len(got) == 0 {
		return fmt.Sprintf("it returned no values, but k is %d", in.k)
	}
	seen := map[int]bool{}
	for _, v := range got {
		if _, ok := f.freq[v]; !ok {
			return fmt.Sprintf("%d is not in nums", v)
		}
		if seen[v] {
			return fmt.Sprintf("it returned %d twice: each value may be returned once", v)
		}
		seen[v] = true
	}
	if len(got) < in.k {
		return fmt.Sprintf("it returned %s, but k is %d", judgeValues(len(got)), in.k)
	}
	if len(got) > in.k {
		s := fmt.Sprintf("it returned %s, but k is %d", judgeValues(len(got)), in.k)
		for _, v := range got {
			if f.freq[v] < f.least {
				return s
			}
		}
		// Every value returned is among the most frequent: the last place is a tie, and the
		// solution took all of it.
		return s + fmt.Sprintf(": %s tie for the last place, appearing %s each, and only %d of them %s",
			kit.And(f.tied), judgeTimes(f.least), f.fromTied, judgeFits(f.fromTied))
	}
	// The most frequent value left out, if any.
	i := slices.IndexFunc(f.order, func(v int) bool { return !seen[v] })
	if i < 0 {
		return ""
	}
	left := f.order[i]
	low := got[0] // the least frequent value returned
	for _, v := range got {
		if f.freq[v] < f.freq[low] || f.freq[v] == f.freq[low] && v > low {
			low = v
		}
	}
	if f.freq[left] > f.freq[low] {
		return fmt.Sprintf("it left out %d, which appears %s, but returned %d, which appears only %s",
			left, judgeTimes(f.freq[left]), low, judgeTimes(f.freq[low]))
	}
	return ""
}

func judgeValues(n int) string {
	if n == 1 {
		return "1 value"
	}
	return fmt.Sprintf("%d values", n)
}

func judgeFits(n int) string {
	if n == 1 {
		return "fits"
	}
	return "fit"
}

// judgeOutcome is how a solution did on one input.
type judgeOutcome struct {
	kind     string // "" when the answer is right; else kit.WrongAnswer, kit.RuntimeError or kit.TimeLimitExceeded
	got      []int
	after    []int  // nums as the call left it
	why      string // what is wrong with got, for a wrong answer
	panicked string // what kit.Catch caught, for a panic
	waited   time.Duration
}

// judgeCall calls the solution on a copy of in.nums, which the tests keep for themselves, on a
// goroutine of its own: a call that has not returned within patience is reported as hung.
func judgeCall(in judgeInput, patience time.Duration) judgeOutcome {
	arg := make([]int, len(in.nums)) // no spare capacity: an append cannot hide in it
	copy(arg, in.nums)
	var (
		got      []int
		panicked string
	)
	if !kit.Within(patience, func() { panicked = kit.Catch(func() { got = topKFrequent(arg, in.k) }) }) {
		return judgeOutcome{kind: kit.TimeLimitExceeded, waited: patience}
	}
	if panicked != "" {
		return judgeOutcome{kind: kit.RuntimeError, panicked: panicked, after: arg}
	}
	return judgeOutcome{got: got, after: arg}
}

// judgeCheck calls the solution and judges its answer.
func judgeCheck(in judgeInput, patience time.Duration) judgeOutcome {
	o := judgeCall(in, patience)
	if o.kind != "" {
		return o
	}
	if o.why = judgeWrong(in, judgeFactsOf(in), o.got); o.why != "" {
		o.kind = kit.WrongAnswer
	}
	return o
}

// judgeShrink returns the smallest input it finds that fails as in did, by check, and how it
// fails.
func judgeShrink(in judgeInput, o judgeOutcome, check func(judgeInput, time.Duration) judgeOutcome) (judgeInput, judgeOutcome) {
	return kit.ShrinkFailure(in, o, func(o judgeOutcome) string { return o.kind },
		func(in judgeInput, candidate bool) judgeOutcome {
			if candidate {
				return check(in, kit.ShortPatience)
			}
			return check(in, kit.Wait())
		}, judgeCandidates)
}

// judgeCandidates lists simpler inputs, simplest first: fewer values, then a smaller k, then
// the values renamed 1, 2, 3 ... from the most frequent, then sorted, then values merged.
// Every candidate is strictly simpler than in by judgeSimpler, so shrinking always ends.
func judgeCandidates(in judgeInput) []judgeInput {
	var out []judgeInput
	add := func(nums []int, k int) {
		if len(nums) == 0 {
			return
		}
		c := judgeInput{nums: nums, k: min(k, judgeDistinct(nums))}
		if judgeSimpler(c, in) {
			out = append(out, c)
		}
	}
	for _, nums := range judgeRemovals(in.nums) {
		add(nums, in.k)
	}
	for _, nums := range judgeThin(in.nums) {
		add(nums, in.k)
	}
	for k := 1; k < in.k; k++ {
		add(in.nums, k)
	}
	add(judgeRelabel(in.nums), in.k)
	add(judgeSorted(in.nums), in.k)
	if len(in.nums) > 32 {
		return out // merging values is for the last, small steps
	}
	distinct := judgeFactsOf(judgeInput{in.nums, 1}).order
	for _, nums := range kit.Replacements(in.nums, func(v int) []int {
		var simpler []int
		for _, w := range distinct {
			if judgeCost(w) < judgeCost(v) {
				simpler = append(simpler, w)
			}
		}
		return simpler
	}) {
		add(nums, in.k)
	}
	return out
}

// judgeRemovals is kit.Removals, which removes runs of values from halves down to single
// values, except that a long input only loses runs of at least a 64th of it: the candidates
// are all made at once, and single-value removals from 5000 values would take 400 MB.
func judgeRemovals(nums []int) [][]int {
	var out [][]int
	for size := len(nums) / 2; size >= max(1, len(nums)/64); size /= 2 {
		for start := 0; start+size <= len(nums); start += size {
			cand := make([]int, 0, len(nums)-size)
			cand = append(cand, nums[:start]...)
			cand = append(cand, nums[start+size:]...)
			out = append(out, cand)
		}
	}
	return out
}

// judgeThin removes one occurrence of every value, then of every value of one count in turn.
// That keeps ties: a failure that needs two values to tie survives it, where removing any one
// value would break the tie.
func judgeThin(nums []int) [][]int {
	freq := map[int]int{}
	for _, v := range nums {
		freq[v]++
	}
	var counts []int
	for _, c := range freq {
		if !slices.Contains(counts, c) {
			counts = append(counts, c)
		}
	}
	slices.Sort(counts)
	thin := func(drop func(count int) bool) []int {
		dropped := map[int]bool{}
		var out []int
		for _, v := range nums {
			if !dropped[v] && drop(freq[v]) {
				dropped[v] = true
				continue
			}
			out = append(out, v)
		}
		return out
	}
	out := [][]int{thin(func(int) bool { return true })}
	if len(counts) > 1 {
		for _, c := range counts {
			out = append(out, thin(func(count int) bool { return count == c }))
		}
	}
	return out
}

func judgeDistinct(nums []int) int {
	seen := map[int]bool{}
	for _, v := range nums {
		seen[v] = true
	}
	return len(seen)
}

// judgeRelabel renames the values 1, 2, 3 ... from the most frequent, equally frequent ones
// in order of first appearance, so that [9 -4 9] reads [1 2 1].
func judgeRelabel(nums []int) []int {
	freq := map[int]int{}
	var order []int // in order of first appearance
	for _, v := range nums {
		if freq[v] == 0 {
			order = append(order, v)
		}
		freq[v]++
	}
	slices.SortStableFunc(order, func(a, b int) int { return freq[b] - freq[a] })
	name := map[int]int{}
	for i, v := range order {
		name[v] = i + 1
	}
	out := make([]int, len(nums))
	for i, v := range nums {
		out[i] = name[v]
	}
	return out
}

// judgeCost is how complicated a value looks: small non-negative numbers first.
func judgeCost(v int) float64 {
	if v < 0 {
		return 0.5 - float64(v)
	}
	return float64(v)
}

// judgeSimpler orders inputs: fewer values, then a smaller k, then smaller values, then fewer
// values out of order.
func judgeSimpler(a, b judgeInput) bool {
	if len(a.nums) != len(b.nums) {
		return len(a.nums) < len(b.nums)
	}
	if a.k != b.k {
		return a.k < b.k
	}
	ca, cb := 0.0, 0.0
	for i := range a.nums {
		ca += judgeCost(a.nums[i])
		cb += judgeCost(b.nums[i])
	}
	if ca != cb {
		return ca < cb
	}
	return judgeInversions(a.nums) < judgeInversions(b.nums)
}

func judgeInversions(nums []int) int {
	n := 0
	for i := range nums {
		for j := i + 1; j < len(nums); j++ {
			if nums[i] > nums[j] {
				n++
			}
		}
	}
	return n
}

// judgeVerify checks in, shrinking it when it fails and shrink is set, and fails t with a
// transcript of the call, its summary led by context. It reports whether in passed.
func judgeVerify(t *testing.T, in judgeInput, shrink bool, context string) bool {
	t.Helper()
	return judgeVerifyWith(t, in, shrink, context, judgeCheck)
}

// judgeVerifyWith is judgeVerify with another check: judgeCheckUnmodified, say.
func judgeVerifyWith(t *testing.T, in judgeInput, shrink bool, context string, check func(judgeInput, time.Duration) judgeOutcome) bool {
	t.Helper()
	o := check(in, kit.Wait())
	if o.kind == "" {
		return true
	}
	from := len(in.nums)
	if shrink {
		in, o = judgeShrink(in, o, check)
	}
	summary := context + judgeExplain(in, o)
	if len(in.nums) < from {
		summary += fmt.Sprintf(" (shrunk from a failing input of %d values)", from)
	}
	want, got := judgeLines(in, o)
	kind := o.kind
	if kind == judgeModified {
		kind = kit.WrongAnswer
	}
	kit.Fail(t, kit.Record{
		Kind:    kind,
		Summary: summary,
		Want:    want,
		Got:     got,
		Repro:   judgeRepro(in, o),
	})
	return false
}

// judgeCheckUnmodified calls the solution and checks that it left nums as it found it; it
// does not judge the answer, which other tests do.
func judgeCheckUnmodified(in judgeInput, patience time.Duration) judgeOutcome {
	o := judgeCall(in, patience)
	if o.kind == "" && !slices.Equal(o.after, in.nums) {
		o.kind = judgeModified
	}
	return o
}

// judgeGate holds the race and performance suites back until judgeWorks passes.
var judgeGate = kit.Gate{Solution: "a solution", Works: judgeWorks}

// judgeWorks checks, on one input with a single right answer, what the race and performance
// suites take for granted: that the solution finds the most frequent values. Without it a stub
// that returns nil would earn their points, being race-free and fast. It is no stricter than
// that, so that a mistake in the finer rules costs points in the correctness suite alone.
func judgeWorks(t *testing.T, context string) bool {
	t.Helper()
	return judgeVerify(t, judgeInput{nums: []int{1, 1, 1, 2, 2, 3}, k: 2}, false, context)
}

// judgeCallText is the call as the summary shows it: with nums written out when it is short.
func judgeCallText(in judgeInput) string {
	if len(in.nums) <= 16 {
		return fmt.Sprintf("topKFrequent(%v, %d)", in.nums, in.k)
	}
	return fmt.Sprintf("topKFrequent(nums, %d)", in.k)
}

// judgeExplain says what the call did wrong, and why it is wrong.
func judgeExplain(in judgeInput, o judgeOutcome) string {
	call := judgeCallText(in)
	switch o.kind {
	case kit.RuntimeError:
		return call + " panicked: " + kit.PanicMessage(o.panicked) + kit.PanicSite(o.panicked, topKFrequent)
	case kit.TimeLimitExceeded:
		return fmt.Sprintf("%s did not return within %s: it is stuck in a loop", call, o.waited)
	case judgeModified:
		changed := "changed nums"
		if len(o.after) <= 16 {
			changed = fmt.Sprintf("changed nums to %v", o.after)
		}
		return call + " " + changed + ": it must not write to nums, which still belongs to the caller " +
			"(who may use it again, or share it with goroutines reading it at the same time); count without writing to it, or sort a copy"
	}
	f := judgeFactsOf(in)
	return fmt.Sprintf("%s returned %s, want %s: %s", call, judgeShow(o.got), f.wantText(), o.why)
}

// judgeLiteral writes nums as Go source, eliding the middle of a long one.
func judgeLiteral(nums []int, elide bool) string {
	s := make([]string, len(nums))
	for i, v := range nums {
		s[i] = fmt.Sprint(v)
	}
	if elide && len(s) > 24 {
		s = append(append(s[:12:12], fmt.Sprintf("/* %d more */", len(nums)-20)), s[len(s)-8:]...)
	}
	return "[]int{" + strings.Join(s, ", ") + "}"
}

// judgeCounts describes how often each value appears, the most frequent first.
func judgeCounts(in judgeInput) string {
	f := judgeFactsOf(in)
	var parts []string
	for i, v := range f.order {
		if i == 8 && len(f.order) > 9 {
			parts = append(parts, fmt.Sprintf("and %d more values, each at most %s", len(f.order)-8, judgeTimes(f.freq[v])))
			break
		}
		times := judgeTimes(f.freq[v])
		if i == 0 {
			times = "appears " + times
		}
		parts = append(parts, fmt.Sprintf("%d %s", v, times))
	}
	return "counts: " + strings.Join(parts, ", ")
}

// judgeLines renders the call, in the same form for what was wanted and what came back, so
// that a line diff shows only what differs: the answer, or nums afterwards. The result has a
// line of its own, apart from the call, so that the diff shows it whole.
func judgeLines(in judgeInput, o judgeOutcome) (want, got []string) {
	head := []string{"nums := " + judgeLiteral(in.nums, true), judgeCounts(in), fmt.Sprintf("topKFrequent(nums, %d)", in.k)}
	w := "= " + judgeFactsOf(in).wantText()
	g := "= " + judgeShow(o.got)
	switch o.kind {
	case kit.RuntimeError:
		g = "panicked: " + kit.PanicMessage(o.panicked)
	case kit.TimeLimitExceeded:
		g = "never returned"
	case judgeModified:
		w = g // the answer is not what this check is about
	}
	want = append(slices.Clone(head), w)
	got = append(slices.Clone(head), g)
	if o.kind == judgeModified {
		want = append(want, "nums afterwards: "+judgeLiteral(in.nums, true)+" (unchanged)")
		got = append(got, "nums afterwards: "+judgeLiteral(o.after, true))
	}
	return want, got
}

// judgeShow writes an answer sorted: any order is right, and a solution that ranges over a
// map returns its values in a different order on every run, which the report must not echo.
func judgeShow(got []int) string {
	return fmt.Sprint(judgeSorted(got))
}

// judgeModified is the kind of outcome of a call that wrote to nums. It is a wrong answer.
const judgeModified = "modified"

// judgeRepro writes a test the learner can paste beside their solution, into the topk_test.go
// that `prep start` wrote, which imports slices.
func judgeRepro(in judgeInput, o judgeOutcome) string {
	var b strings.Builder
	b.WriteString("func TestRepro(t *testing.T) {\n")
	fmt.Fprintf(&b, "\tnums := %s\n", judgeLiteral(in.nums, false))
	switch o.kind {
	case kit.RuntimeError:
		fmt.Fprintf(&b, "\ttopKFrequent(nums, %d) // panics: %s\n}\n", in.k, kit.PanicMessage(o.panicked))
		return b.String()
	case kit.TimeLimitExceeded:
		fmt.Fprintf(&b, "\ttopKFrequent(nums, %d) // never returns\n}\n", in.k)
		return b.String()
	case judgeModified:
		fmt.Fprintf(&b, "\ttopKFrequent(nums, %d)\n", in.k)
		fmt.Fprintf(&b, "\tif want := %s; !slices.Equal(nums, want) {\n", judgeLiteral(in.nums, false))
		b.WriteString("\t\tt.Fatalf(\"topKFrequent changed nums from %v to %v: it must leave its input as it was\", want, nums)\n\t}\n}\n")
		return b.String()
	}
	f := judgeFactsOf(in)
	fmt.Fprintf(&b, "\tgot := topKFrequent(nums, %d)\n", in.k)
	if f.unique() {
		b.WriteString("\tslices.Sort(got) // any order is right\n")
		fmt.Fprintf(&b, "\tif want := %s; !slices.Equal(got, want) {\n", judgeLiteral(f.answer(), false))
		fmt.Fprintf(&b, "\t\tt.Fatalf(\"topKFrequent(nums, %d) = %%v (sorted), want %%v\", got, want)\n\t}\n}\n", in.k)
		return b.String()
	}
	// Several answers are right: take each value of got off the values that must be in it, or
	// off the tied ones while any are still wanted.
	fmt.Fprintf(&b, "\t// Right answers hold %s, in any order.\n", strings.TrimSuffix(f.wantText(), ", in any order"))
	fmt.Fprintf(&b, "\tmust, tied, fromTied := map[int]bool{%s}, map[int]bool{%s}, %d\n", judgeSet(f.must), judgeSet(f.tied), f.fromTied)
	fmt.Fprintf(&b, "\tif len(got) != %d {\n\t\tt.Fatalf(\"topKFrequent(nums, %d) = %%v, want exactly %s\", got)\n\t}\n", in.k, in.k, judgeValues(in.k))
	b.WriteString("\tfor _, v := range got {\n")
	b.WriteString("\t\tswitch {\n")
	b.WriteString("\t\tcase must[v]:\n\t\t\tdelete(must, v)\n")
	b.WriteString("\t\tcase tied[v] && fromTied > 0:\n\t\t\tdelete(tied, v)\n\t\t\tfromTied--\n")
	fmt.Fprintf(&b, "\t\tdefault:\n\t\t\tt.Fatalf(\"topKFrequent(nums, %d) = %%v: %%d should not be in it, or not twice\", got, v)\n", in.k)
	b.WriteString("\t\t}\n\t}\n}\n")
	return b.String()
}

func judgeSet(vs []int) string {
	s := make([]string, len(vs))
	for i, v := range judgeSorted(vs) {
		s[i] = fmt.Sprintf("%d: true", v)
	}
	return strings.Join(s, ", ")
}

// judgeExtremes are values that break solutions which index an array by value, or take 0 to
// mean "absent".
var judgeExtremes = []int{math.MinInt, math.MaxInt, 0, -1, 1 << 40, -(1 << 40)}

// judgeSorted returns a sorted copy of vs.
func judgeSorted(vs []int) []int {
	s := slices.Clone(vs)
	slices.Sort(s)
	return s
}
