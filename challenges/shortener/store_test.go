package shortener

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// The store's tests are scenarios: s := NewStore(), then calls of Shorten and Resolve, each
// checked against judgeStoreModel and run by the kit (watchdog, panics caught, shrinking).
type (
	judgeScenario = kit.Scenario[*Store, *judgeStoreModel]
	judgeStep     = kit.Step[*Store, *judgeStoreModel]
)

const judgeSetup = "s := NewStore()"

func judgeNewScenario(steps ...judgeStep) judgeScenario {
	return judgeScenario{
		Setup: judgeSetup,
		New:   NewStore,
		Model: func() *judgeStoreModel { return &judgeStoreModel{} },
		Steps: steps,
	}
}

func judgeShorten(url string) judgeStep {
	return judgeStep{
		Code: fmt.Sprintf("s.Shorten(%q)", url),
		Do:   func(s *Store) string { return fmt.Sprintf("%q", s.Shorten(url)) },
		Want: func(m *judgeStoreModel) string { return fmt.Sprintf("%q", m.shorten(url)) },
		Note: func(m *judgeStoreModel, got string) string {
			return judgeShortenNote(m, url, fmt.Sprintf("%q", url), got)
		},
	}
}

func judgeResolve(code string) judgeStep {
	call := fmt.Sprintf("s.Resolve(%q)", code)
	return judgeStep{
		Code: call,
		Do: func(s *Store) string {
			u, ok := s.Resolve(code)
			return fmt.Sprintf("%q, %t", u, ok)
		},
		Want: func(m *judgeStoreModel) string {
			u, ok := m.resolve(code)
			return fmt.Sprintf("%q, %t", u, ok)
		},
		Note: func(m *judgeStoreModel, got string) string { return judgeResolveNote(m, code) },
		// Resolve returns two results, which the kit's test to paste does not compare.
		Repro: func(want string) string {
			cut := strings.LastIndex(want, ", ")
			url, ok := want[:cut], want[cut+2:]
			cond := fmt.Sprintf("got != %s || !ok", url)
			if ok == "false" {
				cond = fmt.Sprintf("got != %s || ok", url)
			}
			return fmt.Sprintf("if got, ok := %s; %s {\n\tt.Fatalf(\"%s = %%q, %%t, want %s\", got, ok)\n}",
				call, cond, judgeEscape(call), judgeEscape(want))
		},
	}
}

// judgeShortenNote says why Shorten(url) must return what the model says; shown is the URL as
// the note writes it.
func judgeShortenNote(m *judgeStoreModel, url, shown, got string) string {
	if id := m.id(url); id > 0 {
		return fmt.Sprintf("%s was first shortened by call %d: the same URL always gets the same code", shown, m.first[id-1])
	}
	id := len(m.urls) + 1
	if id == 1 {
		return "IDs start at 1, so the first URL's code is \"1\""
	}
	plural := "s"
	if id == 2 {
		plural = ""
	}
	note := fmt.Sprintf("%d distinct URL%s came before, so this new one gets ID %d, code %q", id-1, plural, id, judgeEncode(uint64(id)))
	if m.shortens > len(m.urls) {
		note += "; shortening a URL again must not use up an ID"
	}
	if code, err := strconv.Unquote(got); err == nil {
		if u, ok := m.lookup(code); ok {
			note += fmt.Sprintf("; %s is already the code of %s", got, judgeShowURL(u))
		}
	}
	return note
}

// judgeShowURL writes a URL for a message: as Go source, and never a quarter of a megabyte.
func judgeShowURL(u string) string {
	const prefix = "https://example.com/"
	switch {
	case len(u) <= 100:
		return fmt.Sprintf("%q", u)
	case strings.HasPrefix(judgeLongURLs, u) && len(u) > len(prefix):
		return fmt.Sprintf("%q + strings.Repeat(\"a\", %d)", prefix, len(u)-len(prefix))
	}
	return fmt.Sprintf("%q... (%d bytes)", u[:60], len(u))
}

// judgeResolveNote says why Resolve(code) must return what the model says.
func judgeResolveNote(m *judgeStoreModel, code string) string {
	if u, ok := m.lookup(code); ok {
		id := m.id(u)
		return fmt.Sprintf("call %d, s.Shorten(%s), returned %q", m.first[id-1], judgeShowURL(u), code)
	}
	w := judgeDecode(code)
	switch {
	case code == "":
		return "the empty string is not a code"
	case w.invalid:
		return fmt.Sprintf("%q is not base62, so Shorten never returns it", code)
	case w.overflow:
		return fmt.Sprintf("%q is beyond any ID", code)
	case strings.HasPrefix(code, "0") && w.value > 0:
		return fmt.Sprintf("Shorten never returns a code with a leading zero: ID %d's code is %q", w.value, judgeEncode(w.value))
	case w.value == 0:
		return "IDs start at 1, so \"0\" is nobody's code"
	case len(m.urls) == 0:
		return "nothing has been shortened yet"
	case len(m.urls) == 1:
		return "only one URL has been shortened, so \"1\" is the only code"
	}
	return fmt.Sprintf("only %d URLs have been shortened, so the codes given out are \"1\" to %q", len(m.urls), judgeEncode(uint64(len(m.urls))))
}

// judgeGate holds the race and performance suites back until judgeWorks passes.
var judgeGate = kit.Gate{Solution: "a store", Works: judgeWorks}

// judgeWorks checks, with one goroutine and a few calls, what the race and performance suites
// take for granted: that two URLs get two codes that resolve to them. Without it a stub that
// does nothing would earn their points, being race-free and fast. It is no stricter than that,
// so that a mistake in the finer rules costs points in the correctness suite alone.
func judgeWorks(t *testing.T, context string) bool {
	t.Helper()
	var (
		s      *Store
		c1, c2 string
		u1, u2 string
		k1, k2 bool
	)
	a, b := "https://go.dev", "https://pkg.go.dev"
	p, hung := judgeRun(func() {
		s = NewStore()
		c1, c2 = s.Shorten(a), s.Shorten(b)
		u1, k1 = s.Resolve(c1)
		u2, k2 = s.Resolve(c2)
	})
	var problem string
	switch {
	case hung:
		problem = "NewStore, Shorten or Resolve never returned"
	case p != "":
		problem = "it panicked: " + kit.PanicMessage(p) + kit.PanicSite(p, NewStore)
	case c1 == c2:
		problem = fmt.Sprintf("s.Shorten(%q) and s.Shorten(%q) both returned %q", a, b, c1)
	case u1 != a || !k1:
		problem = fmt.Sprintf("s.Shorten(%q) returned %q, but s.Resolve(%q) returned %q, %t", a, c1, c1, u1, k1)
	case u2 != b || !k2:
		problem = fmt.Sprintf("s.Shorten(%q) returned %q, but s.Resolve(%q) returned %q, %t", b, c2, c2, u2, k2)
	default:
		return true
	}
	kit.Fail(t, kit.Record{Kind: kit.WrongAnswer, Summary: context + "shortening two URLs and resolving their codes, one call at a time, does not work: " + problem})
	return false
}
