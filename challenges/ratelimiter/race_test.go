package ratelimiter

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// The race suite runs under the race detector, which reports any unsynchronised access; the
// tests also check every result they can, for what the detector cannot see, such as a count
// checked under one lock and updated under another. The race detector reports a pair of racing
// stacks once per process, so each test starts its goroutines from a function of its own
// (spawn), whose frame makes its stacks new.
//
// The race detector finds races from the order of synchronisation, not from timing, so it sees
// them on any number of processors. The run uses every processor the machine has, like every
// other test: no test changes a setting of the whole process that code under test could notice.
// A map without a lock may then crash the process ("concurrent map writes") before the detector
// names the race; the grader reports both as a race.

// judgeAllow calls rl.Allow(user), turning a panic into a problem; where names the call.
func judgeAllow(rl *RateLimiter, user string, where func() string) (bool, *kit.Record) {
	var got bool
	if msg := kit.Catch(func() { got = rl.Allow(user) }); msg != "" {
		c := fmt.Sprintf("rl.Allow(%s)", strconv.Quote(user))
		return false, &kit.Record{Kind: kit.RuntimeError,
			Summary: where() + ": " + c + " panicked: " + kit.PanicMessage(msg) + kit.PanicSite(msg, NewRateLimiter),
			Want:    []string{c}, Got: []string{c + " panicked: " + kit.PanicMessage(msg)}}
	}
	return got, nil
}

// judgeNew makes a limiter, turning a panic into a problem.
func judgeNew(limit int, window time.Duration) (*RateLimiter, *kit.Record) {
	var rl *RateLimiter
	if msg := kit.Catch(func() { rl = NewRateLimiter(limit, window) }); msg != "" {
		return nil, &kit.Record{Kind: kit.RuntimeError,
			Summary: fmt.Sprintf("NewRateLimiter(%d, %s) panicked: %s%s", limit, judgeArgCode(window), kit.PanicMessage(msg), kit.PanicSite(msg, NewRateLimiter))}
	}
	return rl, nil
}

// judgeGroup runs goroutines under a watchdog and keeps the first problem each reports. Of
// those, the problem of the lowest-numbered goroutine is the one reported, not the first to
// happen, so that a mistake each goroutine meets at the same call of its own reads the same on
// every run, however the goroutines were scheduled.
type judgeGroup struct {
	crew     kit.Crew
	mu       sync.Mutex
	problems []*kit.Record
	any      atomic.Bool
	// doing holds, per goroutine, the call in progress, for when one never returns.
	doing []atomic.Pointer[string]
}

func judgeNewGroup(n int) *judgeGroup {
	return &judgeGroup{problems: make([]*kit.Record, n), doing: make([]atomic.Pointer[string], n)}
}

func (g *judgeGroup) report(w int, p *kit.Record) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.problems[w] == nil {
		g.problems[w] = p
	}
	g.any.Store(true)
}

func (g *judgeGroup) failed() bool { return g.any.Load() }

// wait waits for the goroutines, and names the calls still running if they do not finish in
// time, or says so if some ended without finishing their calls; how says what the goroutines
// were doing.
func (g *judgeGroup) wait(how string) *kit.Record {
	if wait := kit.RaceWait(); !g.crew.Wait(wait) {
		kit.MarkHung()
		var stuck []string
		for i := range g.doing {
			if c := g.doing[i].Load(); c != nil && *c != "" {
				stuck = append(stuck, fmt.Sprintf("goroutine %d in %s", i+1, *c))
			}
		}
		if len(stuck) > 3 {
			stuck = append(stuck[:3], "...")
		}
		return &kit.Record{Kind: kit.TimeLimitExceeded,
			Summary: fmt.Sprintf("%s: calls were still running after %s (%s): the limiter is deadlocked, or a lock is never released",
				how, wait, strings.Join(stuck, ", "))}
	}
	if p := g.crew.Unfinished(); p != "" {
		return &kit.Record{Kind: kit.Rejected, Summary: how + ": " + p}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, p := range g.problems {
		if p != nil {
			return p
		}
	}
	return nil
}

// TestConcurrentUsers has goroutines make requests at once, most for users of their own and
// some for users they share, and checks every answer about their own users exactly (with a
// window of an hour, a user's first limit requests are allowed, however the goroutines
// interleave), how many requests of each shared user were allowed, and the limiter's state
// afterwards.
func TestConcurrentUsers(t *testing.T) {
	if !judgeWorks(t, "concurrent use is tested only on a limiter that works with one goroutine: ") {
		return
	}
	spawn := func(f func()) { go func() { f() }() }
	if p := judgeConcurrentUsers(spawn); p != nil {
		kit.Fail(t, *p)
	}
}

const (
	judgeWorkers    = 8
	judgeOwnUsers   = 6 // per goroutine
	judgeShared     = 4
	judgeCallsEach  = 300
	judgeUsersLimit = 3
)

// judgeUserSteps returns each goroutine's users in call order, the same on every run: three in
// four calls for one of its own users, the rest for a shared one.
func judgeUserSteps() [judgeWorkers][]string {
	var steps [judgeWorkers][]string
	for g := range judgeWorkers {
		rng := rand.New(rand.NewPCG(0x7a7e, uint64(g)))
		for range judgeCallsEach {
			if rng.IntN(4) == 0 {
				steps[g] = append(steps[g], fmt.Sprintf("shared-%d", rng.IntN(judgeShared)))
			} else {
				steps[g] = append(steps[g], fmt.Sprintf("g%d-user-%d", g+1, rng.IntN(judgeOwnUsers)))
			}
		}
	}
	return steps
}

func judgeConcurrentUsers(spawn func(func())) *kit.Record {
	steps := judgeUserSteps()
	// First one call at a time, in turn, so that a mistake that needs no concurrency to show
	// is reported the same way on every run.
	if p := judgeUsersRun(steps, true, spawn); p != nil {
		return p
	}
	return judgeUsersRun(steps, false, spawn)
}

func judgeUsersRun(steps [judgeWorkers][]string, rehearse bool, spawn func(func())) *kit.Record {
	const limit = judgeUsersLimit
	rl, p := judgeNew(limit, time.Hour)
	if p != nil {
		return p
	}
	how := fmt.Sprintf("NewRateLimiter(%d, time.Hour), %d goroutines at once", limit, judgeWorkers)
	if rehearse {
		how = fmt.Sprintf("NewRateLimiter(%d, time.Hour), one call at a time (the %d goroutines' calls in turn, before making them at once)", limit, judgeWorkers)
	}
	var (
		allowed sync.Map // user -> *atomic.Int64, how many of its requests were allowed
		calls   = map[string]int{}
		g       = judgeNewGroup(judgeWorkers)
	)
	for _, s := range steps {
		for _, u := range s {
			calls[u]++
			allowed.LoadOrStore(u, new(atomic.Int64))
		}
	}
	// own[g][user] counts goroutine g's calls for its own user so far.
	var own [judgeWorkers]map[string]int
	for w := range own {
		own[w] = map[string]int{}
	}
	// step makes goroutine w's call i and reports whether it went as it may.
	step := func(w, i int) bool {
		u := steps[w][i]
		c := fmt.Sprintf("rl.Allow(%s)", strconv.Quote(u))
		g.doing[w].Store(&c)
		defer g.doing[w].Store(nil)
		where := func() string { return fmt.Sprintf("%s, goroutine %d's call %d", how, w+1, i+1) }
		got, p := judgeAllow(rl, u, where)
		if p != nil {
			g.report(w, p)
			return false
		}
		if got {
			v, _ := allowed.Load(u)
			v.(*atomic.Int64).Add(1)
		}
		if strings.HasPrefix(u, "shared-") {
			return true
		}
		own[w][u]++
		n := own[w][u]
		if want := n <= limit; got != want {
			why := fmt.Sprintf("this goroutine is the only one that makes requests for %s, and this is its request number %d", strconv.Quote(u), n)
			g.report(w, &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s: %s returned %v, want %v: %s, with a limit of %d per hour", where(), c, got, want, why, limit),
				Want:    []string{fmt.Sprintf("%s = %v", c, want)}, Got: []string{fmt.Sprintf("%s = %v", c, got)}})
			return false
		}
		return true
	}
	start := make(chan struct{})
	if rehearse {
		g.crew.Go(spawn, func() {
			for i := range judgeCallsEach {
				for w := range judgeWorkers {
					if !step(w, i) {
						return
					}
				}
			}
		})
	} else {
		for w := range judgeWorkers {
			g.crew.Go(spawn, func() {
				<-start
				for i := range judgeCallsEach {
					if i%16 == 15 {
						runtime.Gosched() // many switches give the detector many pairs of calls to see
					}
					if !step(w, i) {
						return
					}
				}
			})
		}
	}
	close(start)
	if p := g.wait(how); p != nil {
		return p
	}
	// Every user: as many requests allowed as the limit and the calls made permit.
	users := make([]string, 0, len(calls))
	for u := range calls {
		users = append(users, u)
	}
	sort.Strings(users)
	for _, u := range users {
		v, _ := allowed.Load(u)
		got, want := int(v.(*atomic.Int64).Load()), calls[u]
		if want > limit {
			want = limit
		}
		if got != want {
			return &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s: %d of the %d requests for %s were allowed, want exactly %d: with a window of an hour, a user's first %d requests are allowed and the rest denied, whichever goroutines make them",
					how, got, calls[u], strconv.Quote(u), want, limit),
				Want: []string{fmt.Sprintf("allowed requests for %s = %d", strconv.Quote(u), want)},
				Got:  []string{fmt.Sprintf("allowed requests for %s = %d", strconv.Quote(u), got)}}
		}
	}
	// Afterwards, one call at a time: the limiter must still know every user's count.
	for _, u := range users {
		c := fmt.Sprintf("rl.Allow(%s)", strconv.Quote(u))
		where := func() string { return how + ", then one more call for each user" }
		got, p := judgeAllow(rl, u, where)
		if p != nil {
			return p
		}
		if want := calls[u] < limit; got != want {
			return &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s: %s returned %v, want %v: %s had %d requests before, and the limit is %d per hour",
					where(), c, got, want, strconv.Quote(u), calls[u], limit),
				Want: []string{fmt.Sprintf("%s = %v", c, want)}, Got: []string{fmt.Sprintf("%s = %v", c, got)}}
		}
	}
	return nil
}

// TestConcurrentExpiry has goroutines make requests in bursts, with a window short enough that
// requests keep leaving it while they run, so that whatever forgets old requests runs
// concurrently too, for the race detector to see. The answers depend on the timing and are
// not checked, except for one thing no stall can change: once every request is older than the
// window, every user is allowed again.
func TestConcurrentExpiry(t *testing.T) {
	if !judgeWorks(t, "concurrent use is tested only on a limiter that works with one goroutine: ") {
		return
	}
	spawn := func(f func()) { go func() { f() }() }
	if p := judgeConcurrentExpiry(spawn); p != nil {
		kit.Fail(t, *p)
	}
}

func judgeConcurrentExpiry(spawn func(func())) *kit.Record {
	const (
		limit   = 2
		window  = 20 * time.Millisecond
		workers = 4
		bursts  = 8
		each    = 30
		pause   = 8 * time.Millisecond
	)
	users := []string{"u0", "u1", "u2", "u3"}
	rl, p := judgeNew(limit, window)
	if p != nil {
		return p
	}
	how := fmt.Sprintf("NewRateLimiter(%d, %s), %d goroutines making bursts of requests for %d users", limit, judgeArgCode(window), workers, len(users))
	g := judgeNewGroup(workers)
	lasts := make([]time.Time, workers) // when each goroutine's last call returned
	for w := range workers {
		g.crew.Go(spawn, func() {
			for b := range bursts {
				for i := range each {
					if i%8 == 7 {
						runtime.Gosched()
					}
					u := users[(w+i)%len(users)]
					c := fmt.Sprintf("rl.Allow(%s)", strconv.Quote(u))
					g.doing[w].Store(&c)
					_, p := judgeAllow(rl, u, func() string { return fmt.Sprintf("%s, goroutine %d", how, w+1) })
					lasts[w] = time.Now()
					g.doing[w].Store(nil)
					if p != nil {
						g.report(w, p)
						return
					}
				}
				if b < bursts-1 {
					time.Sleep(pause)
				}
			}
		})
	}
	if p := g.wait(how); p != nil {
		return p
	}
	var last time.Time
	for _, l := range lasts {
		if l.After(last) {
			last = l
		}
	}
	// Sleep until every request is well out of the window; each user is then allowed again.
	judgeSleepUntil(last.Add(window + 10*time.Millisecond))
	for _, u := range users {
		c := fmt.Sprintf("rl.Allow(%s)", strconv.Quote(u))
		where := func() string {
			return fmt.Sprintf("%s, then %s later", how, judgeDurText(window+10*time.Millisecond))
		}
		got, p := judgeAllow(rl, u, where)
		if p != nil {
			return p
		}
		if !got {
			return &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s: %s returned false, want true: every earlier request for %s is more than %s old, so none counts any more",
					where(), c, strconv.Quote(u), judgeDurText(window)),
				Want: []string{c + " = true"}, Got: []string{c + " = false"}}
		}
	}
	return nil
}

// TestConcurrentSameUser has goroutines hammer one user at a time, all of them the same user,
// moving on to a new user together as soon as one of them is denied, and counts the allowed
// calls: with a limit of 1 and a window of an hour, exactly one per user. Checking the count
// under one lock and recording the request under another lets two goroutines both take a
// user's only place, when one checks between the other's check and its update. The race
// detector does not see that mistake, since every access is locked; the count does, since
// every user is fought over, tens of thousands of users a second.
//
// The run is made three times: by one goroutine, so that a wrong count that needs no
// concurrency to show is reported as such; by four goroutines without checking the count, so
// that a data race, which the detector names, is reported as one before any count goes wrong;
// and by four goroutines checking the count. A user's count can go wrong only by timing, so a
// failure names no user and no count, and reads the same every time.
func TestConcurrentSameUser(t *testing.T) {
	if !judgeWorks(t, "concurrent use is tested only on a limiter that works with one goroutine: ") {
		return
	}
	if p := judgeSameUser(1, judgeSameRehearsal, true, func(f func()) { go func() { f() }() }); p != nil {
		kit.Fail(t, *p)
		return
	}
	ok := t.Run("interleaved", func(t *testing.T) {
		if p := judgeSameUser(judgeSameWorkers, judgeSameInterleaved, false, func(f func()) { go func() { f() }() }); p != nil {
			kit.Fail(t, *p)
		}
	})
	if !ok {
		return // a race is reported; in parallel an unlocked map could crash the tests
	}
	t.Run("parallel", func(t *testing.T) {
		if p := judgeSameUser(judgeSameWorkers, judgeSameParallel, true, func(f func()) { go func() { f() }() }); p != nil {
			kit.Fail(t, *p)
		}
	})
}

const (
	judgeSameWorkers = 4
	// How long each run lasts. A limiter that checks and records under two locks overcounts
	// tens of times a second with two processors, even on a machine loaded many times over.
	judgeSameRehearsal   = 50 * time.Millisecond
	judgeSameInterleaved = 300 * time.Millisecond
	judgeSameParallel    = time.Second
	judgeSameMaxUsers    = 1 << 20
)

// judgeSameUser makes the run, and checks the counts when count is set.
func judgeSameUser(workers int, budget time.Duration, count bool, spawn func(func())) *kit.Record {
	rl, p := judgeNew(1, time.Hour)
	if p != nil {
		return p
	}
	how := fmt.Sprintf("NewRateLimiter(1, time.Hour), %d goroutines calling rl.Allow(user) for the same user at once, "+
		"moving on to a new user as soon as one of them is denied", workers)
	if workers == 1 {
		how = "NewRateLimiter(1, time.Hour), one goroutine calling rl.Allow(user), moving on to a new user as soon as it is denied"
	}
	var (
		allowed = make([]atomic.Int32, judgeSameMaxUsers)
		current atomic.Int64 // the user all goroutines call for
		stop    atomic.Bool
		start   = time.Now()
		g       = judgeNewGroup(workers)
	)
	for w := range workers {
		g.crew.Go(spawn, func() {
			for i := 0; !stop.Load(); i++ {
				if i%256 == 255 && time.Since(start) > budget {
					stop.Store(true)
				}
				r := current.Load()
				if r >= judgeSameMaxUsers-1 {
					return
				}
				u := "user-" + strconv.Itoa(int(r))
				c := fmt.Sprintf("rl.Allow(%s)", strconv.Quote(u))
				g.doing[w].Store(&c)
				got, p := judgeAllow(rl, u, func() string { return how })
				g.doing[w].Store(nil)
				if p != nil {
					g.report(w, p)
					stop.Store(true)
					return
				}
				if got {
					allowed[r].Add(1)
				} else {
					current.CompareAndSwap(r, r+1)
				}
			}
		})
	}
	p = g.wait(how)
	stop.Store(true)
	if p != nil || !count {
		return p
	}
	// Every user before the current one was denied to someone, so it had its one request.
	for r := range allowed[:current.Load()] {
		got := int(allowed[r].Load())
		if got == 1 {
			continue
		}
		if workers == 1 {
			u := "user-" + strconv.Itoa(r)
			return &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s: rl.Allow(%s) returned true %d times, want once: with a limit of 1 and a window of an hour, only a user's first request is allowed",
					how, strconv.Quote(u), got),
				Want: []string{fmt.Sprintf("rl.Allow(%s) returned true 1 time", strconv.Quote(u))},
				Got:  []string{fmt.Sprintf("rl.Allow(%s) returned true %d times", strconv.Quote(u), got)}}
		}
		return &kit.Record{Kind: kit.WrongAnswer,
			Summary: how + ": two goroutines took the same user's only place. The check of the count and the recording of the request must happen in one critical section, " +
				"under one lock: otherwise two goroutines can both see room for one more request before either records theirs",
			Want: []string{"allowed requests per user: 1"},
			Got:  []string{"allowed requests per user: more than 1 for some users"}}
	}
	return nil
}

// TestConcurrentShortWindow makes requests with a window of a few milliseconds, so that they
// keep leaving it, and whatever forgets old requests or idle users (a cleanup goroutine, a
// sweep of the map) runs hundreds of times while the calls go on. A limiter with a window of
// an hour, as in the other tests, never gets to forget anything while a test runs.
//
// Which calls are allowed depends on the timing, and is not checked, but for one outcome that
// no timing excuses: two requests of one user allowed by calls that all started and returned
// within less than one window, where the limit is 1. Those requests were less than a window
// apart, however slow the machine.
//
// The run is made twice. First one goroutine calls the limiter, one call at a time, for one
// user after another, leaving the machine's other processors to whatever the limiter runs
// beside the calls: a limiter that forgets a user while a call that has looked it up is still
// to lock it (its cleanup goroutine deleting the user in between) lets the next call make a
// new record and be allowed too, with no other caller needed. Then goroutines fight over one
// user at a time, as in TestConcurrentSameUser, while another goroutine makes requests for a
// few other users.
func TestConcurrentShortWindow(t *testing.T) {
	if !judgeWorks(t, "concurrent use is tested only on a limiter that works with one goroutine: ") {
		return
	}
	if p := judgeShortWindow(false, judgeShortAlone, func(f func()) { go func() { f() }() }); p != nil {
		kit.Fail(t, *p)
		return
	}
	t.Run("shared", func(t *testing.T) {
		if p := judgeShortWindow(true, judgeShortShared, func(f func()) { go func() { f() }() }); p != nil {
			kit.Fail(t, *p)
		}
	})
}

const (
	judgeShortWindowLen = 3 * time.Millisecond
	judgeShortAlone     = 1500 * time.Millisecond
	judgeShortShared    = 400 * time.Millisecond
	// judgeShortUsers is how many users a run tries at least, time permitting: under the race
	// detector on a quiet machine the reference gets through about 50 000 a second alone.
	judgeShortUsers = 60_000
	// judgeShortOthers is how many other users the background goroutine asks for: a few, so
	// that the limiter's map stays small and its cleanup, if it has one, gets round to the
	// user being fought over at once.
	judgeShortOthers = 8
)

// judgeSpanAllowed is an allowed call: the user's number, and when the call started and
// returned.
type judgeSpanAllowed struct {
	user          int64
	before, after time.Time
}

// judgeShortWindow makes the run, with one goroutine or, when shared is set, with
// judgeSameWorkers goroutines and a background one, and checks the allowed calls.
func judgeShortWindow(shared bool, budget time.Duration, spawn func(func())) *kit.Record {
	const limit = 1
	workers := 1
	window := judgeArgCode(judgeShortWindowLen)
	how := fmt.Sprintf("NewRateLimiter(%d, %s), one goroutine calling rl.Allow(user), moving on to a new user as soon as it is denied", limit, window)
	if shared {
		workers = judgeSameWorkers
		how = fmt.Sprintf("NewRateLimiter(%d, %s), %d goroutines calling rl.Allow(user) for the same user at once, "+
			"moving on to a new user as soon as one of them is denied, while another goroutine makes requests for %d other users",
			limit, window, workers, judgeShortOthers)
	}
	rl, p := judgeNew(limit, judgeShortWindowLen)
	if p != nil {
		return p
	}
	var (
		current atomic.Int64 // the user the goroutines call for
		stop    atomic.Bool
		start   = time.Now()
		g       = judgeNewGroup(workers + 1)
		allowed = make([][]judgeSpanAllowed, workers) // each goroutine's allowed calls
	)
	for w := range workers {
		g.crew.Go(spawn, func() {
			for i := 0; !stop.Load(); i++ {
				// A busy machine makes fewer calls in the budget, and the mistake this looks
				// for shows once in thousands of users: the run goes on, up to twice
				// the budget (well within the watchdog's wait), until that many users were tried.
				if elapsed := time.Since(start); i%256 == 255 && elapsed > budget &&
					(current.Load() >= judgeShortUsers || elapsed > 2*budget) {
					stop.Store(true)
				}
				r := current.Load()
				u := "user-" + strconv.Itoa(int(r))
				c := fmt.Sprintf("rl.Allow(%s)", strconv.Quote(u))
				g.doing[w].Store(&c)
				before := time.Now()
				got, p := judgeAllow(rl, u, func() string { return how })
				after := time.Now()
				g.doing[w].Store(nil)
				if p != nil {
					g.report(w, p)
					stop.Store(true)
					return
				}
				if got {
					allowed[w] = append(allowed[w], judgeSpanAllowed{r, before, after})
				} else {
					current.CompareAndSwap(r, r+1)
				}
			}
		})
	}
	if shared {
		g.crew.Go(spawn, func() {
			for i := 0; !stop.Load(); i++ {
				u := "other-" + strconv.Itoa(i%judgeShortOthers)
				c := fmt.Sprintf("rl.Allow(%s)", strconv.Quote(u))
				g.doing[workers].Store(&c)
				_, p := judgeAllow(rl, u, func() string { return how })
				g.doing[workers].Store(nil)
				if p != nil {
					g.report(workers, p)
					stop.Store(true)
					return
				}
				if i%16 == 15 {
					runtime.Gosched()
				}
			}
		})
	}
	p = g.wait(how)
	stop.Store(true)
	if p != nil {
		return p
	}
	byUser := map[int64][]judgeSpanAllowed{}
	for _, calls := range allowed {
		for _, a := range calls {
			byUser[a.user] = append(byUser[a.user], a)
		}
	}
	for _, calls := range byUser {
		if !judgeWithinWindow(calls, limit+1, judgeShortWindowLen-judgeClockSlack) {
			continue
		}
		lesson := "Checking the count and recording the request must happen in one critical section, on the one record the limiter keeps for the user. " +
			"If that record can be deleted or replaced in the meantime (by a cleanup goroutine that deletes idle users from the map while a call that has looked the user up " +
			"is still to lock it, say), the next call makes a new record and is allowed too. Delete a user only under the lock that Allow holds from the lookup to the recording, " +
			"or check, once the user is locked, that its record is still the one in the map"
		if !shared {
			lesson = "The limiter had one caller, so the calls for a user came one after another: two were allowed either because the limiter lets a user's second request through too soon, " +
				"or because something running beside the calls (a cleanup goroutine that deletes idle users from the map) deleted the user while a call that had looked it up was still to lock it, " +
				"so that the next call made a new record. Delete a user only under the lock that Allow holds from the lookup to the recording, " +
				"or check, once the user is locked, that its record is still the one in the map"
		}
		return &kit.Record{Kind: kit.WrongAnswer,
			Summary: fmt.Sprintf("%s: for some user, %d requests were allowed by calls that all started and returned within less than %s, where the limit is %d per %s. %s",
				how, limit+1, judgeDurText(judgeShortWindowLen), limit, judgeDurText(judgeShortWindowLen), lesson),
			Want: []string{fmt.Sprintf("allowed requests of a user within any %s: at most %d", judgeDurText(judgeShortWindowLen), limit)},
			Got:  []string{fmt.Sprintf("allowed requests of a user within less than %s: %d for some users", judgeDurText(judgeShortWindowLen), limit+1)}}
	}
	return nil
}

// judgeWithinWindow reports whether n of the calls started and returned within less than span:
// the requests they made were then surely less than span apart, whenever each call read the
// clock.
func judgeWithinWindow(calls []judgeSpanAllowed, n int, span time.Duration) bool {
	sort.Slice(calls, func(i, j int) bool { return calls[i].before.Before(calls[j].before) })
	for i, first := range calls {
		in := 0
		for _, c := range calls[i:] {
			if c.before.Sub(first.before) >= span {
				break
			}
			if c.after.Sub(first.before) < span {
				in++
			}
		}
		if in >= n {
			return true
		}
	}
	return false
}
