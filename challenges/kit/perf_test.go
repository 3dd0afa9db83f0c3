package kit

import (
	"math"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The decision is tested on figures written by hand, so that it is checked without a clock.
func TestDecide(t *testing.T) {
	spec := Budget{Operation: "Get", Expect: O1, MaxSlowdown: 10}
	sizes := []int{100, 1000, 10000, 100000}
	flat := []float64{20, 21, 22, 25}
	cases := []struct {
		name     string
		ns       []float64
		bytes    []float64
		passed   bool
		observed string
		reason   string
	}{
		{"same as the reference", flat, []float64{32, 32}, true, "O(1)", "grows like O(1) as expected"},
		{"a little slower", []float64{30, 32, 33, 38}, []float64{32, 32}, true, "O(1)", "as expected"},
		{"linear", []float64{200, 2000, 20000, 200000}, []float64{0, 0}, false, "O(n)", "grows like O(n), expected O(1)"},
		{"quadratic", []float64{100, 10000, 1000000, 100000000}, []float64{0, 0}, false, "O(n^2)", "grows like O(n^2)"},
		{"constant but slow", []float64{400, 420, 440, 500}, []float64{0, 0}, false, "O(1)", "slower than the reference"},
		// A scan half hidden by the reference's cache effects: within the margin, but too slow
		// and falling behind, so the growth is what is named, on every run.
		{"too slow and falling behind", []float64{250, 600, 1800, 5000}, []float64{0, 0}, false, "O(n)", "grows like O(n), expected O(1)"},
		{"a little slower, falling behind", []float64{20, 40, 60, 120}, []float64{0, 0}, true, "O(1)", "as expected"},
		{"copies what it holds", flat, []float64{800, 800000}, false, "slower than O(1)", "allocates 800000 bytes per call at size 100000"},
	}
	t.Run("linear operation allocating linearly", func(t *testing.T) {
		m := Measurement{Sizes: sizes, NsPerOp: flat, RefNsPerOp: flat, BytesPerOp: []float64{800, 800000}, RefBytesPerOp: []float64{32, 32}}
		decide(&m, Budget{Operation: "Run", Expect: ON, MaxSlowdown: 10})
		if !m.Passed {
			t.Errorf("an O(n) operation failed for allocating O(n): %s", m.Reason)
		}
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := Measurement{Sizes: sizes, NsPerOp: tc.ns, RefNsPerOp: flat, BytesPerOp: tc.bytes, RefBytesPerOp: []float64{32, 32}}
			decide(&m, spec)
			if m.Passed != tc.passed || m.Observed != tc.observed || !strings.Contains(m.Reason, tc.reason) {
				t.Errorf("decide = passed %v, observed %q, reason %q; want %v, %q, containing %q",
					m.Passed, m.Observed, m.Reason, tc.passed, tc.observed, tc.reason)
			}
		})
	}
}

// A solution a shade flatter or steeper than an O(log n) reference, within the margin, is
// named O(log n) whether it passes or is only too slow, never O(1) on some runs.
func TestClassAbove(t *testing.T) {
	for c, want := range map[Class]Class{O1: ON, OLogN: ON, ON: ON2, ONLogN: ON2, ON2: ON2} {
		if got := classAbove(c); got != want {
			t.Errorf("classAbove(%s) = %s, want %s", c.Name, got.Name, want.Name)
		}
	}
}

func TestDecideNamesTheExpectedClassWithinTheMargin(t *testing.T) {
	b := Budget{Operation: "Get", Expect: OLogN, MaxSlowdown: 10}
	sizes := []int{100, 1000, 10000}
	ref := []float64{100, 115, 130}
	for _, ns := range [][]float64{
		{100, 105, 110},    // flatter than the reference
		{100, 130, 170},    // steeper, within the margin
		{2000, 2100, 2200}, // flatter and too slow
	} {
		m := Measurement{Sizes: sizes, NsPerOp: ns, RefNsPerOp: ref}
		decide(&m, b)
		if m.Observed != "O(log n)" {
			t.Errorf("%v against %v: observed %q, want O(log n) (%s)", ns, ref, m.Observed, m.Reason)
		}
	}
}

func TestUnsure(t *testing.T) {
	b := Budget{Operation: "Get", Expect: O1, MaxSlowdown: 10}
	sizes := []int{100, 1000, 10000}
	ref := []float64{20, 20, 20}
	cases := []struct {
		name   string
		ns     []float64
		unsure bool
	}{
		{"as fast as the reference", []float64{20, 21, 22}, false},
		{"1.5x slower, flat", []float64{30, 31, 32}, false},
		{"plainly linear", []float64{20, 200, 2000}, false},
		{"growing by n^0.4", []float64{20, 50, 126}, true},
		{"growing by n^0.6", []float64{20, 80, 317}, true},
		{"growing by n^0.8", []float64{20, 126, 796}, false},
		{"7x slower", []float64{140, 140, 140}, true},
		{"15x slower", []float64{300, 300, 300}, true},
		{"50x slower", []float64{1000, 1000, 1000}, false},
	}
	for _, tc := range cases {
		m := Measurement{Sizes: sizes, NsPerOp: tc.ns, RefNsPerOp: ref}
		if got := unsure(m, b); got != tc.unsure {
			t.Errorf("%s: unsure = %v, want %v", tc.name, got, tc.unsure)
		}
	}
}

// The harness measures again, on figures written by hand (no clock): a solution whose first
// figures were spoilt near the line (6x at the largest size, as a stall of a busy machine
// might do) is measured again and passes; one whose growth really lies near the line is
// measured as often as allowed and fails; one plainly beyond it is decided at once.
func TestMeasureMore(t *testing.T) {
	b := Budget{Operation: "Sum", Expect: O1, MaxSlowdown: 10}
	sizes := []int{100, 1000, 10000}
	work := func(int) Workload { return Workload{Op: func(int) int { return 0 }} }
	spec := PerfSpec{Operation: "Sum", Sizes: sizes, Solution: work, Reference: work}
	// script gives the solution's cost per call at each call of the timer, in order; the
	// reference's is always 20 ns.
	script := func(ns ...float64) {
		calls := 0
		costPerCall = func(_, _ *tracked) (float64, float64) {
			x := ns[min(calls, len(ns)-1)]
			calls++
			return x, 20
		}
	}
	t.Cleanup(func() { costPerCall = timeOps })

	cases := []struct {
		name   string
		ns     []float64
		passed bool
		passes int
	}{
		{"spoilt first figures", []float64{20, 21, 120, 20, 21, 22}, true, 2},
		{"growth by n^0.52 every time", []float64{20, 60, 220, 20, 60, 220, 20, 60, 220}, false, maxPasses},
		{"growth by n^0.7", []float64{20, 100, 500}, false, 1},
		{"as fast as the reference", []float64{20, 20, 21}, true, 1},
	}
	for _, tc := range cases {
		script(tc.ns...)
		m := measure(&ledger{spec: spec}, b)
		if m.Passed != tc.passed || m.Passes != tc.passes {
			t.Errorf("%s: passed %v after %d passes, want %v after %d: %s", tc.name, m.Passed, m.Passes, tc.passed, tc.passes, m.Reason)
		}
	}
}

// Growth is judged over the steepest span of sizes at least decisiveSpan apart. The figures are
// those of a scan of the keys against a hash map and list, measured on a 2-core machine: the
// reference's random accesses wait on memory once it holds 100000 keys, a growth of x10 that
// hid most of the scan's over the whole range (an extra exponent of 0.52, a hair above the
// line), where over 100 to 10000 the scan is plain.
func TestSteepest(t *testing.T) {
	sizes := []int{100, 1000, 10000, 100000}
	cases := []struct {
		name    string
		sizes   []int
		ns, ref []float64
		lo, hi  int
		min     float64
		max     float64
	}{
		{"a scan against a reference that outgrows the caches", sizes,
			[]float64{36, 150, 1330, 13500}, []float64{20, 25, 27, 200}, 0, 2, 0.7, 0.75},
		{"as the reference, both outgrowing the caches", sizes,
			[]float64{30, 32, 36, 310}, []float64{20, 21, 22, 200}, 0, 2, 0, 0.1},
		{"growing steadily", sizes,
			[]float64{20, 200, 2000, 20000}, []float64{20, 20, 20, 20}, 0, 3, 1, 1},
		{"no two sizes decisiveSpan apart", []int{100, 1000},
			[]float64{20, 60}, []float64{20, 20}, 0, 1, 0.47, 0.48},
	}
	for _, tc := range cases {
		m := Measurement{Sizes: tc.sizes, NsPerOp: tc.ns, RefNsPerOp: tc.ref}
		lo, hi, extra := steepest(m)
		if lo != tc.lo || hi != tc.hi || extra < tc.min || extra > tc.max {
			t.Errorf("%s: steepest = sizes %d to %d, extra exponent %.3f; want %d to %d, within [%.2f, %.2f]",
				tc.name, tc.sizes[lo], tc.sizes[hi], extra, tc.sizes[tc.lo], tc.sizes[tc.hi], tc.min, tc.max)
		}
	}
	m := Measurement{Sizes: sizes, NsPerOp: cases[0].ns, RefNsPerOp: cases[0].ref}
	decide(&m, Budget{Operation: "Get", Expect: O1, MaxSlowdown: 10})
	if m.Passed || m.Observed != "O(n)" || !strings.Contains(m.Reason, "size x100 -> time x37 (reference x1.4)") {
		t.Errorf("the scan: passed %v, observed %q, reason %q; want O(n) over sizes 100 to 10000", m.Passed, m.Observed, m.Reason)
	}
}

// Timing again reuses the structures filled the first time, continues the calls where they
// left off and checks them all again: a correct solution with a Check passes however often it
// is timed, and each size is filled once.
func TestMeasureAgainOnTheSameStructures(t *testing.T) {
	b := Budget{Operation: "Put", Expect: O1, MaxSlowdown: 10}
	counter := func(n int) Workload {
		m := map[int]int{}
		return Workload{
			Fill:  func(i int) { m[i] = i },
			Op:    func(i int) int { m[n+i] = i; return len(m) },
			Check: func() int { return len(m) },
		}
	}
	var starts []int
	costPerCall = func(ts, tr *tracked) (float64, float64) {
		starts = append(starts, ts.next)
		runBatch(ts.workload(), ts.next, 50, 0)
		runBatch(tr.workload(), tr.next, 50, 0)
		// Growth by n^0.5 on every pass: unsure each time, so timed maxPasses times.
		return 20 * math.Sqrt(float64(ts.n)/100), 20
	}
	t.Cleanup(func() { costPerCall = timeOps })
	sizes := []int{100, 1000, 10000}
	built := 0
	solution := func(n int) Workload { built++; return counter(n) }
	l := &ledger{spec: PerfSpec{Operation: "Put", Sizes: sizes, Solution: solution, Reference: counter}}
	m := measure(l, b)
	if l.problem != "" {
		t.Fatalf("a correct solution timed again: %s", l.problem)
	}
	if m.Passes != maxPasses || len(starts) != maxPasses*len(sizes) {
		t.Fatalf("timed %d times in %d passes, want %d passes of %d sizes", len(starts), m.Passes, maxPasses, len(sizes))
	}
	if built != len(sizes) {
		t.Errorf("built %d solutions, want one per size", built)
	}
	// The second timing of the first size starts after the calls already made there: 50 timed,
	// 200 counting its allocations.
	if starts[len(sizes)] != 250 {
		t.Errorf("the second timing of size %d started at call %d, want 250", sizes[0], starts[len(sizes)])
	}
}

// Every call the harness times is made again on the reference and must return the same: a
// solution that does less while it is timed fails, whatever its speed.
func TestMeasureChecksWhatItTimes(t *testing.T) {
	b := Budget{Operation: "Get", Expect: O1, MaxSlowdown: 10}
	sizes := []int{10, 100, 1000}
	// A map from key to key, filled with the first n keys; Get of a key not there is -1.
	honest := func(n int) Workload {
		m := map[int]int{}
		return Workload{
			Fill: func(i int) { m[i] = i },
			Op: func(i int) int {
				if v, ok := m[i%(2*n)]; ok {
					return v
				}
				return -1
			},
		}
	}
	calls := 0
	cases := []struct {
		name     string
		solution func(n int) Workload
		problem  string
	}{
		{"the reference itself", honest, ""},
		{"wrong on every miss", func(n int) Workload {
			w := honest(n)
			op := w.Op
			w.Op = func(i int) int { return max(op(i), 0) }
			return w
		}, "returned 0 where the reference returns -1"},
		{"lazy once it has been called often", func(n int) Workload {
			w := honest(n)
			op := w.Op
			w.Op = func(i int) int {
				if calls++; calls > 5000 {
					return 0
				}
				return op(i)
			}
			return w
		}, "while it was timed"},
		{"puts nothing, as Check shows", func(n int) Workload {
			w := honest(n)
			w.Fill = func(int) {}
			w.Op = func(i int) int { return 0 }
			w.Check = func() int { return 0 }
			return w
		}, "left the structure in a wrong state while it was timed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ref := honest
			if tc.name == "puts nothing, as Check shows" {
				ref = func(n int) Workload {
					w := honest(n)
					m := map[int]bool{}
					w.Op = func(i int) int { m[i] = true; return 0 }
					w.Check = func() int { return len(m) }
					return w
				}
			}
			l := &ledger{spec: PerfSpec{Operation: "Get", Sizes: sizes, Solution: tc.solution, Reference: ref}}
			measure(l, b)
			if tc.problem == "" && l.problem != "" || !strings.Contains(l.problem, tc.problem) {
				t.Errorf("problem = %q, want one containing %q", l.problem, tc.problem)
			}
		})
	}
}

func TestReadBudgets(t *testing.T) {
	const budgets = `[
	{"operation": "Get", "expect": "O(1)", "max_slowdown": 10},
	{"operation": "Add(n nodes)", "expect": "O(n log n)", "max_slowdown": 12.5}
]`
	got, err := ReadBudgets(strings.NewReader(budgets))
	if err != nil {
		t.Fatal(err)
	}
	want := []Budget{{"Get", O1, 10}, {"Add(n nodes)", ONLogN, 12.5}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("ReadBudgets = %+v, want %+v", got, want)
	}
	for _, bad := range []struct{ json, err string }{
		{`[{"operation": "Get", "expect": "O(n!)", "max_slowdown": 10}]`, `budget 1 (Get): unknown complexity "O(n!)"`},
		{`[{"operation": "Get", "expect": "O(1)", "max_slowdown": 0.5}]`, "budget 1 (Get): max_slowdown must be at least 1"},
		{`[{"operation": "Get", "expect": "O(1)", "budget": 3}]`, `unknown field "budget"`},
		{`[{"operation": "Get"}]`, "budget 1: operation, expect and max_slowdown are all required"},
		{`{"operation": "Get"}`, "cannot unmarshal object"},
	} {
		if _, err := ReadBudgets(strings.NewReader(bad.json)); err == nil || !strings.Contains(err.Error(), bad.err) {
			t.Errorf("ReadBudgets(%s) = %v, want an error containing %q", bad.json, err, bad.err)
		}
	}
}

// A solution whose fill is slow, but within the allowance the reference's own slow fill gives
// it, is stopped by the harness's deadline: without the deadline it would be filled to the end
// and pass, its calls being as fast as the reference's.
func TestMeasureStopsAtItsDeadline(t *testing.T) {
	b := Budget{Operation: "Put", Expect: O1, MaxSlowdown: 10}
	filling := func(perFill time.Duration) func(int) Workload {
		return func(int) Workload {
			return Workload{Fill: func(int) { time.Sleep(perFill) }, Op: func(i int) int { return i }}
		}
	}
	// The reference's fill allows 100 times its own time, far more than the solution takes.
	ref, slow := filling(50*time.Microsecond), filling(time.Millisecond)
	measureDeadline = time.Now().Add(150 * time.Millisecond)
	t.Cleanup(func() { measureDeadline = time.Time{} })
	m := measure(&ledger{spec: PerfSpec{Operation: "Put", Sizes: []int{100, 1000}, Solution: slow, Reference: ref}}, b)
	if m.Passed || !strings.Contains(m.Reason, "Put is too slow") {
		t.Errorf("passed = %v, reason %q; want a failure, the fill having been stopped at the deadline", m.Passed, m.Reason)
	}

	// With the deadline already past, nothing more is measured.
	measureDeadline = time.Now().Add(-time.Second)
	fast := filling(0)
	m = measure(&ledger{spec: PerfSpec{Operation: "Put", Sizes: []int{100, 1000}, Solution: fast, Reference: fast}}, b)
	if m.Passed || !strings.Contains(m.Reason, "used up the time the performance suite allows") {
		t.Errorf("deadline past: passed = %v, reason %q; want a failure that says the suite's time was used up", m.Passed, m.Reason)
	}
}

func TestHeapInUse(t *testing.T) {
	before := HeapInUse()
	kept := make([]byte, 8<<20)
	for i := range kept {
		kept[i] = byte(i)
	}
	held := HeapInUse()
	runtime.KeepAlive(kept)
	// Other objects of the test process may be freed meanwhile: a MiB of slack each way.
	if grew := held - before; grew < 7<<20 {
		t.Errorf("HeapInUse grew by %d bytes while 8 MiB were kept, want about 8 MiB", grew)
	}
	kept = nil
	if after := HeapInUse(); after > held-(8<<20)+(1<<20) {
		t.Errorf("HeapInUse still %d bytes after the 8 MiB were let go (%d while kept): garbage not collected first", after, held)
	}
}
