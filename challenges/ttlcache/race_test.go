package ttlcache

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
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
	if !judgeWorks(t, "concurrent use is tested only on a cache that works with one goroutine, and this one does not: ") {
		return
	}
	// The race detector reports a pair of racing stacks once per process, so each test starts
	// its goroutines from a function of its own, whose frame makes its stacks new.
	spawn := func(f func()) { go func() { f() }() }
	if p := judgeRace(spawn, false); p != nil {
		kit.Fail(t, *p)
	}
}

// TestConcurrentState checks that concurrent calls leave the cache whole: afterwards, one call
// at a time, every key holds what its owner last did to it, Len agrees with the keys there, and
// everything expires when its time comes.
func TestConcurrentState(t *testing.T) {
	if !judgeWorks(t, "concurrent use is tested only on a cache that works with one goroutine, and this one does not: ") {
		return
	}
	spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentAccess
	if p := judgeRace(spawn, true); p != nil {
		kit.Fail(t, *p)
	}
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

// judgeOp is one call of a goroutine's.
type judgeOp struct {
	kind  judgeOpKind
	key   string
	value string
	ttl   time.Duration
}

func (o judgeOp) code() string {
	switch o.kind {
	case judgeOpSet:
		return fmt.Sprintf("c.Set(%q, %q, %s)", o.key, o.value, judgeDuration(o.ttl, true))
	case judgeOpGet:
		return fmt.Sprintf("c.Get(%q)", o.key)
	case judgeOpDelete:
		return fmt.Sprintf("c.Delete(%q)", o.key)
	}
	return "c.Len()"
}

func judgeKey(k int) string { return fmt.Sprintf("k%d", k) }

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
				op = judgeOp{kind: judgeOpSet, key: k, value: fmt.Sprintf("%s=v%d", k, seq), ttl: judgeRaceTTLs[r.IntN(len(judgeRaceTTLs))]}
			case p < 65:
				op = judgeOp{kind: judgeOpGet, key: own()}
			case p < 80:
				op = judgeOp{kind: judgeOpGet, key: judgeKey(r.IntN(judgeKeys))} // anyone's
			case p < 90:
				op = judgeOp{kind: judgeOpDelete, key: own()}
			default:
				op = judgeOp{kind: judgeOpLen}
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
// after set, it then checks the state the concurrent calls left.
//
// The race detector finds races from the order of synchronisation, not from timing, so it sees
// them on any number of processors. The run uses every processor the machine has, like every
// other test: no test changes a setting of the whole process that code under test could notice.
// A map without a lock may then crash the process ("concurrent map writes") before the detector
// names the race; the grader reports both as a race.
func judgeRace(spawn func(func()), after bool) *kit.Record {
	ops := judgeOps()
	if p := judgeRehearse(ops, spawn); p != nil {
		return p
	}
	c, clock, owners, p := judgeAtOnce(ops, spawn)
	if p != nil || !after {
		return p
	}
	return judgeAfterwards(c, clock, owners)
}

// judgeWatch waits for the crew's goroutines, at most kit.RaceWait(), so that a deadlock is
// reported as one rather than as the suite's time limit running out, and reports the calls
// still running after it, or the goroutines that ended without finishing their calls.
func judgeWatch(crew *kit.Crew, how string, running func() []string) *kit.Record {
	if wait := kit.RaceWait(); !crew.Wait(wait) {
		kit.MarkHung()
		stuck := running()
		if len(stuck) > 3 {
			stuck = append(stuck[:3], "...")
		}
		return &kit.Record{Kind: kit.TimeLimitExceeded,
			Summary: fmt.Sprintf("%s: calls were still running after %s (%s): %s",
				how, wait, strings.Join(stuck, ", "), kit.WhyStuck())}
	}
	if p := crew.Unfinished(); p != "" {
		return &kit.Record{Kind: kit.Rejected, Summary: how + ": " + p}
	}
	return nil
}

// judgeNewCache calls New under kit.Catch.
func judgeNewCache(clock Clock) (*Cache, *kit.Record) {
	var c *Cache
	if msg := kit.Catch(func() { c = New(clock) }); msg != "" {
		return nil, &kit.Record{Kind: kit.RuntimeError, Summary: "New(clock) panicked: " + kit.PanicMessage(msg) + kit.PanicSite(msg, New)}
	}
	return c, nil
}

// judgeDo makes one call and returns its result as transcript text ("" for Set and Delete),
// or the panic it raised.
func judgeDo(c *Cache, op judgeOp) (result, panicked string) {
	panicked = kit.Catch(func() {
		switch op.kind {
		case judgeOpSet:
			c.Set(op.key, op.value, op.ttl)
		case judgeOpGet:
			result = judgeGetResult(c.Get(op.key))
		case judgeOpDelete:
			c.Delete(op.key)
		case judgeOpLen:
			result = fmt.Sprint(c.Len())
		}
	})
	return result, panicked
}

func judgeRehearse(ops [judgeWorkers][]judgeOp, spawn func(func())) *kit.Record {
	how := fmt.Sprintf("one call at a time (the %d goroutines' calls in turn, the clock moving %s between rounds, before making them at once)",
		judgeWorkers, judgeTick)
	clock := judgeNewClock()
	c, p := judgeNewCache(clock)
	if p != nil {
		return p
	}
	m := judgeNewModel()
	m.anonymous = true
	var (
		current atomic.Pointer[string]
		crew    kit.Crew
	)
	crew.Go(spawn, func() {
		for i := range judgeCallsEach {
			clock.Advance(judgeTick)
			m.advance(judgeTick)
			for g := range judgeWorkers {
				op := ops[g][i]
				where := fmt.Sprintf("%s, goroutine %d's call %d: %s", how, g+1, i+1, op.code())
				current.Store(&where)
				var want, note string
				switch op.kind {
				case judgeOpSet:
					m.set(op.key, op.value, op.ttl, op.code())
				case judgeOpGet:
					note = m.explainGet(op.key)
					want = judgeGetResult(m.get(op.key))
				case judgeOpDelete:
					m.remove(op.key)
				case judgeOpLen:
					note = m.explainLen()
					want = fmt.Sprint(m.size())
				}
				got, msg := judgeDo(c, op)
				if msg != "" {
					p = &kit.Record{Kind: kit.RuntimeError, Summary: where + " panicked: " + kit.PanicMessage(msg) + kit.PanicSite(msg, New)}
					return
				}
				if got != want {
					p = &kit.Record{Kind: kit.WrongAnswer,
						Summary: fmt.Sprintf("%s returned %s, want %s (%s)", where, got, want, note),
						Want:    []string{op.code() + " = " + want},
						Got:     []string{op.code() + " = " + got}}
					return
				}
			}
		}
	})
	if problem := judgeWatch(&crew, how, func() []string { return []string{*current.Load()} }); problem != nil {
		return problem
	}
	return p
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

func judgeAtOnce(ops [judgeWorkers][]judgeOp, spawn func(func())) (*Cache, *judgeClock, map[string]judgeOwned, *kit.Record) {
	how := fmt.Sprintf("%d goroutines at once, while another moves the clock %s at a time", judgeWorkers, judgeTick)
	clock := judgeNewClock()
	c, p := judgeNewCache(clock)
	if p != nil {
		return nil, nil, nil, p
	}
	var (
		progress [judgeWorkers]atomic.Int64 // the call each goroutine is in, 1-based; 0 when in none
		owned    [judgeWorkers]map[string]judgeOwned
		mu       sync.Mutex
		first    *kit.Record
		crew     kit.Crew
		stop     = make(chan struct{})
		moverWG  sync.WaitGroup
	)
	report := func(p *kit.Record) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = p
		}
	}
	start := make(chan struct{})
	moverWG.Add(1)
	spawn(func() {
		defer moverWG.Done()
		<-start
		for {
			select {
			case <-stop:
				return
			default:
			}
			clock.Advance(judgeTick)
			runtime.Gosched()
		}
	})
	for g := range judgeWorkers {
		owned[g] = map[string]judgeOwned{}
		crew.Go(spawn, func() {
			<-start
			mine := owned[g]
			for i, op := range ops[g] {
				if i%16 == 15 {
					// Hand over often, between calls, so that the goroutines' calls interleave
					// even on one processor.
					runtime.Gosched()
				}
				progress[g].Store(int64(i + 1))
				before := clock.since()
				got, msg := judgeDo(c, op)
				past := clock.since()
				progress[g].Store(0)
				where := fmt.Sprintf("%s, goroutine %d's call %d: %s", how, g+1, i+1, op.code())
				if msg != "" {
					report(&kit.Record{Kind: kit.RuntimeError, Summary: where + " panicked: " + kit.PanicMessage(msg) + kit.PanicSite(msg, New)})
					return
				}
				switch op.kind {
				case judgeOpSet:
					mine[op.key] = judgeOwned{set: true, value: op.value, ttl: op.ttl, before: before, past: past}
				case judgeOpDelete:
					mine[op.key] = judgeOwned{}
				case judgeOpGet:
					if judgeOwner(op.key) == g {
						if p := judgeCheckOwnGet(where, op, mine[op.key], before, past, got); p != nil {
							report(p)
							return
						}
					} else if p := judgeCheckForeignGet(where, op, got); p != nil {
						report(p)
						return
					}
				case judgeOpLen:
					var n int
					fmt.Sscan(got, &n)
					if n < 0 || n > judgeKeys {
						report(&kit.Record{Kind: kit.WrongAnswer,
							Summary: fmt.Sprintf("%s returned %s, want a number from 0 to %d: the goroutines only ever set %d keys", where, got, judgeKeys, judgeKeys),
							Want:    []string{fmt.Sprintf("c.Len() = 0 .. %d", judgeKeys)}, Got: []string{"c.Len() = " + got}})
						return
					}
				}
			}
		})
	}
	close(start)
	problem := judgeWatch(&crew, how, func() []string {
		var stuck []string
		for g := range judgeWorkers {
			if i := progress[g].Load(); i > 0 {
				stuck = append(stuck, fmt.Sprintf("goroutine %d in %s", g+1, ops[g][i-1].code()))
			}
		}
		return stuck
	})
	close(stop)
	moverWG.Wait()
	if problem != nil {
		return nil, nil, nil, problem
	}
	owners := map[string]judgeOwned{}
	for g := range judgeWorkers {
		for k, o := range owned[g] {
			owners[k] = o
		}
	}
	return c, clock, owners, first
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
		Want:    []string{op.code() + " = " + want}, Got: []string{op.code() + " = " + got}}
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
		Want:    []string{op.code() + " = " + want}, Got: []string{op.code() + " = " + got}}
}

// judgeAfterwards checks, one call at a time with the clock standing still, the cache the
// concurrent calls left: each key holds what its owner last did to it, Len counts exactly the
// keys there, and an hour later nothing is left.
func judgeAfterwards(c *Cache, clock *judgeClock, owners map[string]judgeOwned) *kit.Record {
	when := fmt.Sprintf("after %d goroutines made %d calls at once while the clock moved, one call at a time with the clock standing at ", judgeWorkers, judgeWorkers*judgeCallsEach)
	var (
		p       *kit.Record
		current atomic.Pointer[string]
		crew    kit.Crew
	)
	call := func(op judgeOp) (string, bool) {
		at := when + judgeAt(clock.since()) + ", " + op.code()
		current.Store(&at)
		got, msg := judgeDo(c, op)
		if msg != "" {
			p = &kit.Record{Kind: kit.RuntimeError, Summary: at + " panicked: " + kit.PanicMessage(msg) + kit.PanicSite(msg, New)}
			return "", false
		}
		return got, true
	}
	crew.Go(nil, func() {
		now := clock.since()
		present := 0
		for k := range judgeKeys {
			key := judgeKey(k)
			op := judgeOp{kind: judgeOpGet, key: key}
			got, ok := call(op)
			if !ok {
				return
			}
			if got != judgeGetResult("", false) {
				present++
			}
			if q := judgeCheckOwnGet(when+judgeAt(now)+", "+op.code(), op, owners[key], now, now, got); q != nil {
				p = q
				return
			}
		}
		got, ok := call(judgeOp{kind: judgeOpLen})
		if !ok {
			return
		}
		if got != fmt.Sprint(present) {
			p = &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s%s, c.Len() returned %s, want %d: a Get of each of the %d keys just found %d of them there",
					when, judgeAt(now), got, present, judgeKeys, present),
				Want: []string{fmt.Sprintf("c.Len() = %d", present)}, Got: []string{"c.Len() = " + got}}
			return
		}
		clock.Advance(time.Hour)
		now = clock.since()
		if got, ok := call(judgeOp{kind: judgeOpLen}); !ok {
			return
		} else if got != "0" {
			p = &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s%s (an hour later), c.Len() returned %s, want 0: every ttl was at most %s, so every entry has expired",
					when, judgeAt(now), got, judgeRaceTTLs[len(judgeRaceTTLs)-1]),
				Want: []string{"c.Len() = 0"}, Got: []string{"c.Len() = " + got}}
			return
		}
		for k := range judgeKeys {
			op := judgeOp{kind: judgeOpGet, key: judgeKey(k)}
			got, ok := call(op)
			if !ok {
				return
			}
			if got != judgeGetResult("", false) {
				p = &kit.Record{Kind: kit.WrongAnswer,
					Summary: fmt.Sprintf("%s%s (an hour later), %s returned %s, want \"\", false: every ttl was at most %s, so every entry has expired",
						when, judgeAt(now), op.code(), got, judgeRaceTTLs[len(judgeRaceTTLs)-1]),
					Want: []string{op.code() + ` = "", false`}, Got: []string{op.code() + " = " + got}}
				return
			}
		}
	})
	if !crew.Wait(kit.RaceWait()) {
		kit.MarkHung()
		return &kit.Record{Kind: kit.TimeLimitExceeded,
			Summary: fmt.Sprintf("%s did not return with no other goroutine running: a lock was left locked, or the cache is stuck in a loop", *current.Load())}
	}
	if u := crew.Unfinished(); u != "" {
		return &kit.Record{Kind: kit.Rejected,
			Summary: fmt.Sprintf("after %d goroutines made %d calls at once while the clock moved, one call at a time: %s", judgeWorkers, judgeWorkers*judgeCallsEach, u)}
	}
	return p
}
