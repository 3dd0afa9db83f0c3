package kit

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"
	"time"
)

// Class is a complexity class, such as O(1) or O(n log n), with the exponent of n that
// approximates it over the sizes the harness measures.
type Class struct {
	Name     string
	Exponent float64
}

// The classes the harness can name.
var (
	O1     = Class{"O(1)", 0}
	OLogN  = Class{"O(log n)", 0.15}
	ON     = Class{"O(n)", 1}
	ONLogN = Class{"O(n log n)", 1.15}
	ON2    = Class{"O(n^2)", 2}
)

// nearestClass names the class whose exponent is closest to e. Only classes far apart are
// candidates, besides the expected one: telling O(n) from O(n log n) by timing alone would
// flip with noise, and a scorecard that names a different class each run teaches nothing.
func nearestClass(e float64, expect Class) Class {
	candidates := []Class{O1, ON, ON2}
	if !slices.Contains(candidates, expect) {
		candidates = append(candidates, expect)
	}
	best := candidates[0]
	for _, c := range candidates[1:] {
		if math.Abs(c.Exponent-e) < math.Abs(best.Exponent-e) {
			best = c
		}
	}
	return best
}

// classAbove is the class nearestClass names next above c.
func classAbove(c Class) Class {
	for _, above := range []Class{ON, ON2} {
		if above.Exponent > c.Exponent {
			return above
		}
	}
	return ON2
}

// Workload is one implementation brought to one size.
type Workload struct {
	// Fill is called with i = 0, 1, ... n-1 to bring the structure to size n before measuring.
	// It may be nil when the constructor already did.
	Fill func(i int)
	// Op makes one call of the measured operation; i counts the calls from 0. Its result must
	// be the same for every correct solution given the same calls, since every result of a
	// timed call is checked against the reference's (see Measure); it also keeps the compiler
	// from dropping the call.
	Op func(i int) int
	// Check, when set, is called once the timed calls on a workload are over, and its result
	// checked like theirs: for an operation that returns nothing, a summary of the state the
	// calls left, such as a few lookups of keys the last calls put.
	Check func() int
}

// PerfSpec describes one operation to measure. What it must achieve, the complexity and how
// many times the reference's cost per call it may take, is the challenge's metadata: a
// [[performance]] table in challenge.toml whose operation is the spec's (the kit reads it
// from BudgetsFile).
type PerfSpec struct {
	Operation string // what the scorecard calls it, such as "Get"
	Sizes     []int  // ascending, geometrically spaced, spanning at least two orders of magnitude
	Solution  func(n int) Workload
	Reference func(n int) Workload
}

// Measurement is the harness's finding for one operation.
type Measurement struct {
	Operation  string    `json:"operation"`
	Expected   string    `json:"expected"`
	Observed   string    `json:"observed"`
	Sizes      []int     `json:"sizes"`
	NsPerOp    []float64 `json:"ns_per_op"`
	RefNsPerOp []float64 `json:"ref_ns_per_op"`
	// Growth and RefGrowth are the costs' ratios over the span of sizes judged (see steepest).
	Growth         float64 `json:"growth"`
	RefGrowth      float64 `json:"ref_growth"`
	Slowdown       float64 `json:"slowdown"`
	AllocsPerOp    float64 `json:"allocs_per_op"`
	RefAllocsPerOp float64 `json:"ref_allocs_per_op"`
	// BytesPerOp and RefBytesPerOp are the bytes allocated per call at the smallest and the
	// largest size measured: a count that does not depend on the machine's speed.
	BytesPerOp    []float64 `json:"bytes_per_op,omitempty"`
	RefBytesPerOp []float64 `json:"ref_bytes_per_op,omitempty"`
	// Passes is how many times the sizes were measured: more than once when the first figures
	// lay too near a line to decide on.
	Passes int    `json:"passes,omitempty"`
	Passed bool   `json:"passed"`
	Reason string `json:"reason"`
}

// The harness's method, in numbers. The solution and the reference are measured in the same
// process, in alternating batches, so that drift of the machine (another process, frequency
// scaling) hits both alike; each figure is the fastest of several rounds, since noise only ever
// adds time. Growth is judged relative to the reference's own growth, which cancels the cache
// effects every implementation sees as the structure outgrows the caches. Decisions need a
// margin of several times: an extra factor of n^0.5 over a span of sizes, while a solution of
// the right class stays within a small constant of the reference. The span judged is the
// steepest of those at least decisiveSpan wide: once the reference's structure outgrows the
// caches, its calls wait on memory while a scan streams through its slice with the
// prefetcher's help, so the reference's growth at the largest sizes can hide most of a scan's;
// over the sizes where both fit, the scan shows plainly. Figures near a line (an extra exponent
// between unsureLow and earlyExponent, beyond which a failure is sure, or a slowdown within a
// factor of unsureFactor of the budget) are not decided on at once: every size is timed again,
// on the structures already filled, keeping the fastest figure of each, so that noise which
// made a good solution look slow (or the reference, and so a slow one look good) is measured
// away while a slow one stays slow. That happens up to maxPasses times in all, and only while
// the timing of all passes, each taking as long as the first (fills are not repeated), stays
// within passTimeBudget.
const (
	rounds         = 7
	minBatch       = 200 * time.Microsecond // a reference batch lasts at least this long
	failExponent   = 0.5                    // extra growth exponent that fails
	earlyExponent  = 0.65                   // extra growth exponent that surely fails, at any sizes
	fillFloor      = 250 * time.Millisecond // fills may always take this long
	fillFactor     = 100                    // and this many times the reference's fill
	batchFactor    = 50                     // a solution's batch is cut at this many times the reference's
	specTimeBudget = 1500 * time.Millisecond
	unsureLow      = 0.3 // extra growth exponent from which a pass is not yet sure
	unsureFactor   = 2   // a slowdown within this factor of the budget, either way, is not yet sure
	maxPasses      = 3
	passTimeBudget = 2 * specTimeBudget
	decisiveSpan   = 100 // the sizes' ratio over which growth is judged, when measured
)

var sink int

// Spread maps call i to a position in [0, n) that looks random and is the same on every run,
// so that a workload's calls land all over a structure rather than at one end of it (where a
// scan from that end would look cheap).
func Spread(i, n int) int {
	x := uint64(i)*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
	x ^= x >> 31
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 29
	return int(x % uint64(n))
}

// measureShare is the part of the suite's time limit the harness may spend measuring. A
// solution slow enough to use it up is stopped and reported as too slow, with what was
// measured, rather than running into the limit, which would read as a hang; the rest is left
// to the suite's other tests. The slowest correct solutions measured take under a third of it
// on a machine with one core busy.
const measureShare = 0.75

// measureDeadline is when the harness stops measuring (see measureShare): the zero time, for
// no deadline, outside the grader.
var measureDeadline time.Time

// outOfTime reports whether the harness has used up its share of the suite's time.
func outOfTime() bool {
	return !measureDeadline.IsZero() && time.Now().After(measureDeadline)
}

// withinDeadline shortens limit, a solution's allowance for a fill or a batch (zero for
// none), so that it ends by measureDeadline.
func withinDeadline(limit time.Duration) time.Duration {
	if measureDeadline.IsZero() {
		return limit
	}
	left := max(time.Until(measureDeadline), time.Millisecond)
	if limit == 0 || left < limit {
		return left
	}
	return limit
}

// outOfTimeReason says that measuring op at size n used up the suite's time.
func outOfTimeReason(m *Measurement, op string, n int, expect string) {
	m.Observed = "slower than " + expect
	m.Reason = fmt.Sprintf("%s is too slow: measuring it at size %d used up the time the performance suite allows, where the reference takes a fraction of it; %s per call is expected",
		op, n, expect)
}

// Measure runs each spec, records the measurements for the scorecard, and fails the test if
// an operation grows faster than expected or is too slow against the reference. It is never
// run under the race detector, whose overhead would swamp the figures.
//
// Every call it times is also checked: the same calls are made again on a new reference of the
// same size, and their results must be the same. A solution cannot be fast by doing less when
// it is timed than when it is tested.
func Measure(t *testing.T, specs ...PerfSpec) {
	t.Helper()
	if RaceEnabled {
		t.Skip("performance is not measured under the race detector")
	}
	budgets := make([]Budget, len(specs))
	for i, s := range specs {
		b, err := budgetFor(s.Operation)
		if err != nil {
			t.Fatal(err)
		}
		budgets[i] = b
	}
	var ms []Measurement
	failed := false
	var reasons []string
	for i, s := range specs {
		l := &ledger{spec: s}
		m := measure(l, budgets[i])
		if l.problem != "" {
			// The operation's figures were not finished: only the problem is reported for it.
			Fail(t, Record{Kind: WrongAnswer, Summary: l.problem, Perf: ms})
			return
		}
		ms = append(ms, m)
		if !m.Passed {
			failed = true
			reasons = append(reasons, m.Reason)
		}
		if m.Passed {
			t.Log(m.Reason)
		}
	}
	r := Record{Perf: ms, Kind: TooSlow}
	if failed {
		r.Summary = reasons[0]
		r.Failed = true
		Emit(t, r)
		for _, reason := range reasons {
			t.Error(reason)
		}
		return
	}
	r.Kind = ""
	r.Summary = "every operation grows as expected"
	Emit(t, r)
}

func measure(l *ledger, b Budget) Measurement {
	s := l.spec
	m := Measurement{Operation: s.Operation, Expected: b.Expect.Name, Passes: 1}
	started := now()
	var costS, costR []float64
	var filled []sample      // each size timed, its workloads kept to be timed again
	var timing time.Duration // spent timing calls, which another pass spends again
	for _, n := range s.Sizes {
		if outOfTime() {
			if len(costS) >= 2 {
				break // decide on the sizes measured
			}
			outOfTimeReason(&m, s.Operation, n, b.Expect.Name)
			return m
		}
		sol, ref := l.pair(n)
		refFill := timeFill(ref.workload(), n, 0)
		fillStarted := now()
		solFill := timeFill(sol.workload(), n, withinDeadline(fillLimit(refFill)))
		if solFill < 0 && !outOfTime() && !(len(costS) >= 2 && extraExponent(m) >= failExponent) {
			// A stall of the machine can stop a correct fill: before calling it slow, fill
			// both again from scratch, with twice the room (unless the sizes measured already
			// show the growth, which is then reported below).
			sol, ref = l.pair(n)
			refFill = timeFill(ref.workload(), n, 0)
			fillStarted = now()
			solFill = timeFill(sol.workload(), n, withinDeadline(2*fillLimit(refFill)))
		}
		if solFill < 0 {
			// When the sizes already measured show the growth, report that instead: it is
			// about the operation measured, where the fill may be another operation's cost
			// (Puts, filling the cache whose Get is measured).
			if len(costS) >= 2 && extraExponent(m) >= failExponent {
				break
			}
			// The fill was stopped, by its allowance or by the harness's deadline, whichever
			// came first (which one depends on the machine, so the message is the same): its
			// cost per call is at least the time it ran spread over the calls, a lower bound
			// that already shows the solution falling behind.
			limit := since(fillStarted)
			m.Sizes = append(m.Sizes, n)
			m.NsPerOp = append(m.NsPerOp, float64(limit.Nanoseconds())/float64(n))
			m.RefNsPerOp = append(m.RefNsPerOp, float64(refFill.Nanoseconds())/float64(n))
			m.Slowdown = m.NsPerOp[len(m.NsPerOp)-1] / m.RefNsPerOp[len(m.RefNsPerOp)-1]
			m.Reason = fmt.Sprintf("%s is too slow: bringing the structure to size %d took over %s, where the reference took %s; %s per call is expected",
				s.Operation, n, limit.Round(time.Millisecond), refFill.Round(time.Microsecond), b.Expect.Name)
			m.Observed = "slower than " + b.Expect.Name
			return m
		}
		timingStarted := now()
		cs, cr := costPerCall(sol, ref)
		timing += since(timingStarted)
		if len(costS) == 0 {
			m.BytesPerOp = []float64{bytesPerOp(sol)}
			m.RefBytesPerOp = []float64{bytesPerOp(ref)}
		}
		if l.verify(); l.problem != "" {
			return m
		}
		filled = append(filled, sample{sol, ref})
		m.Sizes = append(m.Sizes, n)
		costS, costR = append(costS, cs), append(costR, cr)
		m.NsPerOp, m.RefNsPerOp = costS, costR
		// Stop early once the growth is plain: over two orders of magnitude, or far beyond the
		// margin over one, so that a slow solution is not run at sizes where it takes minutes.
		extra := extraExponent(m)
		switch {
		case len(costS) >= 3 && s.Sizes[0]*100 <= n && (extra > earlyExponent || since(started) > specTimeBudget):
		case len(costS) >= 2 && s.Sizes[0]*10 <= n && extra > 2*earlyExponent:
		default:
			continue
		}
		break
	}
	// Not sure yet: time again, on the structures filled.
	for ; m.Passes < maxPasses && unsure(m, b) && time.Duration(m.Passes+1)*timing < passTimeBudget && !outOfTime(); m.Passes++ {
		if remeasure(&m, l, filled); l.problem != "" {
			return m
		}
	}
	if k := len(filled); k > 0 {
		// Allocations are counted at the largest size timed, on the structures timed there.
		last := filled[k-1]
		m.AllocsPerOp = allocs(last.sol)
		m.RefAllocsPerOp = allocs(last.ref)
		if len(m.BytesPerOp) == 1 && k > 1 {
			m.BytesPerOp = append(m.BytesPerOp, bytesPerOp(last.sol))
			m.RefBytesPerOp = append(m.RefBytesPerOp, bytesPerOp(last.ref))
		}
		l.open = append(l.open, last.sol)
		if l.verify(); l.problem != "" {
			return m
		}
	}
	decide(&m, b)
	return m
}

// sample is one size's workloads, the solution's and the reference's, filled and timed.
type sample struct{ sol, ref *tracked }

// fillLimit is how long a solution's fill may take, given the reference's.
func fillLimit(refFill time.Duration) time.Duration {
	return max(fillFloor, fillFactor*refFill)
}

// unsure reports whether the figures so far lie too near a line to decide on: the growth
// beyond the reference's near the exponent that fails, or the slowdown near the budget.
func unsure(m Measurement, b Budget) bool {
	if len(m.NsPerOp) == 0 {
		return false
	}
	extra := extraExponent(m)
	if extra >= unsureLow && extra < earlyExponent {
		return true
	}
	slowdown := worstSlowdown(m)
	return slowdown > b.MaxSlowdown/unsureFactor && slowdown < b.MaxSlowdown*unsureFactor
}

// worstSlowdown is the solution's cost over the reference's at the size where it is largest.
func worstSlowdown(m Measurement) float64 {
	slowdown := 0.0
	for i := range m.NsPerOp {
		slowdown = max(slowdown, m.NsPerOp[i]/m.RefNsPerOp[i])
	}
	return slowdown
}

// remeasure times every size in m again, on the workloads filled for it (filling is often most
// of a slow solution's cost, and timing again is what removes the noise), and keeps the fastest
// figure of each, the solution's and the reference's alike. The calls continue where the last
// timing left off, and are checked like the first.
func remeasure(m *Measurement, l *ledger, filled []sample) {
	for i, f := range filled {
		cs, cr := costPerCall(f.sol, f.ref)
		m.NsPerOp[i] = min(m.NsPerOp[i], cs)
		m.RefNsPerOp[i] = min(m.RefNsPerOp[i], cr)
		l.open = append(l.open, f.sol)
		if l.verify(); l.problem != "" {
			return
		}
	}
}

// ledger hands out a spec's workloads and keeps account of the calls made of the solution's,
// so that every one can be made again on the reference and the results compared.
type ledger struct {
	spec    PerfSpec
	open    []*tracked // the solution's workloads not yet verified
	problem string     // the first difference found, as a sentence
}

// tracked is a workload whose calls are kept account of: which indices were called, in order,
// and a hash of what each returned.
type tracked struct {
	w     Workload
	n     int
	runs  [][2]int // the indices called, as runs from [0] up to, not including, [1]; {-1, 0} for a Check
	calls int
	next  int // the first index never called
	hash  uint64
}

// pair returns a new workload of the solution and of the reference, both of size n. Both are
// kept account of alike, so that the bookkeeping costs both the same few nanoseconds a call.
func (l *ledger) pair(n int) (sol, ref *tracked) {
	sol = &tracked{w: l.spec.Solution(n), n: n}
	l.open = append(l.open, sol)
	return sol, &tracked{w: l.spec.Reference(n), n: n}
}

// workload is t's workload, its calls kept account of.
func (t *tracked) workload() Workload {
	op := t.w.Op
	return Workload{Fill: t.w.Fill, Op: func(i int) int {
		r := op(i)
		t.note(i, r)
		return r
	}}
}

// note adds a call of index i that returned r.
func (t *tracked) note(i, r int) {
	if k := len(t.runs); k > 0 && t.runs[k-1][1] == i {
		t.runs[k-1][1]++
	} else {
		t.runs = append(t.runs, [2]int{i, i + 1})
	}
	t.calls++
	t.next = max(t.next, i+1)
	t.hash = (t.hash ^ uint64(i)) * 0x100000001b3
	t.hash = (t.hash ^ uint64(r)) * 0x100000001b3
}

// verify makes the calls of every open workload of the solution again, on a new reference of
// the same size, and records the first difference in l.problem. A workload that was never
// called (its fill was stopped) has nothing to verify. A workload is verified again, from its
// first call, each time it is timed again.
func (l *ledger) verify() {
	open := l.open
	l.open = nil
	for _, ts := range open {
		if ts.calls == 0 || l.problem != "" {
			continue
		}
		if ts.w.Check != nil {
			ts.note(-1, ts.w.Check())
		}
		tr := &tracked{w: l.spec.Reference(ts.n), n: ts.n}
		tr.replay(ts.runs)
		if tr.hash != ts.hash {
			l.problem = l.explain(ts)
		}
	}
}

// replay fills t's workload and makes the calls runs name, its Check among them (verify notes
// each Check it makes in the solution's runs).
func (t *tracked) replay(runs [][2]int) {
	timeFill(t.w, t.n, 0)
	for _, r := range runs {
		if r[0] < 0 {
			t.note(-1, t.w.Check())
			continue
		}
		for i := r[0]; i < r[1]; i++ {
			t.note(i, t.w.Op(i))
		}
	}
}

// explain finds a call that returns something other than the reference does, by making calls
// on a new solution and a new reference side by side, and says so. It tries the calls in
// order from the first, so that the same solution is always explained the same way, then
// the very calls that were timed.
func (l *ledger) explain(ts *tracked) string {
	canonical := [][2]int{{0, ts.calls}}
	for _, runs := range [][][2]int{canonical, ts.runs} {
		sol, ref := l.spec.Solution(ts.n), l.spec.Reference(ts.n)
		timeFill(sol, ts.n, 0)
		timeFill(ref, ts.n, 0)
		for _, r := range runs {
			for i := max(r[0], 0); i < r[1]; i++ {
				if a, b := sol.Op(i), ref.Op(i); a != b {
					return fmt.Sprintf("%s gave a wrong result while it was timed: at size %d, a call returned %s; the performance suite checks every result it times",
						l.spec.Operation, ts.n, differ(a, b))
				}
			}
		}
		if sol.Check != nil {
			if a, b := sol.Check(), ref.Check(); a != b {
				return fmt.Sprintf("%s left the structure in a wrong state while it was timed: at size %d, a check of what the calls did gave %s",
					l.spec.Operation, ts.n, differ(a, b))
			}
		}
	}
	return fmt.Sprintf("%s returned other results while it was timed than when the same %d calls were made again at size %d: a solution must do the same work whoever calls it and however often; every result the performance suite times is checked against the reference's",
		l.spec.Operation, ts.calls, ts.n)
}

// timeFill fills w to size n and returns how long it took, or -1 when it exceeded limit
// (a zero limit means none).
func timeFill(w Workload, n int, limit time.Duration) time.Duration {
	if w.Fill == nil {
		return 0
	}
	start := now()
	for i := 0; i < n; i++ {
		w.Fill(i)
		if limit > 0 && i%64 == 63 && since(start) > limit {
			return -1
		}
	}
	return since(start)
}

// costPerCall times a solution's and the reference's calls: timeOps, except in the kit's own
// tests, which give figures written by hand to check what the harness decides on them.
var costPerCall = timeOps

// timeOps returns the cost per call, in nanoseconds, of the solution and the reference: the
// fastest of several alternating rounds of batches. The calls continue from the first index
// each workload has not had.
func timeOps(ts, tr *tracked) (solNs, refNs float64) {
	sol, ref := ts.workload(), tr.workload()
	batch := 16
	for {
		if d, _ := runBatch(ref, tr.next, batch, 0); d >= minBatch || batch >= 1<<24 {
			break
		}
		batch *= 2
	}
	solNs, refNs = math.Inf(1), math.Inf(1)
	// The calls each workload has had so far, so that each round works on fresh keys. The
	// solution's start where they left off, whatever the reference's calibration took: the
	// calls a solution is first given, and so where one that crashes or goes wrong does so, do
	// not depend on the machine's speed.
	refNext, solNext := tr.next, ts.next
	for r := 0; r < rounds; r++ {
		measureRef := func() {
			d, done := runBatch(ref, refNext, batch, 0)
			refNs = min(refNs, float64(d.Nanoseconds())/float64(done))
			refNext += batch
		}
		measureSol := func() {
			limit := time.Duration(batchFactor) * max(minBatch, time.Duration(refNs*float64(batch)))
			d, done := runBatch(sol, solNext, batch, withinDeadline(limit))
			solNs = min(solNs, float64(d.Nanoseconds())/float64(done))
			solNext += done
		}
		if r%2 == 0 {
			measureRef()
			measureSol()
		} else {
			measureSol()
			measureRef()
		}
	}
	return solNs, refNs
}

// runBatch makes up to count calls starting at call number from, stopping early once limit
// has passed (a zero limit means none). It returns the time taken and the calls made. The
// clock is read every 16 calls, for the solution and the reference alike.
func runBatch(w Workload, from, count int, limit time.Duration) (time.Duration, int) {
	start := now()
	s := 0
	done := 0
	// Chunks of 1, 2, 4, 8 and then 16 calls between readings of the clock: a few extra
	// readings in a batch of thousands of fast calls, but a slow solution is stopped after
	// its first calls rather than sixteen.
	for chunk := 1; done < count; chunk = min(2*chunk, 16) {
		for j := 0; j < chunk && done < count; j++ {
			s += w.Op(from + done)
			done++
		}
		if limit > 0 && since(start) > limit {
			break
		}
	}
	d := since(start)
	sink += s
	return d, done
}

// bytesPerOp is the bytes allocated per call, over a run of calls: deterministic for a given
// solution and size, whatever else the machine is doing.
func bytesPerOp(t *tracked) float64 {
	b, _ := memPerOp(t.workload(), t.next)
	return b
}

// HeapInUse collects garbage, then returns the bytes that live objects hold on the heap
// (runtime.MemStats.HeapAlloc): for a test of the memory a structure keeps, read before and
// after the structure is made and used.
func HeapInUse() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// countBudget bounds the time spent counting allocations of one workload: a slow solution
// is counted over fewer calls.
const countBudget = 100 * time.Millisecond

// memPerOp returns the bytes and the allocations per call over up to 200 calls, fewer when
// the calls are slow.
func memPerOp(w Workload, from int) (bytes, mallocs float64) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := now()
	s, calls := 0, 0
	for calls < 200 && (calls < 1 || since(start) < countBudget) {
		s += w.Op(from + calls)
		calls++
	}
	runtime.ReadMemStats(&after)
	sink += s
	return float64(after.TotalAlloc-before.TotalAlloc) / float64(calls), float64(after.Mallocs-before.Mallocs) / float64(calls)
}

// bytesGrow reports whether the solution's allocation per call grows with the size, well
// beyond any allocator noise and beyond what the reference allocates: the work per call then
// grows too, shown by a count rather than a clock.
func bytesGrow(m Measurement, expect Class) bool {
	if len(m.BytesPerOp) != 2 {
		return false
	}
	small, large, ref := m.BytesPerOp[0], m.BytesPerOp[1], m.RefBytesPerOp[1]
	sizeRatio := float64(m.Sizes[len(m.Sizes)-1]) / float64(m.Sizes[0])
	// An operation expected to cost O(n) may allocate O(n) too: only growth beyond the
	// expected class counts.
	allowed := math.Pow(sizeRatio, expect.Exponent)
	return large > 8*allowed*small+256 && large > 8*ref+256 && sizeRatio >= 10
}

func allocs(t *tracked) float64 {
	_, m := memPerOp(t.workload(), t.next)
	return math.Round(m)
}

// extraExponent is how much faster than the reference the solution grows, as an exponent of
// n over the span of sizes judged (see steepest): 0 when both grow alike, 1 when the solution
// gains a factor of n.
func extraExponent(m Measurement) float64 {
	_, _, extra := steepest(m)
	return extra
}

// steepest picks the span of the sizes measured so far over which growth is judged: of the
// pairs of sizes at least decisiveSpan apart, the one over which the solution grows most beyond
// the reference, or the smallest and the largest size when no pair is that far apart. It
// returns their indices and the extra exponent over them.
func steepest(m Measurement) (lo, hi int, extra float64) {
	last := len(m.NsPerOp) - 1
	if last < 1 {
		return 0, max(last, 0), 0
	}
	lo, hi, extra = 0, last, exponentOver(m, 0, last)
	wide := false // whether a pair decisiveSpan apart was found
	for i := 0; i < last; i++ {
		for j := i + 1; j <= last; j++ {
			if m.Sizes[j] < decisiveSpan*m.Sizes[i] {
				continue
			}
			// Of spans that judge alike, the wider, whose figures say more.
			if e := exponentOver(m, i, j); !wide || e > extra+1e-9 || e > extra-1e-9 && m.Sizes[j]/m.Sizes[i] > m.Sizes[hi]/m.Sizes[lo] {
				lo, hi, extra, wide = i, j, e, true
			}
		}
	}
	return lo, hi, extra
}

// exponentOver is the solution's growth beyond the reference's from size i to size j, as an
// exponent of the sizes' ratio.
func exponentOver(m Measurement, i, j int) float64 {
	g := (m.NsPerOp[j] / m.NsPerOp[i]) / (m.RefNsPerOp[j] / m.RefNsPerOp[i])
	span := float64(m.Sizes[j]) / float64(m.Sizes[i])
	return math.Log(max(g, 1e-9)) / math.Log(span)
}

// decide fills in m's verdict, the class it names and the sentence that says why, from its
// figures and the operation's budget.
func decide(m *Measurement, b Budget) {
	lo, hi, extra := steepest(*m)
	m.Growth = m.NsPerOp[hi] / m.NsPerOp[lo]
	m.RefGrowth = m.RefNsPerOp[hi] / m.RefNsPerOp[lo]
	m.Slowdown = worstSlowdown(*m)
	// The growth is named as the cause when it is beyond the margin, and also when the solution
	// is too slow anyway and falls behind the reference as the size grows: a scan whose growth
	// the reference's cache effects half hide (see steepest) lies on both sides of the margin
	// from run to run, and "as expected, but 70x slower" would send its author after a constant
	// factor when the cost is the scan.
	grows := extra >= failExponent || extra >= unsureLow && m.Slowdown > b.MaxSlowdown
	observed := b.Expect
	if grows {
		observed = nearestClass(b.Expect.Exponent+extra, b.Expect)
		if observed.Exponent <= b.Expect.Exponent {
			observed = classAbove(b.Expect)
		}
	}
	// Otherwise the growth is the reference's, which has the expected class by definition:
	// naming a neighbouring class that noise suggested (O(1) for an O(log n) solution a shade
	// flatter than the reference) would make the same solution read differently from run to
	// run.
	m.Observed = observed.Name
	last := len(m.NsPerOp) - 1
	sizeRatio := float64(m.Sizes[hi]) / float64(m.Sizes[lo])
	growth := fmt.Sprintf("size x%s -> time x%s (reference x%s)", num(sizeRatio), num(m.Growth), num(m.RefGrowth))
	switch {
	case grows:
		m.Reason = fmt.Sprintf("%s grows like %s, expected %s: %s", b.Operation, observed.Name, b.Expect.Name, growth)
	case bytesGrow(*m, b.Expect):
		m.Observed = "slower than " + b.Expect.Name
		m.Reason = fmt.Sprintf("%s allocates %s bytes per call at size %d against %s at size %d (the reference: %s): the work per call grows with the size, %s is expected",
			b.Operation, num(m.BytesPerOp[1]), m.Sizes[last], num(m.BytesPerOp[0]), m.Sizes[0], num(m.RefBytesPerOp[1]), b.Expect.Name)
	case m.Slowdown > b.MaxSlowdown:
		m.Reason = fmt.Sprintf("%s grows like %s as expected, but is %sx slower than the reference (at most %sx allowed)",
			b.Operation, b.Expect.Name, num(m.Slowdown), num(b.MaxSlowdown))
	default:
		m.Passed = true
		m.Reason = fmt.Sprintf("%s grows like %s as expected: %s; at most %sx the reference's time", b.Operation, b.Expect.Name, growth, num(m.Slowdown))
	}
}

// num formats a ratio with two significant digits, as a person would say it.
func num(x float64) string {
	switch {
	case math.IsInf(x, 0) || math.IsNaN(x):
		return "?"
	case x >= 100:
		return fmt.Sprintf("%.0f", x)
	case x >= 10:
		return fmt.Sprintf("%.0f", x)
	default:
		return trimZeros(fmt.Sprintf("%.1f", x))
	}
}

func trimZeros(s string) string {
	if i := slices.Index([]byte(s), '.'); i >= 0 {
		for len(s) > i && (s[len(s)-1] == '0' || s[len(s)-1] == '.') {
			s = s[:len(s)-1]
		}
	}
	return s
}

// differ says how a result differs from the reference's: with both values when they read as
// values, not when they are digests (see Digest), whose figures mean nothing to a reader.
func differ(got, want int) string {
	const plain = 1 << 31
	if got > -plain && got < plain && want > -plain && want < plain {
		return fmt.Sprintf("%d where the reference returns %d", got, want)
	}
	return "something other than the reference returns"
}

// Digest turns a string into an int for a Workload's Op to return, so that the result checked
// is the whole string rather than, say, its length: an FNV-1a hash, a few nanoseconds for the
// short strings operations return.
func Digest(s string) int {
	h := uint64(0xcbf29ce484222325)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 0x100000001b3
	}
	return int(h >> 1)
}
