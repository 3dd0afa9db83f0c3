package shortener

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/prep-judge/prep/challenges/kit"
)

// TestEncodeKnownValues checks Encode on the values where base62 changes shape: the edges of
// each range of digits, of each length of code, and the largest uint64.
func TestEncodeKnownValues(t *testing.T) {
	// Hand-written answers, a check on the model that explains the failures.
	for n, want := range map[uint64]string{0: "0", 10: "a", 36: "A", 61: "Z", 62: "10", 3843: "ZZ", 3844: "100", math.MaxUint64: judgeMaxCode} {
		if got := judgeEncode(n); got != want {
			t.Fatalf("hidden test is wrong: the model says Encode(%d) = %q; the test says %q", n, got, want)
		}
	}
	var lines []judgeLine
	for _, n := range judgeKnownValues {
		lines = append(lines, judgeEncodeLine(n))
	}
	judgeReportLines(t, lines, "")
}

var judgeKnownValues = []uint64{
	0, 1, 9, 10, 35, 36, 61, 62, 63, 124, 3843, 3844, 238327, 238328, 1_000_000_000,
	math.MaxUint32, 1 << 63, math.MaxUint64 - 1, math.MaxUint64,
}

// TestDecodeKnownValues checks Decode on the codes of the same values.
func TestDecodeKnownValues(t *testing.T) {
	var lines []judgeLine
	for _, n := range judgeKnownValues {
		lines = append(lines, judgeDecodeLine(judgeEncode(n)))
	}
	judgeReportLines(t, lines, "")
}

// TestDecodeEdgeCases pins one rule of Decode per subtest, so that a failure names the rule
// that was broken.
func TestDecodeEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name   string
		inputs []string
	}{
		{"empty_string", []string{""}},
		{"invalid_characters", []string{"!", " ", "-1", "+1", "1 ", " 1", "a-b", "a_b", "abc.", "é", "\x00", "12\n", "0x1F"}},
		{"overflow", []string{"lYGhA16ahyg", "lYGhA16ahyZ", "lYGhA16ahz0", "lYGhA16aiyf", "m0000000000", "zzzzzzzzzzz", "ZZZZZZZZZZZ", "100000000000", "ZZZZZZZZZZZZZZZZZZZZ"}},
		{"largest_values", []string{judgeMaxCode, "lYGhA16ahye", "lYGhA16ahy0", "lYGhA16agZZ", "kZZZZZZZZZZ", "ZZZZZZZZZZ"}},
		{"leading_zeros", []string{"00", "007", "0Z", "00000000000000000000010", "0" + judgeMaxCode, "0000000000" + judgeMaxCode}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var lines []judgeLine
			for _, s := range tc.inputs {
				lines = append(lines, judgeDecodeLine(s))
			}
			judgeReportLines(t, lines, "")
		})
	}
}

// TestEncodeDecodeRandom checks Encode against the model, and Decode on its codes, for
// thousands of values from fixed seeds: every length of code, the powers of 62 and their
// neighbours, and uniform 64-bit values. A failure is shrunk to the simplest value that still
// fails, by dropping and zeroing digits.
func TestEncodeDecodeRandom(t *testing.T) {
	values := []uint64{math.MaxUint64}
	for p, k := uint64(1), 0; k < 11; p, k = p*62, k+1 {
		values = append(values, p-1, p, p+1, 2*p, 61*p)
	}
	rng := rand.New(rand.NewPCG(0x5407, 0x62))
	for i := 0; i < 3000; i++ {
		switch i % 3 {
		case 0:
			values = append(values, rng.Uint64())
		case 1:
			values = append(values, rng.Uint64N(judgePow62(1+rng.IntN(10))))
		default:
			values = append(values, math.MaxUint64-rng.Uint64N(1<<20))
		}
	}
	for _, n := range values {
		if l := judgeEncodeLine(n); !l.ok {
			fails := func(v uint64) bool { return judgeEncodeLine(v).kind == l.kind }
			small := kit.Shrink(n, fails, judgeSimplerValues)
			judgeReportLines(t, []judgeLine{judgeEncodeLine(small)}, judgeShrunkNote(len(values), "values", fmt.Sprint(n), fmt.Sprint(small)))
			return
		}
		if l := judgeDecodeLine(judgeEncode(n)); !l.ok {
			fails := func(v uint64) bool { return judgeDecodeLine(judgeEncode(v)).kind == l.kind }
			small := kit.Shrink(n, fails, judgeSimplerValues)
			judgeReportLines(t, []judgeLine{judgeDecodeLine(judgeEncode(small))}, judgeShrunkNote(len(values), "codes", fmt.Sprintf("%q", judgeEncode(n)), fmt.Sprintf("%q", judgeEncode(small))))
			return
		}
	}
}

// judgeShrunkNote says where the shrunk case of a random test came from.
func judgeShrunkNote(count int, what, first, small string) string {
	if first == small {
		return ""
	}
	return fmt.Sprintf("; the first of %d random %s to fail was %s, and %s is the simplest that fails the same way", count, what, first, small)
}

func judgePow62(k int) uint64 {
	p := uint64(1)
	for ; k > 0; k-- {
		p *= 62
	}
	return p
}

// judgeSimplerValues lists simpler values than n, simplest first: 0, then n with one digit
// dropped, then with one digit made 0 or 1.
func judgeSimplerValues(n uint64) []uint64 {
	if n == 0 {
		return nil
	}
	out := []uint64{0}
	code := []byte(judgeEncode(n))
	for _, c := range kit.Removals(code) {
		if len(c) > 0 {
			out = append(out, judgeDecode(string(c)).value)
		}
	}
	for _, c := range kit.Replacements(code, func(d byte) []byte {
		if d > '1' {
			return []byte{'0', '1'}
		}
		if d == '1' {
			return []byte{'0'}
		}
		return nil
	}) {
		out = append(out, judgeDecode(string(c)).value)
	}
	return slices.DeleteFunc(out, func(v uint64) bool { return v >= n })
}

// TestDecodeRandomStrings checks Decode against the model on strings from fixed seeds: valid
// codes, codes with a character that is not a digit, codes with leading zeros, and codes of
// eleven digits and more around math.MaxUint64, where overflow checks go wrong.
func TestDecodeRandomStrings(t *testing.T) {
	rng := rand.New(rand.NewPCG(0xdec0de, 0x62))
	const count = 3000
	for i := 0; i < count; i++ {
		s := judgeRandomString(rng)
		if l := judgeDecodeLine(s); !l.ok {
			fails := func(c []string) bool { return judgeDecodeLine(strings.Join(c, "")).kind == l.kind }
			small := strings.Join(kit.Shrink(judgeChars(s), fails, judgeSimplerStrings), "")
			judgeReportLines(t, []judgeLine{judgeDecodeLine(small)}, judgeShrunkNote(count, "strings", fmt.Sprintf("%q", s), fmt.Sprintf("%q", small)))
			return
		}
	}
}

func judgeRandomString(rng *rand.Rand) string {
	var b strings.Builder
	digits := func(n int) {
		for ; n > 0; n-- {
			b.WriteByte(judgeAlphabet[rng.IntN(62)])
		}
	}
	switch rng.IntN(6) {
	case 0: // a short valid code
		digits(1 + rng.IntN(6))
	case 1: // a code with a character that is not a digit somewhere
		digits(rng.IntN(5))
		b.WriteString([]string{"!", "-", " ", "_", ".", "/", "é", "\x00", "\xff", "~"}[rng.IntN(10)])
		digits(rng.IntN(5))
	case 2: // leading zeros
		b.WriteString(strings.Repeat("0", 1+rng.IntN(12)))
		digits(rng.IntN(12))
	case 3: // eleven digits that start like math.MaxUint64: some fit, some overflow
		k := rng.IntN(11)
		b.WriteString(judgeMaxCode[:k])
		digits(11 - k)
	case 4: // eleven digits, any
		digits(11)
	default: // twelve digits and more: always too large, unless they start with zeros
		digits(12 + rng.IntN(8))
	}
	return b.String()
}

// judgeChars splits s into its characters, keeping a byte that is not UTF-8 (such as 0xFF)
// as one character of its own: []rune(s) would turn it into U+FFFD, and the shrunk string
// would no longer hold the byte that made Decode fail.
func judgeChars(s string) []string {
	var out []string
	for len(s) > 0 {
		_, n := utf8.DecodeRuneInString(s)
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

// judgeSimplerStrings lists simpler strings than s, a list of characters: with characters
// removed, then with a digit replaced by 0 or 1.
func judgeSimplerStrings(s []string) [][]string {
	out := kit.Removals(s)
	out = append(out, kit.Replacements(s, func(c string) []string {
		switch {
		case c == "0":
			return nil
		case c == "1":
			return []string{"0"}
		case len(c) == 1 && strings.Contains(judgeAlphabet, c):
			return []string{"0", "1"}
		case c != "!": // a character that is not a digit: '!' is the simplest
			return []string{"!"}
		}
		return nil
	})...)
	return out
}

// TestDecodeEveryByte calls Decode on every byte value alone and after a digit: a lookup
// table one entry short, or a check that only knows printable characters, fails on the rare
// bytes (0x00, 0x7F, 0x80 and above, 0xFF) that the other tests may never meet.
func TestDecodeEveryByte(t *testing.T) {
	var wrong []judgeLine
	count := 0
	for b := 0; b < 256; b++ {
		for _, s := range []string{string([]byte{byte(b)}), "1" + string([]byte{byte(b)})} {
			count++
			if l := judgeDecodeLine(s); !l.ok {
				wrong = append(wrong, l)
			}
		}
	}
	if len(wrong) == 0 {
		return
	}
	more := ""
	if len(wrong) > 8 {
		more = fmt.Sprintf("; %d of the %d strings of one byte, or a digit and one byte, are wrong, the first 8 shown", len(wrong), count)
		wrong = wrong[:8]
	}
	judgeReportLines(t, wrong, more)
}

// TestStoreExample is the example from the statement.
func TestStoreExample(t *testing.T) {
	kit.Check(t, judgeNewScenario(
		judgeShorten("https://go.dev"),
		judgeShorten("https://pkg.go.dev"),
		judgeShorten("https://go.dev"),
		judgeResolve("2"),
		judgeResolve("3"),
	))
}

// TestStoreEdgeCases pins one rule of the store per subtest.
func TestStoreEdgeCases(t *testing.T) {
	many := func(n int) []judgeStep {
		var steps []judgeStep
		for i := 1; i <= n; i++ {
			steps = append(steps, judgeShorten(fmt.Sprintf("https://example.com/%d", i)))
		}
		return steps
	}
	for _, tc := range []struct {
		name  string
		steps []judgeStep
	}{
		{"ids_start_at_one", []judgeStep{
			judgeShorten("https://go.dev"), judgeResolve("1"),
		}},
		{"same_url_same_code", []judgeStep{
			judgeShorten("https://go.dev"), judgeShorten("https://go.dev"),
			judgeShorten("https://pkg.go.dev"), judgeShorten("https://go.dev"), judgeShorten("https://pkg.go.dev"),
			judgeShorten("https://go.dev/blog"), judgeResolve("3"),
		}},
		{"unknown_codes", []judgeStep{
			judgeResolve("1"),
			judgeShorten("https://go.dev"),
			judgeResolve("2"), judgeResolve("0"), judgeResolve(""), judgeResolve("!"), judgeResolve("Z"),
			judgeResolve("lYGhA16ahyf"), judgeResolve("zzzzzzzzzzzz"), judgeResolve("\xff"), judgeResolve("1\xff"),
			judgeResolve("1"),
		}},
		{"codes_with_leading_zeros", []judgeStep{
			judgeShorten("https://go.dev"), judgeShorten("https://pkg.go.dev"),
			judgeResolve("01"), judgeResolve("002"), judgeResolve("00"), judgeResolve("2"),
		}},
		{"any_string_is_a_url", []judgeStep{
			judgeShorten(""), judgeShorten("https://日本.example/パス?q=1#x"), judgeShorten("not a url"),
			judgeShorten(""), judgeResolve("1"), judgeResolve("2"), judgeResolve("3"),
		}},
		{"codes_grow_past_Z", append(many(63),
			judgeResolve("Z"), judgeResolve("10"), judgeResolve("11"), judgeResolve("12"),
			judgeShorten("https://example.com/62"), judgeShorten("https://example.com/1"))},
	} {
		t.Run(tc.name, func(t *testing.T) { kit.Check(t, judgeNewScenario(tc.steps...)) })
	}
}

// TestStoreRandom compares the store with the model on random scenarios from fixed seeds:
// URLs shortened once and again, and codes resolved that were given out, are not yet, or
// never can be. A failure is shrunk to the fewest calls that still fail. The seed is the one
// the corpus's shrunk failures were found with.
func TestStoreRandom(t *testing.T) {
	kit.ExploreFrom(t, 0x5407_7e4e, 300, judgeRandomScenario)
}

// judgeURLs is a pool of URLs the random scenarios draw from, odd ones included.
var judgeURLs = []string{
	"https://go.dev", "https://pkg.go.dev", "https://go.dev/blog", "https://example.com/a?b=c&d=e",
	"", "http://localhost:8080/", "https://日本.example/パス", "https://example.com/#frag",
}

func judgeRandomScenario(r *rand.Rand) judgeScenario {
	urls := slices.Clone(judgeURLs)
	if r.IntN(10) == 0 { // now and then enough URLs to make two-digit codes
		for i := 0; i < 70; i++ {
			urls = append(urls, fmt.Sprintf("https://example.com/p/%d", i))
		}
	}
	urls = urls[:1+r.IntN(len(urls))]
	model := &judgeStoreModel{}
	var steps []judgeStep
	for n := 10 + r.IntN(60+len(urls)); len(steps) < n; {
		switch k := r.IntN(10); {
		case k < 5:
			u := urls[r.IntN(len(urls))]
			model.shorten(u)
			steps = append(steps, judgeShorten(u))
		case k < 8: // a code given out, or about to be
			code := judgeEncode(uint64(1 + r.IntN(len(model.urls)+2)))
			steps = append(steps, judgeResolve(code))
		default: // a code that is never given out
			steps = append(steps, judgeResolve([]string{"0", "", "01", "!", "1 ", "-1", "zzzzzzzzzzzz", "\xff"}[r.IntN(8)]))
		}
	}
	return judgeNewScenario(steps...)
}

// TestStoreLarge fills one store with judgeLargeStore distinct URLs, past the codes of three
// digits (ID 3844) and past the largest 16-bit integer (ID 32767), then resolves the codes of
// a sample of them, shortens those URLs again, and resolves codes that were never given out. The random
// scenarios stay under a hundred URLs: a store that keeps IDs in an int16, or in a table of
// fixed size, passes them and fails only here.
func TestStoreLarge(t *testing.T) {
	url := func(i int) string { return "https://example.com/articles/2024/" + strconv.Itoa(i) }
	var calls []judgeBigCall
	shorten := func(i, filled int, again bool) {
		u := url(i)
		note := fmt.Sprintf("%d distinct URLs came before, so this new one gets ID %d", filled, i)
		if again {
			note = fmt.Sprintf("%s was shortened before, as the %dth URL: the same URL always gets the same code", judgeShowURL(u), i)
		}
		calls = append(calls, judgeBigCall{
			code: fmt.Sprintf("s.Shorten(%q)", u), filled: filled, want: fmt.Sprintf("%q", judgeEncode(uint64(i))), note: note,
			do: func(s *Store) string { return fmt.Sprintf("%q", s.Shorten(u)) },
		})
	}
	resolve := func(code string, filled int) {
		want := `"", false`
		note := fmt.Sprintf("%d URLs have been shortened, so the codes given out are \"1\" to %q", filled, judgeEncode(uint64(filled)))
		if w := judgeDecode(code); !w.invalid && !w.overflow && w.value >= 1 && w.value <= uint64(filled) {
			if judgeEncode(w.value) == code {
				want = fmt.Sprintf("%q, true", url(int(w.value)))
				note = fmt.Sprintf("s.Shorten(%q) returned %q", url(int(w.value)), code)
			} else {
				note = fmt.Sprintf("Shorten never returns a code with a leading zero: ID %d's code is %q", w.value, judgeEncode(w.value))
			}
		}
		calls = append(calls, judgeBigCall{
			code: fmt.Sprintf("s.Resolve(%q)", code), filled: filled, want: want, note: note, resolve: true,
			do: func(s *Store) string {
				u, ok := s.Resolve(code)
				return fmt.Sprintf("%q, %t", u, ok)
			},
		})
	}
	const n = judgeLargeStore
	for i := 1; i <= n; i++ {
		shorten(i, i-1, false)
	}
	// Every 16th URL, and those either side of the sizes where codes or small integers run
	// out: a store that scans a slice (too slow, but right) must still get through this suite
	// in a few seconds on a busy machine.
	sample := func(i int) bool {
		for _, edge := range []int{62, 3844, 32768, n} {
			if i >= edge-1 && i <= edge+1 {
				return true
			}
		}
		return i%16 == 1
	}
	for i := 1; i <= n; i++ {
		if sample(i) {
			resolve(judgeEncode(uint64(i)), n)
		}
	}
	for i := 1; i <= n; i++ {
		if sample(i) {
			shorten(i, n, true)
		}
	}
	for _, id := range []uint64{n + 1, n + 2, n + 62, 1 << 16, 1 << 32, math.MaxUint64} {
		resolve(judgeEncode(id), n)
	}
	for _, id := range []uint64{62, 3844, 32767, 32768, n} {
		resolve("0"+judgeEncode(id), n)
	}
	shorten(n+1, n, false)
	resolve(judgeEncode(n+1), n+1)
	judgeRunBigCalls(t, calls, url)
}

// judgeLargeStore is how many URLs TestStoreLarge shortens: past 32767, and small enough that
// a store that scans a slice (too slow, but right) still fills it in about a second.
const judgeLargeStore = 33_000

// judgeBigCall is one call of TestStoreLarge, made once filled URLs have been shortened.
type judgeBigCall struct {
	code    string // "s.Resolve(\"a\")"
	filled  int    // URLs 1 to filled have been shortened before the call
	want    string // the result as Go source: "\"a\"", or "\"https://...\", true"
	note    string // why want is right
	resolve bool
	do      func(s *Store) string
}

// judgeRunBigCalls makes calls on one new store, a chunk at a time under the watchdog, and
// reports the first that goes wrong with a test that fills a store the same way.
func judgeRunBigCalls(t *testing.T, calls []judgeBigCall, url func(int) string) {
	t.Helper()
	var (
		s       *Store
		at      atomic.Int64 // the call under way, read only once it has returned or hung
		got     string
		wrongAt = -1
	)
	const chunk = 512
	var (
		p    string
		hung bool
	)
	// wrongAt and got are read only once the chunk that set them has returned.
	for from := 0; from < len(calls) && !hung && p == "" && wrongAt < 0; from += chunk {
		p, hung = judgeRun(func() {
			if s == nil {
				s = NewStore()
			}
			for i := from; i < len(calls) && i < from+chunk; i++ {
				at.Store(int64(i))
				if g := calls[i].do(s); g != calls[i].want {
					wrongAt, got = i, g
					return
				}
			}
		})
	}
	if !hung && p == "" && wrongAt < 0 {
		return
	}
	i := int(at.Load())
	if !hung && p == "" {
		i = wrongAt
	}
	c := calls[i]
	r := kit.Record{Kind: kit.WrongAnswer}
	fill := fmt.Sprintf("// s.Shorten(%q) ... s.Shorten(%q): the first %d URLs", url(1), url(c.filled), c.filled)
	head := fmt.Sprintf("after %d URLs were shortened, %s", c.filled, c.code)
	r.Want = []string{judgeSetup, fill, c.code + " = " + c.want}
	switch {
	case hung:
		r.Kind = kit.TimeLimitExceeded
		r.Got = []string{judgeSetup, fill, c.code + " never returned"}
		r.Summary = fmt.Sprintf("%s did not return within %s: %s", head, kit.Wait(), kit.WhyStuck())
	case p != "":
		r.Kind = kit.RuntimeError
		r.Got = []string{judgeSetup, fill, c.code + " panicked: " + kit.PanicMessage(p)}
		r.Summary = fmt.Sprintf("%s panicked: %s%s", head, kit.PanicMessage(p), kit.PanicSite(p, NewStore))
	default:
		r.Got = []string{judgeSetup, fill, c.code + " = " + got}
		r.Summary = fmt.Sprintf("%s returned %s, want %s (%s)", head, got, c.want, c.note)
	}
	var b strings.Builder
	b.WriteString("func TestRepro(t *testing.T) {\n\t" + judgeSetup + "\n")
	fmt.Fprintf(&b, "\tfor i := 1; i <= %d; i++ {\n\t\ts.Shorten(%q + strconv.Itoa(i))\n\t}\n", c.filled, strings.TrimSuffix(url(1), "1"))
	if c.resolve {
		cut := strings.LastIndex(c.want, ", ")
		cond := fmt.Sprintf("got != %s || ok != %s", c.want[:cut], c.want[cut+2:])
		fmt.Fprintf(&b, "\tif got, ok := %s; %s {\n\t\tt.Fatalf(\"%s = %%q, %%t, want %s\", got, ok)\n\t}\n",
			c.code, cond, judgeEscape(c.code), judgeEscape(c.want))
	} else {
		fmt.Fprintf(&b, "\tif got := %s; got != %s {\n\t\tt.Fatalf(\"%s = %%q, want %s\", got)\n\t}\n",
			c.code, c.want, judgeEscape(c.code), judgeEscape(c.want))
	}
	b.WriteString("}\n")
	r.Repro = b.String()
	kit.Fail(t, r)
}
