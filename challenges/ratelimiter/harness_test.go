package ratelimiter

// Every top-level name in the hidden tests starts with "judge": they share a package with the
// learner's code, and a learner's own names must never clash with them.

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// judgeLimiterSpec is how one limiter of a program is made.
type judgeLimiterSpec struct {
	limit  int
	window time.Duration
}

// judgeStep is one call of a program: rl.Allow(user) on limiter rl, made once sleep has passed
// since the moment the previous step was planned for.
type judgeStep struct {
	sleep time.Duration
	rl    int
	user  string
}

// judgeProgram is the life of one or more limiters: how they are made, then the calls made on
// them in turn. Calls are numbered as the transcript's lines run: the constructors first, one
// call each, then the steps.
type judgeProgram struct {
	limiters []judgeLimiterSpec
	steps    []judgeStep
}

func (p judgeProgram) callNo(step int) int { return len(p.limiters) + step + 1 }

// at is when step i is planned, counted from the first step.
func (p judgeProgram) at(i int) time.Duration {
	var d time.Duration
	for _, s := range p.steps[:i+1] {
		d += s.sleep
	}
	return d
}

func (p judgeProgram) timed() bool {
	for _, s := range p.steps {
		if s.sleep > 0 {
			return true
		}
	}
	return false
}

func (p judgeProgram) name(rl int) string {
	if len(p.limiters) == 1 {
		return "rl"
	}
	return fmt.Sprintf("rl%d", rl+1)
}

func (p judgeProgram) newCall(rl int) string {
	l := p.limiters[rl]
	return fmt.Sprintf("%s := NewRateLimiter(%d, %s)", p.name(rl), l.limit, judgeArgCode(l.window))
}

func (p judgeProgram) call(i int) string {
	s := p.steps[i]
	return fmt.Sprintf("%s.Allow(%s)", p.name(s.rl), strconv.Quote(s.user))
}

// judgeDurCode writes d as Go source: time.Hour, 300 * time.Millisecond.
func judgeDurCode(d time.Duration) string {
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{time.Hour, "time.Hour"}, {time.Minute, "time.Minute"}, {time.Second, "time.Second"},
		{time.Millisecond, "time.Millisecond"}, {time.Microsecond, "time.Microsecond"}} {
		if d%u.d == 0 {
			if d == u.d {
				return u.name
			}
			return fmt.Sprintf("%d * %s", d/u.d, u.name)
		}
	}
	return fmt.Sprintf("time.Duration(%d)", int64(d))
}

// judgeArgCode writes d as gofmt writes it among other arguments: 300*time.Millisecond.
func judgeArgCode(d time.Duration) string { return strings.ReplaceAll(judgeDurCode(d), " * ", "*") }

// judgeDurText writes d for a sentence: 1h, 300ms, 2s.
func judgeDurText(d time.Duration) string {
	if d == 0 {
		return "0ms"
	}
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{time.Hour, "h"}, {time.Minute, "min"}, {time.Second, "s"}, {time.Millisecond, "ms"}, {time.Microsecond, "µs"}} {
		if d%u.d == 0 {
			return fmt.Sprintf("%d%s", d/u.d, u.name)
		}
	}
	return d.String()
}

// judgeSpanText writes a window for "in the last ..." and "per ...": hour, second, 300ms.
func judgeSpanText(d time.Duration) string {
	switch d {
	case time.Hour:
		return "hour"
	case time.Minute:
		return "minute"
	case time.Second:
		return "second"
	}
	return judgeDurText(d)
}

// judgeSpan is when a call ran: the solution read the clock somewhere between before and after.
// In virtual time both are the moment the call was planned for, unless the solution itself
// sleeps.
type judgeSpan struct{ before, after time.Time }

// judgeRun is what a solution did on a program: the result and span of every call made, and
// how the run ended.
type judgeRun struct {
	got      []bool
	spans    []judgeSpan
	kind     string // "" when every call returned; kit.RuntimeError or kit.TimeLimitExceeded
	at       int    // the call that panicked or never returned
	panicked string
	waited   time.Duration
}

// judgeExecute runs p on the solution in virtual time (kit.Virtual): its sleeps take no time,
// and every call is made at the very moment planned for it. A program that has not finished
// within patience of real time is reported as hung, with the call in progress and the results
// of the calls before it.
func judgeExecute(t *testing.T, p judgeProgram, patience time.Duration) judgeRun {
	var current atomic.Int64 // the call in progress, for when one never returns
	r := judgeRun{got: make([]bool, len(p.steps)), spans: make([]judgeSpan, len(p.steps))}
	made := 0
	if !kit.Virtual(t, patience, func() { made = judgeCalls(p, &r, &current) }) {
		// The calls before the one in progress have returned, and their results were written
		// before it was stored; the hung call may yet return, and write those after it.
		at := int(current.Load())
		done := at - len(p.limiters) - 1
		if done < 0 {
			done = 0
		}
		return judgeRun{got: slices.Clone(r.got[:done]), spans: slices.Clone(r.spans[:done]),
			kind: kit.TimeLimitExceeded, at: at, waited: patience}
	}
	r.got, r.spans = r.got[:made], r.spans[:made]
	return r
}

// judgeCalls makes p's calls, writing each step's result in r, and returns how many steps it
// made; a panic ends the program, noted in r.
func judgeCalls(p judgeProgram, r *judgeRun, current *atomic.Int64) int {
	rls := make([]*RateLimiter, len(p.limiters))
	for k, l := range p.limiters {
		current.Store(int64(k + 1))
		if msg := kit.Catch(func() { rls[k] = NewRateLimiter(l.limit, l.window) }); msg != "" {
			r.kind, r.at, r.panicked = kit.RuntimeError, k+1, msg
			return 0
		}
	}
	start := time.Now()
	var at time.Duration
	for i, s := range p.steps {
		if s.sleep > 0 {
			at += s.sleep
			judgeSleepUntil(start.Add(at))
		}
		current.Store(int64(p.callNo(i)))
		rl := rls[s.rl]
		var got bool
		before := time.Now()
		msg := kit.Catch(func() { got = rl.Allow(s.user) })
		after := time.Now()
		if msg != "" {
			r.kind, r.at, r.panicked = kit.RuntimeError, p.callNo(i), msg
			return i
		}
		r.got[i], r.spans[i] = got, judgeSpan{before, after}
	}
	return len(p.steps)
}

// judgeSleepUntil sleeps until t, or not at all once t has passed: a solution that sleeps in
// its calls moves the clock on, and the calls after it are then made as soon as they can.
func judgeSleepUntil(t time.Time) { time.Sleep(time.Until(t)) }

// judgeWant is what a call may return.
type judgeWant int8

const (
	judgeWantFalse judgeWant = iota
	judgeWantTrue
	judgeWantEither // a request exactly window old: either answer is right
)

// judgeAge says whether an earlier allowed call i is in the window of call j, from the spans
// measured: judgeWantTrue if surely inside, judgeWantFalse if surely out, else judgeWantEither:
// a request exactly window old may count either way, and a solution may read the clock at any
// moment of its call.
func judgeAge(p judgeProgram, r judgeRun, i, j int) judgeWant {
	w := p.limiters[p.steps[j].rl].window
	switch {
	case r.spans[j].after.Sub(r.spans[i].before) < w:
		return judgeWantTrue
	case r.spans[j].before.Sub(r.spans[i].after) > w:
		return judgeWantFalse
	}
	return judgeWantEither
}

// judgeHistory sorts the calls of step j's limiter and user before it: allowed ones surely in
// its window, surely out, or either, and denied ones.
type judgeHistory struct {
	in, out, maybe, denied []int
}

func judgeHistoryOf(p judgeProgram, r judgeRun, j int) judgeHistory {
	var h judgeHistory
	s := p.steps[j]
	for i := 0; i < j; i++ {
		if p.steps[i].rl != s.rl || p.steps[i].user != s.user {
			continue
		}
		if !r.got[i] {
			h.denied = append(h.denied, i)
			continue
		}
		switch judgeAge(p, r, i, j) {
		case judgeWantTrue:
			h.in = append(h.in, i)
		case judgeWantFalse:
			h.out = append(h.out, i)
		default:
			h.maybe = append(h.maybe, i)
		}
	}
	return h
}

// judgeJudge returns what each call made may return, and the first call that returned what it
// may not, or -1. It takes the solution's own answers as the history of later calls: up to the
// first wrong one, each of them was right.
func judgeJudge(p judgeProgram, r judgeRun) (wants []judgeWant, bad int) {
	type key struct {
		rl   int
		user string
	}
	allowed := map[key][]int{} // the allowed steps of each limiter and user, in order
	for j := range r.got {
		s := p.steps[j]
		k := key{s.rl, s.user}
		in, maybe := 0, 0
		for _, i := range allowed[k] {
			switch judgeAge(p, r, i, j) {
			case judgeWantTrue:
				in++
			case judgeWantEither:
				maybe++
			}
		}
		limit := p.limiters[s.rl].limit
		w := judgeWantEither
		switch {
		case in >= limit:
			w = judgeWantFalse
		case in+maybe < limit:
			w = judgeWantTrue
		}
		wants = append(wants, w)
		if w != judgeWantEither && r.got[j] != (w == judgeWantTrue) {
			return wants, j
		}
		if r.got[j] {
			allowed[k] = append(allowed[k], j)
		}
	}
	return wants, -1
}

// judgeFailure is how a program failed: the kind of problem and the call.
type judgeFailure struct {
	kind  string
	bad   int // the step that went wrong, or -1 for a constructor
	run   judgeRun
	wants []judgeWant
}

// judgeCheck runs p and says how it failed, if it did.
func judgeCheck(t *testing.T, p judgeProgram, patience time.Duration) (judgeFailure, bool) {
	r := judgeExecute(t, p, patience)
	wants, bad := judgeJudge(p, r)
	f := judgeFailure{run: r, wants: wants, bad: bad}
	switch {
	case bad >= 0:
		f.kind = kit.WrongAnswer
	case r.kind != "":
		f.kind = r.kind
		f.bad = r.at - len(p.limiters) - 1
		if f.bad < 0 {
			f.bad = -1 // a constructor
		}
	default:
		return f, false
	}
	return f, true
}

// judgeVerify checks a program, shrinking a failure when shrink is set, and reports it with
// context leading the summary and, when lesson is set, what the mistake usually is. It
// reports whether p passed.
func judgeVerify(t *testing.T, p judgeProgram, shrink bool, context string, lesson func(judgeProgram, judgeFailure) string) bool {
	t.Helper()
	f, failed := judgeCheck(t, p, kit.Wait())
	if !failed {
		return true
	}
	shrunkFrom := 0
	if shrink {
		before := judgeLineCount(p, f)
		p, f = judgeShrink(t, p, f)
		if after := judgeLineCount(p, f); after < before {
			shrunkFrom = before
		}
	}
	why := ""
	if lesson != nil {
		why = lesson(p, f)
	}
	judgeReport(t, p, f, context, why, shrunkFrom)
	return false
}

// judgeLineCount is the number of calls a failure's transcript shows.
func judgeLineCount(p judgeProgram, f judgeFailure) int { return len(p.limiters) + f.bad + 1 }

// judgeReport fails t with the transcript of p up to its failure, the explanation, a lesson
// for the mistake the test looks for, and a test to paste.
func judgeReport(t *testing.T, p judgeProgram, f judgeFailure, context, lesson string, shrunkFrom int) {
	t.Helper()
	want, got := judgeLines(p, f)
	summary := context + judgeExplain(p, f)
	if lesson != "" && f.kind == kit.WrongAnswer {
		summary += ". " + lesson
	}
	kit.Fail(t, kit.Record{
		Kind:       f.kind,
		Summary:    summary,
		Want:       want,
		Got:        got,
		ShrunkFrom: shrunkFrom,
		Repro:      judgeRepro(p, f),
	})
}

// judgeShrinkBudget bounds the real time spent shrinking, so that a slow solution cannot
// stretch a failing test past the suite's time limit; the smallest program found by then is
// reported.
const judgeShrinkBudget = 4 * time.Second

// judgeShrink returns the smallest program it finds that fails as p did, and how it fails.
func judgeShrink(t *testing.T, p judgeProgram, f judgeFailure) (judgeProgram, judgeFailure) {
	check := func(c judgeProgram, candidate bool) judgeFailure {
		patience := kit.Wait()
		if candidate {
			patience = kit.ShortPatience
		}
		cf, _ := judgeCheck(t, c, patience)
		return cf
	}
	p = judgeUpTo(p, f)
	p, f = kit.ShrinkFailureWithin(judgeShrinkBudget, p, f, func(f judgeFailure) string { return f.kind }, check, judgeCandidates)
	return judgeUpTo(p, f), f
}

// judgeUpTo drops the calls after the one that went wrong: they play no part.
func judgeUpTo(p judgeProgram, f judgeFailure) judgeProgram {
	if f.bad >= 0 {
		p.steps = p.steps[:f.bad+1]
	}
	return p
}

// judgeCandidates lists simpler programs, simplest first: smaller limits (a failure at a limit
// of 1000 usually shows at a limit of 1, with far fewer calls), fewer limiters, fewer calls,
// then users named "a", "b", "c" in order of first use.
func judgeCandidates(p judgeProgram) []judgeProgram {
	var out []judgeProgram
	for k, l := range p.limiters {
		for limit := 1; limit < l.limit; limit++ {
			ls := append([]judgeLimiterSpec(nil), p.limiters...)
			ls[k].limit = limit
			out = append(out, judgeProgram{ls, p.steps})
		}
	}
	if c, ok := judgeDropUnused(p); ok {
		out = append(out, c)
	}
	for _, steps := range kit.Removals(p.steps) {
		out = append(out, judgeProgram{p.limiters, steps})
	}
	if c := judgeRelabel(p); !reflect.DeepEqual(c.steps, p.steps) {
		out = append(out, c)
	}
	return out
}

// judgeDropUnused removes the limiters no step uses.
func judgeDropUnused(p judgeProgram) (judgeProgram, bool) {
	used := make([]bool, len(p.limiters))
	for _, s := range p.steps {
		used[s.rl] = true
	}
	renumber := make([]int, len(p.limiters))
	var ls []judgeLimiterSpec
	for k, l := range p.limiters {
		renumber[k] = len(ls)
		if used[k] {
			ls = append(ls, l)
		}
	}
	if len(ls) == len(p.limiters) || len(ls) == 0 {
		return p, false
	}
	steps := make([]judgeStep, len(p.steps))
	for i, s := range p.steps {
		s.rl = renumber[s.rl]
		steps[i] = s
	}
	return judgeProgram{ls, steps}, true
}

// judgeRelabel names the users "a", "b", "c" ... in order of first use.
func judgeRelabel(p judgeProgram) judgeProgram {
	names := map[string]string{}
	steps := make([]judgeStep, len(p.steps))
	for i, s := range p.steps {
		n, ok := names[s.user]
		if !ok {
			n = judgeUserName(len(names))
			names[s.user] = n
		}
		s.user = n
		steps[i] = s
	}
	return judgeProgram{p.limiters, steps}
}

func judgeUserName(i int) string {
	if i < 26 {
		return string(rune('a' + i))
	}
	return fmt.Sprintf("user%d", i)
}

// judgeResult writes what a call returned or may return.
func judgeResult(w judgeWant) string {
	switch w {
	case judgeWantTrue:
		return "true"
	case judgeWantFalse:
		return "false"
	}
	return "true or false"
}

// judgeLines renders the calls up to the one that went wrong, one line each, in the same form
// for what was wanted and what came back, so that a line diff shows only the call that
// differs. Runs of the same call with the same result make one line, so that a limit of a
// thousand does not make a thousand lines. Where the timing left a call's answer open, the
// wanted line shows the answer given: it was right.
func judgeLines(p judgeProgram, f judgeFailure) (want, got []string) {
	for k := range p.limiters {
		w := p.newCall(k)
		if f.bad < 0 && f.run.at == k+1 {
			return append(want, w), append(got, judgeFailedCall(w, f))
		}
		want, got = append(want, w), append(got, w)
	}
	type line struct{ want, got string }
	var prev line
	run, first := 0, 0
	flush := func() {
		if run == 0 {
			return
		}
		w, g := prev.want, prev.got
		if run >= 3 {
			suffix := fmt.Sprintf(" (%d times: calls %d to %d)", run, p.callNo(first), p.callNo(first+run-1))
			w, g = w+suffix, g+suffix
			want, got = append(want, w), append(got, g)
		} else {
			for range run {
				want, got = append(want, w), append(got, g)
			}
		}
		run = 0
	}
	for i := 0; i <= f.bad && i < len(p.steps); i++ {
		s := p.steps[i]
		c := p.call(i)
		var l line
		switch {
		case i == f.bad && f.kind != kit.WrongAnswer:
			l = line{c, judgeFailedCall(c, f)}
			if i < len(f.wants) {
				l.want = c + " = " + judgeResult(f.wants[i])
			}
		case f.wants[i] == judgeWantEither:
			r := strconv.FormatBool(f.run.got[i])
			l = line{c + " = " + r, c + " = " + r}
		default:
			l = line{c + " = " + judgeResult(f.wants[i]), c + " = " + strconv.FormatBool(f.run.got[i])}
		}
		if s.sleep > 0 {
			flush()
			sl := fmt.Sprintf("time.Sleep(%s)", judgeDurCode(s.sleep))
			want, got = append(want, sl), append(got, sl)
		}
		if run > 0 && l == prev && i != f.bad {
			run++
			continue
		}
		flush()
		prev, run, first = l, 1, i
	}
	flush()
	return want, got
}

func judgeFailedCall(code string, f judgeFailure) string {
	if f.kind == kit.TimeLimitExceeded {
		return code + " never returned"
	}
	return code + " panicked: " + kit.PanicMessage(f.run.panicked)
}

// judgeExplain says which call went wrong, what it should have done and, from the history of
// the user's requests, why.
func judgeExplain(p judgeProgram, f judgeFailure) string {
	if f.bad < 0 {
		k := f.run.at - 1
		head := fmt.Sprintf("call %d: NewRateLimiter(%d, %s)", f.run.at, p.limiters[k].limit, judgeArgCode(p.limiters[k].window))
		if f.kind == kit.TimeLimitExceeded {
			return head + fmt.Sprintf(" did not return within %s", f.run.waited)
		}
		return head + " panicked: " + kit.PanicMessage(f.run.panicked) + kit.PanicSite(f.run.panicked, NewRateLimiter)
	}
	j := f.bad
	head := fmt.Sprintf("call %d: %s", p.callNo(j), p.call(j))
	switch f.kind {
	case kit.RuntimeError:
		return head + " panicked: " + kit.PanicMessage(f.run.panicked) + kit.PanicSite(f.run.panicked, NewRateLimiter)
	case kit.TimeLimitExceeded:
		return head + fmt.Sprintf(" did not return within %s: the limiter is deadlocked or stuck in a loop. "+
			"A sync.Mutex is not reentrant: a method that locks it and then calls a helper that locks it again waits for ever", f.run.waited)
	}

	s := p.steps[j]
	l := p.limiters[s.rl]
	h := judgeHistoryOf(p, f.run, j)
	timed := p.timed()
	who := strconv.Quote(s.user)
	last := judgeSpanText(l.window)
	var notes []string
	if len(h.out) > 0 {
		notes = append(notes, fmt.Sprintf("%s %s more than %s old and no longer %s", judgeCallsAt(p, h.out, timed),
			judgeIsAre(len(h.out)), judgeDurText(l.window), judgeCountVerb(len(h.out))))
	}
	if len(h.denied) > 0 && f.wants[j] == judgeWantTrue {
		notes = append(notes, fmt.Sprintf("%s %s denied, and a denied request does not count", judgeCallsAt(p, h.denied, timed), judgeWasWere(len(h.denied))))
	}
	if len(h.maybe) > 0 {
		notes = append(notes, fmt.Sprintf("%s may or may not still count", judgeCallsAt(p, h.maybe, timed)))
	}
	note := ""
	if len(notes) > 0 {
		note = " (" + strings.Join(notes, "; ") + ")"
	}
	if f.wants[j] == judgeWantFalse {
		return fmt.Sprintf("%s returned true, want false: the limit is %d per %s, and %s already had %s in the last %s: %s%s",
			head, l.limit, last, who, kit.Plural(len(h.in), "allowed request"), last, judgeCallsAt(p, h.in, timed), note)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s returned false, want true: ", head)
	switch {
	case len(h.in) == 0 && len(h.out) == 0 && len(h.denied) == 0:
		fmt.Fprintf(&b, "this is the first request of %s", who)
		if len(p.limiters) > 1 {
			fmt.Fprintf(&b, " to %s", p.name(s.rl))
		}
		if others := judgeOthers(p, f.run, j); others != "" {
			b.WriteString(", and " + others)
		}
	case len(h.in) == 0:
		fmt.Fprintf(&b, "%s has no allowed request in the last %s", who, last)
	default:
		fmt.Fprintf(&b, "%s has only %s in the last %s, fewer than the limit of %d: %s",
			who, kit.Plural(len(h.in), "allowed request"), last, l.limit, judgeCallsAt(p, h.in, timed))
	}
	b.WriteString(note)
	return b.String()
}

// judgeOthers says why other users' or other limiters' requests before step j do not count,
// when there were any.
func judgeOthers(p judgeProgram, r judgeRun, j int) string {
	s := p.steps[j]
	otherUser, otherLimiter := false, false
	for i := 0; i < j; i++ {
		if !r.got[i] {
			continue
		}
		o := p.steps[i]
		switch {
		case o.rl == s.rl && o.user != s.user:
			otherUser = true
		case o.rl != s.rl && o.user == s.user:
			otherLimiter = true
		}
	}
	switch {
	case otherLimiter:
		return fmt.Sprintf("%s is a limiter of its own: requests made through another limiter do not count", p.name(s.rl))
	case otherUser:
		return "each user has a limit of their own: requests of other users do not count"
	}
	return ""
}

func judgeIsAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func judgeWasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

func judgeCountVerb(n int) string {
	if n == 1 {
		return "counts"
	}
	return "count"
}

// judgeCallsAt names steps as calls, "calls 2 to 4", with when they were planned for in a timed
// program: "call 2 at 0ms and calls 3 and 4 at 150ms".
func judgeCallsAt(p judgeProgram, steps []int, timed bool) string {
	if !timed {
		return judgeCallList(p, steps)
	}
	var groups []string
	for i := 0; i < len(steps); {
		k := i
		for k < len(steps) && p.at(steps[k]) == p.at(steps[i]) {
			k++
		}
		groups = append(groups, fmt.Sprintf("%s at %s", judgeCallList(p, steps[i:k]), judgeDurText(p.at(steps[i]))))
		i = k
	}
	return judgeAnd(groups)
}

// judgeCallList names steps as calls, with runs as ranges: "calls 2 to 5 and 8".
func judgeCallList(p judgeProgram, steps []int) string {
	var parts []string
	for i := 0; i < len(steps); {
		k := i
		for k+1 < len(steps) && steps[k+1] == steps[k]+1 {
			k++
		}
		switch {
		case k-i >= 2:
			parts = append(parts, fmt.Sprintf("%d to %d", p.callNo(steps[i]), p.callNo(steps[k])))
		case k-i == 1:
			parts = append(parts, strconv.Itoa(p.callNo(steps[i])), strconv.Itoa(p.callNo(steps[k])))
		default:
			parts = append(parts, strconv.Itoa(p.callNo(steps[i])))
		}
		i = k + 1
	}
	word := "calls "
	if len(steps) == 1 {
		word = "call "
	}
	return word + judgeAnd(parts)
}

func judgeAnd(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// judgeRepro writes a test the learner can paste beside their solution: the same calls and
// sleeps, with every determined result checked and runs of the same call in a loop.
func judgeRepro(p judgeProgram, f judgeFailure) string {
	var b strings.Builder
	b.WriteString("func TestRepro(t *testing.T) {\n")
	for k := range p.limiters {
		code := p.newCall(k)
		if f.bad < 0 && f.run.at == k+1 {
			comment := " // never returns"
			if f.kind == kit.RuntimeError {
				comment = " // panics: " + kit.PanicMessage(f.run.panicked)
			}
			b.WriteString("\t" + code + comment + "\n}\n")
			return b.String()
		}
		fmt.Fprintf(&b, "\t%s\n", code)
	}
	if f.bad < 0 {
		b.WriteString("}\n")
		return b.String()
	}
	// check writes the statement for one call; indent is its indentation.
	check := func(i int, indent string) string {
		c := p.call(i)
		w := judgeWantEither
		if i < len(f.wants) {
			w = f.wants[i]
		}
		switch {
		case i == f.bad && f.kind == kit.RuntimeError:
			return indent + c + " // panics: " + kit.PanicMessage(f.run.panicked) + "\n"
		case i == f.bad && f.kind == kit.TimeLimitExceeded:
			return indent + c + " // never returns\n"
		case w == judgeWantTrue:
			return fmt.Sprintf("%sif !%s {\n%s\tt.Fatal(%s)\n%s}\n", indent, c, indent, judgeGoString(c+" = false, want true"), indent)
		case w == judgeWantFalse:
			return fmt.Sprintf("%sif %s {\n%s\tt.Fatal(%s)\n%s}\n", indent, c, indent, judgeGoString(c+" = true, want false"), indent)
		}
		return indent + c + " // true or false: the timing leaves it open\n"
	}
	for i := 0; i <= f.bad; {
		s := p.steps[i]
		if s.sleep > 0 {
			fmt.Fprintf(&b, "\ttime.Sleep(%s)\n", judgeDurCode(s.sleep))
		}
		k := i + 1
		for k < f.bad && p.steps[k].sleep == 0 && p.steps[k].rl == s.rl && p.steps[k].user == s.user &&
			k < len(f.wants) && f.wants[k] == f.wants[i] && f.wants[i] != judgeWantEither {
			k++
		}
		if k-i >= 3 {
			fmt.Fprintf(&b, "\tfor i := 0; i < %d; i++ {\n%s\t}\n", k-i, check(i, "\t\t"))
			i = k
			continue
		}
		b.WriteString(check(i, "\t"))
		i++
	}
	b.WriteString("}\n")
	return b.String()
}

// judgeGoString quotes s as a Go string literal, raw when it can be.
func judgeGoString(s string) string {
	if strconv.CanBackquote(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

// judgeGate holds the race and performance suites back until judgeWorks passes.
var judgeGate = kit.Gate{Solution: "a limiter", Works: judgeWorks}

// judgeWorks checks, with one goroutine and a long window, what the race and performance
// suites take for granted: that the limiter allows a user's first request, denies some of a
// burst, and keeps users apart. Without it a stub that allows everything would earn their
// points, being race-free and fast. It is no stricter than that, so that a mistake in the
// finer rules costs points in the correctness suite alone.
func judgeWorks(t *testing.T, context string) bool {
	t.Helper()
	p := judgeProgram{limiters: []judgeLimiterSpec{{2, time.Hour}}}
	for range 6 {
		p.steps = append(p.steps, judgeStep{user: "a"})
	}
	p.steps = append(p.steps, judgeStep{user: "b"})
	f, failed := judgeCheck(t, p, kit.Wait())
	if !failed {
		return true
	}
	if f.kind == kit.WrongAnswer {
		r := f.run
		denied := false
		for _, g := range r.got[1:6] {
			denied = denied || !g
		}
		if r.got[0] && denied && r.got[6] {
			return true // only the finer rules are broken
		}
		context += "with NewRateLimiter(2, time.Hour), a user's first request must be allowed, some of 6 requests in a row denied, " +
			"and another user's first request allowed. "
	}
	judgeReport(t, p, f, context, "", 0)
	return false
}
