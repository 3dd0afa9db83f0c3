package ttlcache

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// Every top-level name in the hidden tests starts with "judge": they share a package with the
// learner's code, whose own names must never clash with them.

// judgeEntry is what the model knows of a key's latest Set.
type judgeEntry struct {
	value string
	setAt time.Duration // the clock's time at the Set, since kit.FakeClockStart
	ttl   time.Duration
	call  int    // the Set's call number
	code  string // the Set as Go source
}

func (e judgeEntry) expires() time.Duration { return e.setAt + e.ttl }

// judgeModel is what the hidden tests compare a cache with: a map of every key's latest Set,
// read against the clock at every call. It never cleans up, which costs nothing at the sizes
// the tests use and keeps it obviously right.
type judgeModel struct {
	now     time.Duration // the clock, since kit.FakeClockStart
	calls   int           // calls so far, counting New as call 1 as the transcript does
	entries map[string]judgeEntry
	deleted map[string]int // key -> the call that deleted it, while it stays deleted
	// anonymous makes explanations name calls by their code rather than their number, for the
	// race suite, whose calls have no numbers.
	anonymous bool
}

func judgeNewModel() *judgeModel {
	return &judgeModel{calls: 1, entries: map[string]judgeEntry{}, deleted: map[string]int{}}
}

func (m *judgeModel) set(key, value string, ttl time.Duration, code string) {
	m.calls++
	m.entries[key] = judgeEntry{value: value, setAt: m.now, ttl: ttl, call: m.calls, code: code}
	delete(m.deleted, key)
}

func (m *judgeModel) lookup(key string) (string, bool) {
	e, ok := m.entries[key]
	if !ok || m.now >= e.expires() {
		return "", false
	}
	return e.value, true
}

func (m *judgeModel) get(key string) (string, bool) {
	m.calls++
	return m.lookup(key)
}

func (m *judgeModel) remove(key string) {
	m.calls++
	if _, ok := m.entries[key]; ok {
		delete(m.entries, key)
		m.deleted[key] = m.calls
	}
}

// live returns the unexpired keys, sorted.
func (m *judgeModel) live() []string {
	var keys []string
	for k := range m.entries {
		if _, ok := m.lookup(k); ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func (m *judgeModel) size() int {
	m.calls++
	return len(m.live())
}

func (m *judgeModel) advance(d time.Duration) {
	m.calls++
	m.now += d
}

// judgeAt writes a time of the clock as an offset from its start, as a person would: "+5s",
// "+4.999999999s", "+1h" rather than "+1h0m0s".
func judgeAt(d time.Duration) string { return "+" + kit.Duration(d) }

// explainGet says, from the model before c.Get(key), why it must return what it must.
func (m *judgeModel) explainGet(key string) string {
	e, ok := m.entries[key]
	switch {
	case !ok && m.deleted[key] > 0 && m.anonymous:
		return fmt.Sprintf("key %q was deleted since its latest Set", key)
	case !ok && m.deleted[key] > 0:
		return fmt.Sprintf("key %q was deleted by call %d", key, m.deleted[key])
	case !ok:
		return fmt.Sprintf("key %q was never set", key)
	}
	set := fmt.Sprintf("call %d, %s, set it when the clock read %s", e.call, e.code, judgeAt(e.setAt))
	if m.anonymous {
		set = fmt.Sprintf("%s set it when the clock read %s", e.code, judgeAt(e.setAt))
	}
	if m.now >= e.expires() {
		return fmt.Sprintf("key %q expired at %s and the clock reads %s: %s, and an entry is gone from its expiry on",
			key, judgeAt(e.expires()), judgeAt(m.now), set)
	}
	return fmt.Sprintf("key %q is there until %s and the clock reads %s: %s, its latest Set", key, judgeAt(e.expires()), judgeAt(m.now), set)
}

// explainLen says, from the model before c.Len(), which keys count.
func (m *judgeModel) explainLen() string {
	live := m.live()
	s := fmt.Sprintf("the clock reads %s, when ", judgeAt(m.now))
	switch {
	case len(live) == 0:
		s += "no key is unexpired"
	case len(live) == 1:
		s += fmt.Sprintf("only %q is unexpired, until %s", live[0], judgeAt(m.entries[live[0]].expires()))
	case len(live) > 6:
		s += fmt.Sprintf("%d keys are unexpired", len(live))
	default:
		parts := make([]string, len(live))
		for i, k := range live {
			parts[i] = fmt.Sprintf("%q until %s", k, judgeAt(m.entries[k].expires()))
		}
		s += fmt.Sprintf("%d keys are unexpired: %s and %s", len(live), strings.Join(parts[:len(parts)-1], ", "), parts[len(parts)-1])
	}
	var gone []string
	for k, e := range m.entries {
		if m.now >= e.expires() {
			gone = append(gone, fmt.Sprintf("%q expired at %s", k, judgeAt(e.expires())))
		}
	}
	slices.Sort(gone)
	switch {
	case len(gone) == 0:
		return s
	case len(gone) > 3:
		gone = append(gone[:3], "...")
	}
	return s + "; " + strings.Join(gone, ", ") + ", and expired entries do not count"
}

// judgeDuration writes d as Go source: "time.Second", "5 * time.Second", "999 *
// time.Millisecond", "time.Second - time.Nanosecond". compact drops the spaces around "*", as
// gofmt does in a call of several arguments.
func judgeDuration(d time.Duration, compact bool) string {
	times := " * "
	if compact {
		times = "*"
	}
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{time.Hour, "time.Hour"}, {time.Minute, "time.Minute"}, {time.Second, "time.Second"}, {time.Millisecond, "time.Millisecond"}, {time.Microsecond, "time.Microsecond"}} {
		switch {
		case d == u.d:
			return u.name
		case d%u.d == 0:
			return fmt.Sprintf("%d%s%s", d/u.d, times, u.name)
		case u.d >= time.Second && (d+time.Nanosecond)%u.d == 0:
			// One nanosecond short of a whole number of seconds or hours: the boundary cases.
			return judgeDuration(d+time.Nanosecond, compact) + " - time.Nanosecond"
		}
	}
	if d == time.Nanosecond {
		return "time.Nanosecond"
	}
	return fmt.Sprintf("%d%stime.Nanosecond", int64(d), times)
}

// judgeSubject is what a scenario works on: the learner's cache and the clock it reads.
type judgeSubject struct {
	c     *Cache
	clock *kit.FakeClock
}

type judgeStep = kit.Step[judgeSubject, *judgeModel]

type judgeScenario = kit.Scenario[judgeSubject, *judgeModel]

// judgeNew returns a scenario's start: New(clock) on a fresh fake clock.
func judgeNew() judgeScenario {
	return judgeScenario{
		Setup: "clock := newFakeClock(); c := New(clock)",
		New: func() judgeSubject {
			clock := new(kit.FakeClock)
			return judgeSubject{c: New(clock), clock: clock}
		},
		Model: judgeNewModel,
	}
}

func judgeGetResult(v string, ok bool) string { return fmt.Sprintf("%q, %t", v, ok) }

func judgeSetStep(key, value string, ttl time.Duration) judgeStep {
	code := fmt.Sprintf("c.Set(%q, %q, %s)", key, value, judgeDuration(ttl, true))
	return judgeStep{
		Code: code,
		Do:   func(s judgeSubject) string { s.c.Set(key, value, ttl); return "" },
		Want: func(m *judgeModel) string { m.set(key, value, ttl, code); return "" },
	}
}

func judgeGetStep(key string) judgeStep {
	call := fmt.Sprintf("c.Get(%q)", key)
	return judgeStep{
		Code: call,
		Do:   func(s judgeSubject) string { return judgeGetResult(s.c.Get(key)) },
		Want: func(m *judgeModel) string { return judgeGetResult(m.get(key)) },
		Note: func(m *judgeModel, _ string) string { return m.explainGet(key) },
		// Get returns two results, which the kit's test to paste does not compare.
		Repro: func(want string) string {
			if v, found := strings.CutSuffix(want, ", true"); found {
				return fmt.Sprintf("if v, ok := %s; v != %s || !ok {\n\tt.Fatalf(`%s = %%q, %%v, want %s`, v, ok)\n}", call, v, call, want)
			}
			return fmt.Sprintf("if v, ok := %s; ok {\n\tt.Fatalf(`%s = %%q, true, want \"\", false`, v)\n}", call, call)
		},
	}
}

func judgeDeleteStep(key string) judgeStep {
	return judgeStep{
		Code: fmt.Sprintf("c.Delete(%q)", key),
		Do:   func(s judgeSubject) string { s.c.Delete(key); return "" },
		Want: func(m *judgeModel) string { m.remove(key); return "" },
	}
}

func judgeLenStep() judgeStep {
	return judgeStep{
		Code: "c.Len()",
		Do:   func(s judgeSubject) string { return fmt.Sprint(s.c.Len()) },
		Want: func(m *judgeModel) string { return fmt.Sprint(m.size()) },
		Note: func(m *judgeModel, _ string) string { return m.explainLen() },
	}
}

func judgeAdvanceStep(d time.Duration) judgeStep {
	return judgeStep{
		Code: fmt.Sprintf("clock.Advance(%s)", judgeDuration(d, false)),
		Do:   func(s judgeSubject) string { s.clock.Advance(d); return "" },
		Want: func(m *judgeModel) string { m.advance(d); return "" },
	}
}

// judgePause is how long a pause lets real time pass: long enough for a timer or a goroutine
// that a call started to have acted.
const judgePause = 20 * time.Millisecond

// judgePauseStep lets real time pass while the clock stands still. Only the clock the cache
// was given tells it the time, so nothing may change: a cache that expires entries with
// time.AfterFunc, or a goroutine of its own that looks at time.Now, shows here. A correct
// cache does nothing between calls, so the pause can only fail a wrong one.
func judgePauseStep() judgeStep {
	return judgeStep{
		Code: "time.Sleep(20 * time.Millisecond) // real time passes; the clock does not",
		Do:   func(judgeSubject) string { time.Sleep(judgePause); return "" },
		Want: func(m *judgeModel) string { m.calls++; return "" },
	}
}

// judgeGate holds the race and performance suites back until judgeWorks passes.
var judgeGate = kit.Gate{Solution: "a cache", Works: judgeWorks}

// judgeWorks checks, with one goroutine and a handful of calls, what the race and performance
// suites take for granted: that a key set can be got back and expires. Without it a stub that
// does nothing would earn their points, being race-free and fast. It is no stricter than that,
// so that a mistake in the finer rules costs points in the correctness suite alone.
func judgeWorks(t *testing.T, context string) bool {
	t.Helper()
	sc := judgeNew()
	sc.Steps = []judgeStep{
		judgeSetStep("a", "1", 5*time.Second), judgeSetStep("b", "2", 10*time.Second),
		judgeGetStep("a"), judgeLenStep(),
		judgeAdvanceStep(6 * time.Second), // not 5s: the exact instant of expiry is the correctness suite's
		judgeGetStep("a"), judgeGetStep("b"), judgeLenStep(),
	}
	o := sc.Run()
	if !o.Failed() {
		return true
	}
	what := o.Got[len(o.Got)-1] // "c.Get("a") panicked: ...", "c.Len() never returned"
	if o.Kind == kit.WrongAnswer {
		_, got, _ := strings.Cut(what, " = ")
		_, want, _ := strings.Cut(o.Want[len(o.Want)-1], " = ")
		what = fmt.Sprintf("%s returned %s, want %s", sc.Steps[o.At].Code, got, want)
	}
	kit.Fail(t, kit.Record{
		Kind:    o.Kind,
		Summary: fmt.Sprintf("%scall %d: %s. The correctness suite says more", context, o.At+2, what),
		Want:    o.Want, Got: o.Got,
	})
	return false
}
