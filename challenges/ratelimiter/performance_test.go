package ratelimiter

import (
	"fmt"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
	reference "github.com/prep-judge/prep/challenges/ratelimiter/reference"
)

// judgeAllower is what the performance workloads call: the solution's limiter or the
// reference's.
type judgeAllower interface{ Allow(userID string) bool }

func judgeBool(b bool) int {
	if b {
		return 1
	}
	return 0
}

// judgeIDs returns n distinct user IDs, "user-0" on, made once per size so that making them is
// not timed, nor done in the race suite's loops, whose calls take these IDs. It is called only
// from a test's own goroutine, before the calls.
var judgeIDCache = map[int][]string{}

func judgeIDs(n int) []string {
	if ids, ok := judgeIDCache[n]; ok {
		return ids
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = "user-" + strconv.Itoa(i)
	}
	judgeIDCache[n] = ids
	return ids
}

// TestGrowth measures Allow against the reference as the number of users grows: a limiter that
// finds a user in a map stays O(1); one that keeps its users, or every request, in a list it looks
// through falls behind by the number of users. The slowdown allowed in challenge.toml is generous:
// a solution that copies a user's few timestamps on every call, or allocates a list element for
// each request, must still pass easily.
//
// How Allow copes with one user's long history is TestHistory's part, not a kit.Measure spec's:
// measuring calls on one user adds to the very history being measured, so the smallest sizes
// would be measured at a history several times their size, and a solution that looks through
// all its history would read as anything from O(1) to O(n^2) from one run to the next. A
// solution whose calls slow down with the history must keep that history, and TestHistory finds
// that at once, with the same words every time.
func TestGrowth(t *testing.T) {
	judgeGate.Performance(t)
	// spec times Allow on n users, each asked for once to fill the limiter, on limiters of the
	// given limit and window: the solution's, and the reference's to compare.
	spec := func(op string, limit int, window time.Duration) kit.PerfSpec {
		workload := func(rl judgeAllower, n int) kit.Workload {
			ids := judgeIDs(n)
			return kit.Workload{
				Fill: func(i int) { rl.Allow(ids[i]) },
				Op:   func(i int) int { return judgeBool(rl.Allow(ids[i%n])) },
			}
		}
		return kit.PerfSpec{
			Operation: op, Sizes: []int{100, 1000, 10000},
			Solution:  func(n int) kit.Workload { return workload(NewRateLimiter(limit, window), n) },
			Reference: func(n int) kit.Workload { return workload(reference.NewRateLimiter(limit, window), n) },
		}
	}
	// A limit of one in an hour: every user has used up its limit, so every call is denied and
	// nothing grows.
	specs := []kit.PerfSpec{spec("Allow, n users", 1, time.Hour)}
	// The same users, with a window of a microsecond: a user's previous request was n calls
	// ago, far more than a microsecond, so it has left the window and every call is allowed.
	// Each call then forgets an old request and records a new one, the path the calls above
	// never take, and a limiter that does work for every user when requests expire (a sweep
	// of the whole map, lazily from Allow once a window has passed) does it on every call.
	//
	// The expiring calls rely on the clock moving between two calls of a user, 100 calls or
	// more (a few microseconds at least) apart. Where time.Now moves in coarser steps (Windows:
	// up to 15.6 ms), a user's calls within one step all happen at once, whether they are
	// allowed depends on where the steps fall, and the solution's answers cannot be compared
	// with the reference's: there the spec is left out, rather than fail a correct limiter.
	if kit.ClockStep() <= judgeFineClock {
		specs = append(specs, spec("Allow, n users, requests expiring", 2, time.Microsecond))
	} else {
		t.Logf("requests expiring are not measured: this machine's clock moves in steps of %v", kit.ClockStep())
	}
	kit.Measure(t, specs...)
}

// judgeFineClock is the coarsest clock step at which requests 100 calls apart are sure to be
// seen a window apart: 100 calls take 2µs at the very least (a call reads the clock, hashes
// the user and takes a lock), the window and one step.
const judgeFineClock = time.Microsecond

// judgeLongRun is what TestHistory measured on one limiter: one user's requests, made with a
// window so short that all but the last few are soon out of it.
type judgeLongRun struct {
	made, allowed int
	grew          int64           // bytes the heap grew by, from before the requests to after
	chunks        []time.Duration // how long each judgeChunk calls took, in order
	panicked      string
}

const (
	judgeHistoryLimit  = 8
	judgeHistoryWindow = time.Microsecond
	judgeHistoryCalls  = 1 << 17
	// judgeHistoryBudget stops a limiter whose calls slow down as its history grows; the
	// reference needs a fraction of it.
	judgeHistoryBudget = 3 * time.Second
	judgeChunk         = 256
)

func judgeMeasureHistory(rl judgeAllower) judgeLongRun {
	h := judgeLongRun{chunks: make([]time.Duration, 0, judgeHistoryCalls/judgeChunk)}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	if msg := kit.Catch(func() { rl.Allow("user") }); msg != "" { // its first allocations are not measured
		h.panicked = msg
		return h
	}
	before := heap()
	start := time.Now()
	for h.made < judgeHistoryCalls && time.Since(start) < judgeHistoryBudget {
		chunk := time.Now()
		if msg := kit.Catch(func() {
			for range judgeChunk {
				if rl.Allow("user") {
					h.allowed++
				}
				h.made++
			}
		}); msg != "" {
			h.panicked = msg
			return h
		}
		h.chunks = append(h.chunks, time.Since(chunk))
	}
	h.grew = int64(heap()) - int64(before)
	runtime.KeepAlive(rl)
	return h
}

// slowdown is how many times longer the calls took at the end of the run than at its start:
// the fastest chunk of the last eighth of the run against the fastest of the first eighth. The
// fastest of many short chunks is what the calls cost when the machine let them run, however
// busy it was the rest of the time.
func (h judgeLongRun) slowdown() float64 {
	n := len(h.chunks) / 8
	if n == 0 {
		return 1
	}
	fastest := func(ds []time.Duration) time.Duration {
		m := ds[0]
		for _, d := range ds[1:] {
			if d < m {
				m = d
			}
		}
		return m
	}
	first, last := fastest(h.chunks[:n]), fastest(h.chunks[len(h.chunks)-n:])
	return float64(last) / float64(first+1)
}

// TestHistory has one user make over a hundred thousand requests (judgeHistoryCalls) with
// NewRateLimiter(8, time.Microsecond), so that most are allowed and all but the last few are
// soon out of the window, and checks that neither the limiter's memory nor the cost of a call
// grows with them. The heap is measured after a garbage collection, before and after, and only
// a growth of several bytes per allowed request, and of judgeMemorySlack at least, fails; the
// cost of calls at the end of the run is compared with their cost at the start, and, when it
// is more than judgeMaxSlowdown times as high, beside the reference's. A limiter whose calls slow down with the history stops at judgeHistoryBudget,
// after tens of thousands of requests, which shows it all the same. The messages name no
// measured figure, so that the same mistake always reads the same.
func TestHistory(t *testing.T) {
	if kit.RaceEnabled {
		t.Skip("memory and time are not measured under the race detector")
	}
	judgeGate.Require(t, "a long history is measured only on a limiter that works: ")
	var rl *RateLimiter
	if msg := kit.Catch(func() { rl = NewRateLimiter(judgeHistoryLimit, judgeHistoryWindow) }); msg != "" {
		kit.Fail(t, kit.Record{Kind: kit.RuntimeError, Summary: "NewRateLimiter panicked: " + kit.PanicMessage(msg) + kit.PanicSite(msg, NewRateLimiter)})
		return
	}
	sol := judgeMeasureHistory(rl)
	if sol.panicked != "" {
		kit.Fail(t, kit.Record{Kind: kit.RuntimeError, Summary: `rl.Allow("user") panicked: ` + kit.PanicMessage(sol.panicked) + kit.PanicSite(sol.panicked, NewRateLimiter)})
		return
	}
	t.Logf("solution: %d calls, %d allowed, the heap grew by %d bytes, calls at the end %.1fx as long as at the start", sol.made, sol.allowed, sol.grew, sol.slowdown())
	// The reference's own slowdown only ever raises the slowdown allowed, for a machine that
	// slowed every call down during the run: it is measured only when the solution's calls
	// slowed down more than judgeMaxSlowdown, the least allowed.
	allowed := float64(judgeMaxSlowdown)
	if sol.slowdown() > allowed {
		ref := judgeMeasureHistory(reference.NewRateLimiter(judgeHistoryLimit, judgeHistoryWindow))
		t.Logf("reference: %d calls, %d allowed, the heap grew by %d bytes, calls at the end %.1fx as long as at the start", ref.made, ref.allowed, ref.grew, ref.slowdown())
		allowed = max(allowed, judgeMaxSlowdown*ref.slowdown())
	}
	setup := fmt.Sprintf("while one user made requests on NewRateLimiter(%d, time.Microsecond), most of them allowed and all but the last few soon out of the window", judgeHistoryLimit)
	t.Run("memory", func(t *testing.T) {
		if sol.grew > judgeMemorySlack && sol.grew > judgeBytesPerRequest*int64(sol.allowed) {
			kit.Fail(t, kit.Record{Kind: kit.TooSlow, Summary: fmt.Sprintf(
				"memory grows with the number of requests: %s, the heap grew by more than %d bytes per allowed request, "+
					"where the at most %d requests in the window need a few hundred bytes in all. "+
					"Drop the requests that have left the window, so that a user's memory stays bounded by the limit however many requests they make",
				setup, judgeBytesPerRequest, judgeHistoryLimit)})
			return
		}
		kit.Emit(t, kit.Record{Summary: "a user's memory stays bounded by the limit"})
	})
	t.Run("time", func(t *testing.T) {
		if sol.slowdown() > allowed {
			kit.Fail(t, kit.Record{Kind: kit.TooSlow, Summary: fmt.Sprintf(
				"Allow slows down as a user's requests pile up: %s, the calls at the end took over %d times as long as the first ones, where the reference's took as long as ever. "+
					"Drop the requests that have left the window, rather than looking through all of them on every call",
				setup, judgeMaxSlowdown)})
			return
		}
		kit.Emit(t, kit.Record{Summary: "Allow takes as long after over a hundred thousand requests as after the first"})
	})
}

// A limiter that keeps every allowed request holds at least 8 bytes for each (an int64 of
// nanoseconds; a time.Time takes 24), so growth beyond half of that fails; judgeMemorySlack
// covers whatever else the heap may hold after a collection. judgeMaxSlowdown is how many times
// longer calls may take at the end of the run than at its start (and than the reference's own
// ratio): a limiter that looks through its whole history takes hundreds of times longer.
const (
	judgeBytesPerRequest = 4
	judgeMemorySlack     = 64 << 10
	judgeMaxSlowdown     = 10
)
