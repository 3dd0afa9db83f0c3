package ttlcache

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// TestConcurrentAccess has many goroutines call Set, Get, Delete and Len on one cache at once
// while another moves the clock, so that entries expire all the time, and checks every result
// against what no interleaving of a correct cache could contradict. The suite runs under the
// race detector, which reports any unsynchronised access, the removal of expired entries
// included; the checks add what it cannot see.
func TestConcurrentAccess(t *testing.T) {
	// The race detector reports a pair of racing stacks once per process, so each test starts
	// its goroutines from a function of its own, whose frame makes its stacks new.
	spawn := func(f func()) { go func() { f() }() }
	judgeRace(t, spawn, false)
}

// TestConcurrentState checks that concurrent calls leave the cache whole: afterwards, one call
// at a time, every key holds what its owner last did to it, Len agrees with the keys there, and
// everything expires when its time comes.
func TestConcurrentState(t *testing.T) {
	spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentAccess
	judgeRace(t, spawn, true)
}

// The workload: judgeWorkers goroutines share one cache. Each owns judgeKeysEach keys and is
// the only one to Set or Delete them, so it knows what each of its keys should hold; a value
// names its key ("k12=v37"), so that a Get of another goroutine's key can be checked too. The
// clock moves a millisecond at a time and the ttls are a few milliseconds long, so that entries
// expire throughout. The calls are few, because the race detector slows code tenfold.
const (
	judgeWorkers   = 8
	judgeKeysEach  = 8
	judgeKeys      = judgeWorkers * judgeKeysEach
	judgeCallsEach = 600
	judgeTick      = time.Millisecond
)

var judgeRaceTTLs = []time.Duration{2 * judgeTick, 5 * judgeTick, 20 * judgeTick, 100 * judgeTick}

type judgeOpKind int

const (
	judgeOpSet judgeOpKind = iota
	judgeOpGet
	judgeOpDelete
	judgeOpLen
)

// judgeOp is one call of a goroutine's: the scenario step that makes it, and what the checks
// of concurrent calls need to know of it.
type judgeOp struct {
	judgeStep
	kind  judgeOpKind
	key   string
	value string
	ttl   time.Duration
}

func judgeKey(k int) string { return fmt.Sprintf("k%d", k) }

func judgeGetOp(key string) judgeOp {
	return judgeOp{judgeStep: judgeGetStep(key), kind: judgeOpGet, key: key}
}

// judgeOps returns each goroutine's calls, the same on every run.
func judgeOps() (ops [judgeWorkers][]judgeOp) {
	for g := range judgeWorkers {
		r := rand.New(rand.NewPCG(0x77_1c_ac, uint64(g)))
		own := func() string { return judgeKey(g*judgeKeysEach + r.IntN(judgeKeysEach)) }
		for seq := 1; seq <= judgeCallsEach; seq++ {
			var op judgeOp
			switch p := r.IntN(100); {
			case p < 35:
				k := own()
				v, ttl := fmt.Sprintf("%s=v%d", k, seq), judgeRaceTTLs[r.IntN(len(judgeRaceTTLs))]
				op = judgeOp{judgeSetStep(k, v, ttl), judgeOpSet, k, v, ttl}
			case p < 65:
				op = judgeGetOp(own())
			case p < 80:
				op = judgeGetOp(judgeKey(r.IntN(judgeKeys))) // anyone's
			case p < 90:
				k := own()
				op = judgeOp{judgeStep: judgeDeleteStep(k), kind: judgeOpDelete, key: k}
			default:
				op = judgeOp{judgeStep: judgeLenStep(), kind: judgeOpLen}
			}
			ops[g] = append(ops[g], op)
		}
	}
	return ops
}

// judgeRace runs the workload twice on fresh caches: first one call at a time, the goroutines'
// calls in turn with the clock moved between rounds, checking every result against the model,
// so that a mistake that needs no concurrency to show (a panic, a wrong result) is reported the
// same way on every run; then all at once, checking every result that can be checked. With
// after set, it then checks the state the concurrent calls left. It tests only a cache that
// works with one goroutine.
//
// The race detector finds races from the order of synchronisation, not from timing, so it sees
// them on any number of processors. The run uses every processor the machine has, like every
// other test: no test changes a setting of the whole process that code under test could notice.
// A map without a lock may then crash the process ("concurrent map writes") before the detector
// names the race; the grader reports both as a race.
func judgeRace(t *testing.T, spawn func(func()), after bool) {
	t.Helper()
	judgeGate.Require(t, "concurrent use is tested only on a cache that works with one goroutine, and this one does not: ")
	ops := judgeOps()
	p := judgeRehearse(ops, spawn)
	if p == nil {
		p = judgeAtOnce(ops, spawn, after)
	}
	if p != nil {
		kit.Fail(t, *p)
	}
}

// judgeNewSubject calls New under kit.Catch, with a clock of its own.
func judgeNewSubject() (judgeSubject, *kit.Record) {
	s := judgeSubject{clock: new(kit.FakeClock)}
	if msg := kit.Catch(func() { s.c = New(s.clock) }); msg != "" {
		return s, &kit.Record{Kind: kit.RuntimeError, Summary: "New(clock) panicked: " + kit.PanicMessage(msg) + kit.PanicSite(msg, New)}
	}
	return s, nil
}

func judgeRehearse(ops [judgeWorkers][]judgeOp, spawn func(func())) *kit.Record {
	how := fmt.Sprintf("one call at a time (the %d goroutines' calls in turn, the clock moving %s between rounds, before making them at once)",
		judgeWorkers, judgeTick)
	s, p := judgeNewSubject()
	if p != nil {
		return p
	}
	m := judgeNewModel()
	m.anonymous = true
	run := &kit.Run{How: how, Spawn: spawn, Solution: New}
	run.InTurn(judgeWorkers, judgeCallsEach, func(w *kit.Worker, g, i int) {
		if g == 0 {
			s.clock.Advance(judgeTick)
			m.advance(judgeTick)
		}
		kit.CheckStep(w, s, m, ops[g][i].judgeStep)
	})
	return run.Wait()
}

// judgeOwned is what the owner of a key knows of it: its latest Set, and the clock's times just
// before and just after that call, between which the cache read the time it expires from.
type judgeOwned struct {
	set          bool // false when never set, or deleted since
	value        string
	ttl          time.Duration
	before, past time.Duration
}

// expiry returns the earliest and the latest the entry can expire.
func (o judgeOwned) expiry() (earliest, latest time.Duration) {
	return o.before + o.ttl, o.past + o.ttl
}

// judgeAtOnce makes the goroutines' calls at once and checks every result that can be checked;
// with after set, it then checks the state they left.
func judgeAtOnce(ops [judgeWorkers][]judgeOp, spawn func(func()), after bool) *kit.Record {
	how := fmt.Sprintf("%d goroutines at once, while another moves the clock %s at a time", judgeWorkers, judgeTick)
	s, p := judgeNewSubject()
	if p != nil {
		return p
	}
	var owned [judgeWorkers]map[string]judgeOwned
	for g := range owned {
		owned[g] = map[string]judgeOwned{}
	}
	run := &kit.Run{How: how, Spawn: spawn, Solution: New}
	run.AtOnce(judgeWorkers, judgeCallsEach, func(w *kit.Worker, g, i int) {
		op, mine := ops[g][i], owned[g]
		before := s.clock.Since()
		got, ok := kit.CallStep(w, s, op.judgeStep)
		past := s.clock.Since()
		if !ok {
			return
		}
		var p *kit.Record
		switch op.kind {
		case judgeOpSet:
			mine[op.key] = judgeOwned{set: true, value: op.value, ttl: op.ttl, before: before, past: past}
		case judgeOpDelete:
			mine[op.key] = judgeOwned{}
		case judgeOpGet:
			if judgeOwner(op.key) == g {
				p = judgeCheckOwnGet(w.Where(), op, mine[op.key], before, past, got)
			} else {
				p = judgeCheckForeignGet(w.Where(), op, got)
			}
		case judgeOpLen:
			if n, err := strconv.Atoi(got); err != nil || n < 0 || n > judgeKeys {
				p = &kit.Record{Kind: kit.WrongAnswer,
					Summary: fmt.Sprintf("%s returned %s, want a number from 0 to %d: the goroutines only ever set %d keys", w.Where(), got, judgeKeys, judgeKeys),
					Want:    []string{fmt.Sprintf("c.Len() = 0 .. %d", judgeKeys)}, Got: []string{"c.Len() = " + got}}
			}
		}
		if p != nil {
			run.Fail(*p)
		}
	})
	// Another goroutine moves the clock until the calls are over.
	run.Start()
	stop := make(chan struct{})
	var moving sync.WaitGroup
	moving.Add(1)
	spawn(func() {
		defer moving.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			s.clock.Advance(judgeTick)
			runtime.Gosched()
		}
	})
	p = run.Wait()
	close(stop)
	moving.Wait()
	if p != nil || !after {
		return p
	}
	owners := map[string]judgeOwned{}
	for g := range judgeWorkers {
		for k, o := range owned[g] {
			owners[k] = o
		}
	}
	return judgeAfterwards(s, owners)
}

// judgeOwner returns the goroutine that owns key.
func judgeOwner(key string) int {
	var k int
	fmt.Sscanf(key, "k%d", &k)
	return k / judgeKeysEach
}

// judgeCheckOwnGet judges a goroutine's Get of its own key, made between the clock's times
// before and past: the entry must be there while it certainly has not expired, and gone once
// it certainly has.
func judgeCheckOwnGet(where string, op judgeOp, o judgeOwned, before, past time.Duration, got string) *kit.Record {
	hit, miss := judgeGetResult(o.value, true), judgeGetResult("", false)
	earliest, latest := o.expiry()
	var want, why string
	switch {
	case !o.set:
		if got == miss {
			return nil
		}
		want, why = miss, fmt.Sprintf("this goroutine is the only one that sets key %q, and it has not set it since it last deleted it, if ever", op.key)
	case past < earliest:
		if got == hit {
			return nil
		}
		want, why = hit, fmt.Sprintf("this goroutine is the only one that sets key %q; its latest Set, c.Set(%q, %q, %s), ran when the clock read %s at the earliest, so the entry is there until %s at least, and the clock read %s at most during this Get",
			op.key, op.key, o.value, judgeDuration(o.ttl, true), judgeAt(o.before), judgeAt(earliest), judgeAt(past))
	case before >= latest:
		if got == miss {
			return nil
		}
		want, why = miss, fmt.Sprintf("this goroutine is the only one that sets key %q; its latest Set, c.Set(%q, %q, %s), ran when the clock read %s at the latest, so the entry expired at %s at the latest, and the clock read %s at least during this Get",
			op.key, op.key, o.value, judgeDuration(o.ttl, true), judgeAt(o.past), judgeAt(latest), judgeAt(before))
	default:
		if got == hit || got == miss {
			return nil // the Get and the expiry were too close to tell
		}
		want, why = hit+" or "+miss, fmt.Sprintf("this goroutine is the only one that sets key %q, and its latest Set was c.Set(%q, %q, %s)", op.key, op.key, o.value, judgeDuration(o.ttl, true))
	}
	return &kit.Record{Kind: kit.WrongAnswer,
		Summary: fmt.Sprintf("%s returned %s, want %s: %s", where, got, want, why),
		Want:    []string{op.Code + " = " + want}, Got: []string{op.Code + " = " + got}}
}

// judgeCheckForeignGet judges a Get of another goroutine's key: it finds nothing, or a value
// set for that key.
func judgeCheckForeignGet(where string, op judgeOp, got string) *kit.Record {
	miss := judgeGetResult("", false)
	if got == miss || strings.HasPrefix(got, `"`+op.key+"=") && strings.HasSuffix(got, ", true") {
		return nil
	}
	want := fmt.Sprintf("%s or a value set for %q (\"%s=v...\", true)", miss, op.key, op.key)
	return &kit.Record{Kind: kit.WrongAnswer,
		Summary: fmt.Sprintf("%s returned %s, want %s: every value set for key %q starts with %q", where, got, want, op.key, op.key+"="),
		Want:    []string{op.Code + " = " + want}, Got: []string{op.Code + " = " + got}}
}

// judgeAfterwards checks, one call at a time with the clock standing still, the cache the
// concurrent calls left: each key holds what its owner last did to it, Len counts exactly the
// keys there, and an hour later nothing is left.
func judgeAfterwards(s judgeSubject, owners map[string]judgeOwned) *kit.Record {
	when := fmt.Sprintf("after %d goroutines made %d calls at once while the clock moved, one call at a time with the clock standing at ",
		judgeWorkers, judgeWorkers*judgeCallsEach)
	miss := judgeGetResult("", false)
	now := s.clock.Since()
	run := &kit.Run{How: when + judgeAt(now), Solution: New}
	run.Go("", func(w *kit.Worker) {
		present := 0
		for k := range judgeKeys {
			op := judgeGetOp(judgeKey(k))
			got, ok := kit.CallStep(w, s, op.judgeStep)
			if !ok {
				return
			}
			if got != miss {
				present++
			}
			if p := judgeCheckOwnGet(w.Where(), op, owners[op.key], now, now, got); p != nil {
				run.Fail(*p)
				return
			}
		}
		if got, ok := kit.CallStep(w, s, judgeLenStep()); ok && got != fmt.Sprint(present) {
			run.Fail(kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s returned %s, want %d: a Get of each of the %d keys just found %d of them there", w.Where(), got, present, judgeKeys, present),
				Want:    []string{fmt.Sprintf("c.Len() = %d", present)}, Got: []string{"c.Len() = " + got}})
		}
	})
	if p := run.Wait(); p != nil {
		return p
	}
	s.clock.Advance(time.Hour)
	run = &kit.Run{How: when + judgeAt(now+time.Hour) + " (an hour later)", Solution: New}
	run.Go("", func(w *kit.Worker) {
		steps := []judgeStep{judgeLenStep()}
		for k := range judgeKeys {
			steps = append(steps, judgeGetStep(judgeKey(k)))
		}
		for i, st := range steps {
			want := miss
			if i == 0 {
				want = "0"
			}
			got, ok := kit.CallStep(w, s, st)
			if !ok {
				return
			}
			if got != want {
				run.Fail(kit.Record{Kind: kit.WrongAnswer,
					Summary: fmt.Sprintf("%s returned %s, want %s: every ttl was at most %s, so every entry has expired",
						w.Where(), got, want, judgeRaceTTLs[len(judgeRaceTTLs)-1]),
					Want: []string{st.Code + " = " + want}, Got: []string{st.Code + " = " + got}})
				return
			}
		}
	})
	return run.Wait()
}
