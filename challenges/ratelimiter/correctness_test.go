package ratelimiter

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// The API reads the clock itself, so the suite runs every program in virtual time (see
// kit.Virtual): the sleeps of a program take no time, and each call is made at the very
// moment planned for it, however busy the machine. Every answer is exact: most tests use a
// window of an hour and compare the answers call by call with a counting model; the tests of
// the window sliding use short windows and compare them with the sliding-window rule.

// judgeScriptStep is one call of a hand-written program and what it must return.
type judgeScriptStep struct {
	rl   int
	user string
	want bool
}

func judgeA(user string, want bool) judgeScriptStep { return judgeScriptStep{user: user, want: want} }

// judgeScripted checks a hand-written program. Its written answers must agree with the model
// before the solution is judged: they are a check on the model, which explains the failures.
func judgeScripted(t *testing.T, limiters []judgeLimiterSpec, script []judgeScriptStep, shrink bool) {
	t.Helper()
	p := judgeProgram{limiters: limiters}
	for _, s := range script {
		p.steps = append(p.steps, judgeStep{rl: s.rl, user: s.user})
	}
	for i, w := range judgeModelWants(p) {
		if w != script[i].want {
			t.Fatalf("hidden test is wrong: the model says call %d, %s, returns %v; the test says %v", p.callNo(i), p.call(i), w, script[i].want)
		}
	}
	judgeVerify(t, p, shrink, "", nil)
}

// judgeModelWants is what a correct limiter returns on a program in which nothing leaves the
// window: a user's first limit requests are allowed and the rest denied.
func judgeModelWants(p judgeProgram) []bool {
	type key struct {
		rl   int
		user string
	}
	allowed := map[key]int{}
	var wants []bool
	for _, s := range p.steps {
		k := key{s.rl, s.user}
		ok := allowed[k] < p.limiters[s.rl].limit
		if ok {
			allowed[k]++
		}
		wants = append(wants, ok)
	}
	return wants
}

func judgeHourly(limits ...int) []judgeLimiterSpec {
	var ls []judgeLimiterSpec
	for _, l := range limits {
		ls = append(ls, judgeLimiterSpec{l, time.Hour})
	}
	return ls
}

// TestExample is the example of the statement, with a window of an hour.
func TestExample(t *testing.T) {
	judgeScripted(t, judgeHourly(3), []judgeScriptStep{
		judgeA("alice", true), judgeA("alice", true), judgeA("alice", true),
		judgeA("alice", false), // the 4th request within the window
		judgeA("bob", true),    // users are independent
		judgeA("alice", false),
	}, false)
}

// TestEdgeCases pins one rule per subtest, so that a failure names the rule that was broken.
func TestEdgeCases(t *testing.T) {
	repeat := func(n int, s judgeScriptStep) []judgeScriptStep {
		out := make([]judgeScriptStep, n)
		for i := range out {
			out[i] = s
		}
		return out
	}
	cat := func(parts ...[]judgeScriptStep) []judgeScriptStep {
		var out []judgeScriptStep
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	var manyUsers []judgeScriptStep
	for round := range 3 {
		for u := range 300 {
			manyUsers = append(manyUsers, judgeA(fmt.Sprintf("user-%d", u), round < 2))
		}
	}
	for _, tc := range []struct {
		name   string
		limit  int
		script []judgeScriptStep
	}{
		{"limit_one", 1, []judgeScriptStep{
			judgeA("a", true), judgeA("a", false), judgeA("a", false),
			judgeA("b", true), judgeA("b", false), judgeA("a", false),
		}},
		{"first_limit_requests_allowed_then_denied", 4, cat(repeat(4, judgeA("a", true)), repeat(3, judgeA("a", false)))},
		{"users_are_independent", 2, []judgeScriptStep{
			judgeA("a", true), judgeA("b", true), judgeA("a", true), judgeA("b", true),
			judgeA("a", false), judgeA("b", false),
			judgeA("c", true), judgeA("c", true), judgeA("c", false),
		}},
		{"denied_user_leaves_others_alone", 1, []judgeScriptStep{
			judgeA("a", true), judgeA("a", false), judgeA("a", false), judgeA("a", false),
			judgeA("b", true), judgeA("c", true), judgeA("b", false),
		}},
		{"user_ids_are_compared_exactly", 1, []judgeScriptStep{
			judgeA("", true), judgeA(" ", true), judgeA("a", true), judgeA("A", true), judgeA("a ", true),
			judgeA("alice", true), judgeA("alice\x00", true), judgeA("ü", true), judgeA("u", true),
			judgeA("", false), judgeA("a", false), judgeA("alice", false),
		}},
		{"large_limit", 1000, cat(repeat(1000, judgeA("a", true)), repeat(2, judgeA("a", false)), []judgeScriptStep{judgeA("b", true)})},
		{"many_users", 2, manyUsers},
	} {
		t.Run(tc.name, func(t *testing.T) {
			judgeScripted(t, judgeHourly(tc.limit), tc.script, len(tc.script) > 50)
		})
	}
}

// TestIndependentLimiters checks that two limiters share nothing: each has its own limit and
// its own users, as they would if the state lived in package-level variables.
func TestIndependentLimiters(t *testing.T) {
	on := func(rl int, user string, want bool) judgeScriptStep { return judgeScriptStep{rl, user, want} }
	judgeScripted(t, judgeHourly(1, 2), []judgeScriptStep{
		on(0, "a", true), on(1, "a", true), on(1, "a", true),
		on(0, "a", false), on(1, "a", false),
		on(1, "b", true), on(0, "b", true), on(0, "b", false),
	}, false)
}

// TestRandomSequences compares the solution with the counting model on random programs: a few
// users, small limits, now and then two limiters, and a window of an hour. The seeds are fixed,
// so a solution gets the same verdict, and the same shrunk program, on every run.
func TestRandomSequences(t *testing.T) {
	judgeVerifyDrawn(t, 0x5_11d1_a9, 300, func(rng *rand.Rand) bool {
		return judgeVerify(t, judgeRandomProgram(rng), true, "", nil)
	})
}

// judgeVerifyDrawn draws programs from seed, the i-th from rand.NewPCG(seed, i), and verifies
// each with verify until one fails.
func judgeVerifyDrawn(t *testing.T, seed uint64, programs int, verify func(rng *rand.Rand) bool) {
	t.Helper()
	for i := range programs {
		if !verify(rand.New(rand.NewPCG(seed, uint64(i)))) {
			return
		}
	}
}

// judgeUserPool holds the user IDs random programs draw from: ordinary ones, the empty string,
// and IDs that differ only in case, in a trailing space or in a digit.
var judgeUserPool = []string{"alice", "bob", "carol", "dave", "", "Alice", "alice ", "user:1", "user:10", "ü"}

func judgeRandomProgram(rng *rand.Rand) judgeProgram {
	p := judgeProgram{}
	nl := 1
	if rng.IntN(6) == 0 {
		nl = 2
	}
	for range nl {
		limit := 1 + rng.IntN(4)
		if rng.IntN(8) == 0 {
			limit = 8
		}
		p.limiters = append(p.limiters, judgeLimiterSpec{limit, time.Hour})
	}
	users := make([]string, 1+rng.IntN(4))
	for i := range users {
		users[i] = judgeUserPool[rng.IntN(len(judgeUserPool))]
	}
	for range 10 + rng.IntN(70) {
		// Earlier users are drawn more often, so that some reach their limit and others not.
		u := users[rng.IntN(1+rng.IntN(len(users)))]
		p.steps = append(p.steps, judgeStep{rl: rng.IntN(nl), user: u})
	}
	return p
}

// judgeTimedCase is a program with sleeps, made to show one rule of the sliding window.
type judgeTimedCase struct {
	p judgeProgram
	// keys are the steps whose answers the case is about, checked against the sliding-window
	// rule at the planned times before the solution is judged: a check on the case itself.
	keys map[int]bool
	// lessons add, to a wrong answer at a step, what the mistake usually is.
	lessons map[int]string
}

// judgeFixedLesson explains the usual mistake behind a failure of sliding_not_fixed.
const judgeFixedLesson = "A counter that starts again every 400ms would allow this call; a sliding window counts the requests of the last 400ms, whenever they came"

func judgeWantOf(b bool) judgeWant {
	if b {
		return judgeWantTrue
	}
	return judgeWantFalse
}

func judgeVerifyTimed(t *testing.T, c judgeTimedCase) {
	t.Helper()
	planned := judgePlannedWants(c.p)
	for k, want := range c.keys {
		if planned[k] != judgeWantOf(want) {
			t.Fatalf("hidden test is wrong: the sliding-window rule says call %d, %s, returns %v; the test says %v", c.p.callNo(k), c.p.call(k), !want, want)
		}
	}
	judgeVerify(t, c.p, false, "", func(_ judgeProgram, f judgeFailure) string { return c.lessons[f.bad] })
}

// TestSlidingWindow checks how requests leave the window, with short windows and sleeps.
func TestSlidingWindow(t *testing.T) {
	step := func(sleep time.Duration, user string) judgeStep { return judgeStep{sleep: sleep, user: user} }
	prog := func(limit int, window time.Duration, steps ...judgeStep) judgeProgram {
		return judgeProgram{limiters: []judgeLimiterSpec{{limit, window}}, steps: steps}
	}
	ms := time.Millisecond
	for _, tc := range []struct {
		name string
		c    judgeTimedCase
	}{
		// Limit 2 per 50ms, three bursts of three requests 100ms apart: the first two of each
		// burst are allowed, since the previous burst has left the window.
		{"allowed_again_after_window", judgeTimedCase{
			p: prog(2, 50*ms,
				step(0, "a"), step(0, "a"), step(0, "a"),
				step(100*ms, "a"), step(0, "a"), step(0, "a"),
				step(100*ms, "a"), step(0, "a"), step(0, "a"), step(0, "b")),
			keys: map[int]bool{3: true, 4: true, 6: true, 7: true},
		}},
		// Limit 2 per 2s: the third and fourth requests, made at once, are denied. A window
		// converted to the wrong unit lets them through.
		{"denied_within_window", judgeTimedCase{
			p:    prog(2, 2*time.Second, step(0, "a"), step(0, "a"), step(0, "a"), step(0, "a")),
			keys: map[int]bool{2: false, 3: false},
			lessons: map[int]string{
				2: "A time.Duration counts nanoseconds: compare it with now.Sub(t), another Duration, rather than with a number of seconds or milliseconds",
			},
		}},
		// Limit 3 per 400ms: one request at 0ms, two at 200ms, three at 500ms. At 500ms the
		// first request has left the window but the two at 200ms have not, so only one more is
		// allowed. A counter that restarts every window would allow all three. The margins
		// either side of the window's edge are 100ms.
		{"sliding_not_fixed", judgeTimedCase{
			p: prog(3, 400*ms,
				step(0, "a"),
				step(200*ms, "a"), step(0, "a"),
				step(300*ms, "a"), step(0, "a"), step(0, "a")),
			keys: map[int]bool{3: true, 4: false},
			lessons: map[int]string{
				4: judgeFixedLesson,
				5: judgeFixedLesson,
			},
		}},
		// Limit 1 per 400ms: allowed at 0ms, five denied at 200ms, then at 500ms allowed, since
		// the only allowed request is more than 400ms old. A limiter that records denied
		// requests still refuses then: the denials are only 300ms old.
		{"denied_not_recorded", judgeTimedCase{
			p: prog(1, 400*ms,
				step(0, "a"),
				step(200*ms, "a"), step(0, "a"), step(0, "a"), step(0, "a"), step(0, "a"),
				step(300*ms, "a")),
			keys: map[int]bool{6: true},
			lessons: map[int]string{
				6: "Record a request only when it is allowed: a limiter that records denied ones locks out for good a user who keeps retrying",
			},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { judgeVerifyTimed(t, tc.c) })
	}
}

// TestTimedSequences compares the solution with the sliding-window rule on random programs with
// a window of 40ms and sleeps, in which requests leave the window while others are still in it:
// a user's requests expire a few at a time, while the user asks again, and the limiter's record
// of them (a ring buffer, a slice it drops from the front of) is trimmed, wraps around and grows
// at once. The other tests meet those paths only once or twice. The sleeps are multiples of
// judgeTimedTick, so that no call comes exactly one window after another, where either answer
// would be right.
func TestTimedSequences(t *testing.T) {
	judgeVerifyDrawn(t, 0x7_1ed, 10, func(rng *rand.Rand) bool {
		return judgeVerify(t, judgeRandomTimedProgram(rng), false, "", judgeTimedLessonFor)
	})
}

const (
	judgeTimedWindow = 40 * time.Millisecond
	// judgeTimedTick divides every sleep of a timed program: calls are 32ms or 48ms apart,
	// never 40ms.
	judgeTimedTick = 16 * time.Millisecond
)

// judgeRandomTimedProgram makes a program of 14 to 30 calls for one or two users, mostly in
// bursts, with pauses of one to three ticks between them, on a limiter of 1 to 5 requests per
// judgeTimedWindow.
func judgeRandomTimedProgram(rng *rand.Rand) judgeProgram {
	p := judgeProgram{limiters: []judgeLimiterSpec{{1 + rng.IntN(5), judgeTimedWindow}}}
	users := []string{"a", "b"}[:1+rng.IntN(2)]
	for range 14 + rng.IntN(17) {
		var sleep time.Duration
		switch r := rng.IntN(20); {
		case r < 12:
		case r < 16:
			sleep = judgeTimedTick
		case r < 19:
			sleep = 2 * judgeTimedTick
		default:
			sleep = 3 * judgeTimedTick
		}
		p.steps = append(p.steps, judgeStep{sleep: sleep, user: users[rng.IntN(len(users))]})
	}
	return p
}

// judgePlannedWants is what a correct limiter returns on p, each call made at the moment
// planned for it. No planned call may come exactly one window after another.
func judgePlannedWants(p judgeProgram) []judgeWant {
	type key struct {
		rl   int
		user string
	}
	allowed := map[key][]time.Duration{} // when each limiter and user's allowed calls were planned
	var wants []judgeWant
	for j, s := range p.steps {
		k, at := key{s.rl, s.user}, p.at(j)
		in := 0
		for _, a := range allowed[k] {
			if at-a < p.limiters[s.rl].window {
				in++
			}
		}
		ok := in < p.limiters[s.rl].limit
		if ok {
			allowed[k] = append(allowed[k], at)
		}
		wants = append(wants, judgeWantOf(ok))
	}
	return wants
}

// judgeTimedLessonFor adds judgeTimedLesson to a wrong answer given when some of the user's
// allowed requests had already left the window.
func judgeTimedLessonFor(p judgeProgram, f judgeFailure) string {
	if judgeSomeExpired(p, f.bad) {
		return judgeTimedLesson
	}
	return ""
}

// judgeSomeExpired reports whether, when step bad of p was planned, one of its user's allowed
// requests had already left the window: only then is the code that forgets old requests where
// the mistake is likely to be.
func judgeSomeExpired(p judgeProgram, bad int) bool {
	if bad < 0 {
		return false
	}
	wants := judgePlannedWants(p)
	s, at := p.steps[bad], p.at(bad)
	for j := range bad {
		if o := p.steps[j]; o.rl == s.rl && o.user == s.user && wants[j] == judgeWantOf(true) &&
			at-p.at(j) >= p.limiters[s.rl].window {
			return true
		}
	}
	return false
}

// judgeTimedLesson adds, to a wrong answer in a timed program, where such mistakes usually are.
const judgeTimedLesson = "Drop a user's requests once they are window old, oldest first, and only those: " +
	"check the code that forgets old requests (and, in a ring buffer, the index of the oldest and the count of those kept) " +
	"when some of the requests in the window have expired and others have not"
