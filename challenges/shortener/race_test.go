package shortener

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// TestConcurrentShortenResolve has many goroutines shorten URLs and resolve the codes they get,
// on one store at once: URLs of their own, new to the store, and URLs shared by all, which
// were shortened before the goroutines started. Every result is checked: a shared URL keeps
// its code, a code resolves to its URL at once, and in the end the codes are exactly those of
// IDs 1 to the number of URLs. No two goroutines shorten the same new URL, which is
// TestConcurrentSameURL's business. The suite runs under the race detector, which reports any
// unsynchronised access.
func TestConcurrentShortenResolve(t *testing.T) {
	judgeGate.Concurrency(t)
	// The goroutines' calls are first made one at a time, in turn, so that a mistake that
	// needs no concurrency to show is reported the same way on every run, shrunk.
	rehearsal := judgeMixedRehearsal()
	rehearsal.Context = fmt.Sprintf("one call at a time (the shared URLs, then the first %d calls of the %d goroutines in turn, before making them at once): ", 2*judgeRehearsed, judgeMixedWorkers)
	if !kit.Check(t, rehearsal) {
		return
	}
	// The race detector reports a pair of racing stacks once per process, so each test starts
	// its goroutines from a function of its own, whose frame makes its stacks new.
	spawn := func(f func()) { go func() { f() }() }
	if p := judgeMixed(spawn); p != nil {
		kit.Fail(t, *p)
	}
}

// TestConcurrentSameURL has several goroutines shorten the same new URL at the same moment,
// round after round. They must all get the same code: a store that checks whether the URL is
// known and, finding it is not, gives it an ID in a second step lets two goroutines both give
// it one. The run uses several processors even under the race detector, since this mistake
// only shows when calls truly overlap; and the URLs are long, so that hashing them makes each
// call last long enough for the calls of goroutines woken together to overlap.
func TestConcurrentSameURL(t *testing.T) {
	judgeGate.Concurrency(t)
	var steps []judgeStep
	for r := 0; r < judgeRehearsed*2; r++ {
		steps = append(steps, judgeShortenLong(r), judgeShortenLong(r))
	}
	rehearsal := judgeNewScenario(steps...)
	rehearsal.Context = fmt.Sprintf("one call at a time (the URLs of the first %d rounds twice each, before the goroutines call at once): ", judgeRehearsed*2)
	if !kit.Check(t, rehearsal) {
		return
	}
	spawn := func(f func()) { go func() { f() }() } // as in TestConcurrentShortenResolve
	if p := judgeSameURL(spawn); p != nil {
		kit.Fail(t, *p)
	}
}

const (
	// The mixed workload: each goroutine shortens its own URLs and the shared ones, each
	// twice, resolving every code it gets. The calls are few, because the race detector slows
	// code tenfold and the suite runs beside the correctness suite on a small machine.
	judgeMixedWorkers = 8
	judgeSharedURLs   = 40
	judgeOwnURLs      = 60
	// judgeRehearsed is how many URLs of each goroutine's the mixed workload's rehearsal makes
	// one call at a time, and half the rounds of the same-URL workload's.
	judgeRehearsed = 50
	// The same-URL workload: judgeSameWorkers goroutines, judgeRounds rounds, each round with
	// a URL of judgeLongURL bytes and more.
	judgeSameWorkers = 8
	judgeRounds      = 1000
	judgeLongURL     = 256 << 10
)

func judgeSharedURL(i int) string { return fmt.Sprintf("https://example.com/shared/%d", i) }
func judgeOwnURL(g, i int) string { return fmt.Sprintf("https://example.com/g%d/%d", g+1, i) }
func judgeMixedURLs() int         { return judgeSharedURLs + judgeMixedWorkers*judgeOwnURLs }

// judgeLongURLs holds the URL of every round of TestConcurrentSameURL: round r's is a prefix of
// it, "https://example.com/" and judgeLongURL+r letters a. They share its memory, so that a
// thousand URLs of a quarter of a megabyte each take no more room than one.
var judgeLongURLs = "https://example.com/" + strings.Repeat("a", judgeLongURL+judgeRounds)

func judgeRoundURL(r int) string {
	return judgeLongURLs[:len("https://example.com/")+judgeLongURL+r]
}

// judgeRoundCall is Shorten of round r's URL as Go source, short enough to read.
func judgeRoundCall(r int) string {
	return fmt.Sprintf("s.Shorten(\"https://example.com/\" + strings.Repeat(\"a\", %d))", judgeLongURL+r)
}

// judgeShortenLong is a step that shortens round r's URL, written as judgeRoundCall.
func judgeShortenLong(r int) judgeStep {
	u := judgeRoundURL(r)
	return judgeStep{
		Code: judgeRoundCall(r),
		Do:   func(s *Store) string { return fmt.Sprintf("%q", s.Shorten(u)) },
		Want: func(m *judgeStoreModel) string { return fmt.Sprintf("%q", m.shorten(u)) },
		Note: func(m *judgeStoreModel, got string) string { return judgeShortenNote(m, u, "the URL", got) },
	}
}

// judgeMixedURLLists returns the URLs each goroutine shortens, in order, the same on every run:
// its own and the shared ones shuffled together, twice over.
func judgeMixedURLLists() [judgeMixedWorkers][]string {
	var lists [judgeMixedWorkers][]string
	for g := range lists {
		rng := rand.New(rand.NewPCG(0x5407, uint64(g)))
		var urls []string
		for i := 0; i < judgeSharedURLs; i++ {
			urls = append(urls, judgeSharedURL(i))
		}
		for i := 0; i < judgeOwnURLs; i++ {
			urls = append(urls, judgeOwnURL(g, i))
		}
		for pass := 0; pass < 2; pass++ {
			rng.Shuffle(len(urls), func(i, j int) { urls[i], urls[j] = urls[j], urls[i] })
			lists[g] = append(lists[g], urls...)
		}
	}
	return lists
}

// judgeMixedRehearsal is the start of the mixed workload made one call at a time: the shared
// URLs, then the goroutines' first judgeRehearsed URLs in turn, each Shorten followed by a
// Resolve of its code. It is only the start, since the kit gives a whole scenario two
// seconds, and the race detector slows it down.
func judgeMixedRehearsal() judgeScenario {
	lists := judgeMixedURLLists()
	m := &judgeStoreModel{}
	var steps []judgeStep
	for i := 0; i < judgeSharedURLs; i++ {
		u := judgeSharedURL(i)
		steps = append(steps, judgeShorten(u), judgeResolve(m.shorten(u)))
	}
	for i := 0; i < judgeRehearsed; i++ {
		for g := range lists {
			u := lists[g][i]
			steps = append(steps, judgeShorten(u), judgeResolve(m.shorten(u)))
		}
	}
	return judgeNewScenario(steps...)
}

// judgeMixed runs the mixed workload on a new store, all goroutines at once, and checks it.
func judgeMixed(spawn func(func())) *kit.Record {
	how := fmt.Sprintf("%d goroutines at once", judgeMixedWorkers)
	lists := judgeMixedURLLists()
	s := NewStore()
	var codes [judgeMixedWorkers]map[string]string // URL -> the code the goroutine got
	// The shared URLs first, one at a time: they get IDs 1 to judgeSharedURLs.
	p, hung := judgeRun(func() {
		for i := 0; i < judgeSharedURLs; i++ {
			if c, want := s.Shorten(judgeSharedURL(i)), judgeEncode(uint64(i+1)); c != want {
				panic(fmt.Sprintf("s.Shorten(%q) returned %q, want %q", judgeSharedURL(i), c, want))
			}
		}
	})
	switch {
	case hung:
		return &kit.Record{Kind: kit.TimeLimitExceeded, Summary: "shortening the shared URLs one at a time: s.Shorten did not return: " + kit.WhyStuck()}
	case p != "":
		return &kit.Record{Kind: kit.RuntimeError, Summary: "shortening the shared URLs one at a time: " + kit.PanicMessage(p) + kit.PanicSite(p, NewStore)}
	}
	for g := range lists {
		codes[g] = map[string]string{}
		for i := 0; i < judgeSharedURLs; i++ {
			codes[g][judgeSharedURL(i)] = judgeEncode(uint64(i + 1))
		}
	}
	run := &kit.Run{How: how, Spawn: spawn, Solution: NewStore}
	run.AtOnce(judgeMixedWorkers, len(lists[0]), func(w *kit.Worker, g, i int) {
		u := lists[g][i]
		var code, got string
		var ok bool
		shorten := fmt.Sprintf("s.Shorten(%q)", u)
		if !w.Call(shorten, func() { code = s.Shorten(u) }) {
			return
		}
		if prev, seen := codes[g][u]; seen && prev != code {
			run.Fail(kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s returned %q, but it was given %q before: a URL's code never changes", w.Where(), code, prev),
				Want:    []string{fmt.Sprintf("%s = %q", shorten, prev)}, Got: []string{fmt.Sprintf("%s = %q", shorten, code)}})
			return
		}
		codes[g][u] = code
		resolve := fmt.Sprintf("s.Resolve(%q)", code)
		if !w.Call(resolve, func() { got, ok = s.Resolve(code) }) {
			return
		}
		if got != u || !ok {
			run.Fail(kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s returned %q, %t, want %q, true: the same goroutine's %s had just returned %q", w.Where(), got, ok, u, shorten, code),
				Want:    []string{fmt.Sprintf("%s = %q", shorten, code), fmt.Sprintf("%s = %q, true", resolve, u)},
				Got:     []string{fmt.Sprintf("%s = %q", shorten, code), fmt.Sprintf("%s = %q, %t", resolve, got, ok)}})
		}
	})
	if p := run.Wait(); p != nil {
		return p
	}
	// Each goroutine's own URLs, and the shared ones, which were checked as they came.
	final := map[string]string{}
	for g := range codes {
		for u, c := range codes[g] {
			final[u] = c
		}
	}
	return judgeCodesAreIDs(s, final, how+", shortening "+fmt.Sprint(judgeMixedURLs())+" distinct URLs")
}

// judgeCodesAreIDs checks that the codes the URLs got are exactly Encode(1) .. Encode(n), one
// each, and that each resolves to its URL, one call at a time after the concurrent run.
func judgeCodesAreIDs(s *Store, final map[string]string, how string) *kit.Record {
	n := len(final)
	byCode := map[string][]string{}
	for u, c := range final {
		byCode[c] = append(byCode[c], u)
	}
	for c, urls := range byCode {
		if len(urls) > 1 {
			sort.Strings(urls)
			return &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s: %s and %s both got the code %q. Two goroutines took the same ID: take the next ID and advance the counter under the lock that guards the maps (or with one atomic Add)",
					how, judgeShowURL(urls[0]), judgeShowURL(urls[1]), c)}
		}
	}
	var outside []string
	for c := range byCode {
		if d := judgeDecode(c); d.invalid || d.overflow || d.value < 1 || d.value > uint64(n) || judgeEncode(d.value) != c {
			outside = append(outside, fmt.Sprintf("%q", c))
		}
	}
	if len(outside) > 0 {
		sort.Strings(outside)
		if len(outside) > 3 {
			outside = append(outside[:3], "...")
		}
		return &kit.Record{Kind: kit.WrongAnswer,
			Summary: fmt.Sprintf("%s: the codes must be exactly those of IDs 1 to %d (\"1\" to %q), one per URL, but %s were given out too. IDs are given only to new URLs, one each: taking an ID for a URL that already has one skips a number",
				how, n, judgeEncode(uint64(n)), strings.Join(outside, ", "))}
	}
	// Every code resolves to its URL, and the next one to nothing.
	type resolved struct {
		u  string
		ok bool
	}
	results := make([]resolved, n+2)
	p, hung := judgeRun(func() {
		for id := 1; id <= n+1; id++ {
			results[id].u, results[id].ok = s.Resolve(judgeEncode(uint64(id)))
		}
	})
	switch {
	case hung:
		return &kit.Record{Kind: kit.TimeLimitExceeded, Summary: how + ", then one call at a time: s.Resolve did not return: " + kit.WhyStuck()}
	case p != "":
		return &kit.Record{Kind: kit.RuntimeError, Summary: how + ", then one call at a time: s.Resolve panicked: " + kit.PanicMessage(p) + kit.PanicSite(p, NewStore)}
	}
	for id := 1; id <= n+1; id++ {
		code := judgeEncode(uint64(id))
		want := resolved{}
		if id <= n {
			want = resolved{byCode[code][0], true}
		}
		if got := results[id]; got != want {
			call := fmt.Sprintf("s.Resolve(%q)", code)
			why := fmt.Sprintf("Shorten gave %s the code %q", judgeShowURL(want.u), code)
			if !want.ok {
				why = fmt.Sprintf("only %d URLs were shortened", n)
			}
			return &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%s, then one call at a time: %s returned %s, %t, want %s, %t: %s", how, call, judgeShowURL(got.u), got.ok, judgeShowURL(want.u), want.ok, why),
				Want:    []string{fmt.Sprintf("%s = %s, %t", call, judgeShowURL(want.u), want.ok)}, Got: []string{fmt.Sprintf("%s = %s, %t", call, judgeShowURL(got.u), got.ok)}}
		}
	}
	return nil
}

// judgeSameURL runs the same-URL workload: in each round every goroutine waits at a gate that
// the last to arrive opens, then shortens that round's URL.
func judgeSameURL(spawn func(func())) *kit.Record {
	how := fmt.Sprintf("%d goroutines calling Shorten with the same new URL at once, %d rounds", judgeSameWorkers, judgeRounds)
	s := NewStore()
	var (
		arrived atomic.Int64
		codes   [judgeSameWorkers][judgeRounds]string
		urls    [judgeRounds]string
		calls   [judgeRounds]string
		gates   [judgeRounds]chan struct{}
	)
	// Everything but the calls themselves is done beforehand, so that nothing slows one
	// goroutine more than another between the gate and the call.
	for r := range urls {
		urls[r], calls[r], gates[r] = judgeRoundURL(r), judgeRoundCall(r), make(chan struct{})
	}
	arrive := func(r int) {
		if arrived.Add(1) == int64(judgeSameWorkers*(r+1)) {
			close(gates[r])
		}
	}
	run := &kit.Run{How: how, Spawn: spawn, Solution: NewStore}
	for g := 0; g < judgeSameWorkers; g++ {
		run.Go(fmt.Sprintf("goroutine %d", g+1), func(w *kit.Worker) {
			for r := 0; r < judgeRounds; r++ {
				arrive(r)
				<-gates[r]
				if !w.Call(calls[r], func() { codes[g][r] = s.Shorten(urls[r]) }) {
					// Keep arriving at the gates, so that the others never wait for ever.
					for r++; r < judgeRounds; r++ {
						arrive(r)
					}
					return
				}
			}
		})
	}
	if p := run.Wait(); p != nil {
		return p
	}
	final := map[string]string{}
	for r := 0; r < judgeRounds; r++ {
		count := map[string]int{}
		common := codes[0][r] // the code most goroutines got
		for g := 0; g < judgeSameWorkers; g++ {
			c := codes[g][r]
			if count[c]++; count[c] > count[common] {
				common = c
			}
		}
		if count[common] < judgeSameWorkers {
			// Which round, and which codes, change from run to run: the message does not say,
			// so that it is the same every time.
			return &kit.Record{Kind: kit.WrongAnswer,
				Summary: fmt.Sprintf("%d goroutines called Shorten with the same new URL at the same moment, and they did not all get the same code: every caller must get the same code for the same URL. Between finding that the URL is new and giving it an ID, another goroutine gave it one too. Look the URL up and give it an ID under one lock, held throughout (with a sync.RWMutex, look again after taking the write lock)",
					judgeSameWorkers)}
		}
		final[urls[r]] = common
	}
	return judgeCodesAreIDs(s, final, how)
}
