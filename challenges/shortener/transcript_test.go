package shortener

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// judgeRun calls f on a goroutine of its own and reports what kit.Catch caught, or that f did
// not return within kit.Wait: a solution that loops for ever (a `for n >= 0` on a uint64, say)
// or deadlocks would otherwise hold a test until the suite's time limit and leave no message.
// A correct solution needs microseconds for any call here, so the margin is vast.
func judgeRun(f func()) (panicked string, hung bool) {
	var p string
	if !kit.Within(kit.Wait(), func() { p = kit.Catch(f) }) {
		return "", true
	}
	return p, false
}

// judgeLine is one call of a stateless function, Encode or Decode, and how it went.
type judgeLine struct {
	code     string // "Encode(62)"
	want     string // "\"10\""
	got      string // what came back, in the same form; want itself when the call was right
	ok       bool
	kind     string // for a wrong call: kit.WrongAnswer, kit.RuntimeError or kit.TimeLimitExceeded
	panicked string // what kit.Catch caught
	note     string // why the right answer is right, when that helps
}

// judgeEncodeLine calls Encode(n) and compares it with the model.
func judgeEncodeLine(n uint64) judgeLine {
	l := judgeLine{code: fmt.Sprintf("Encode(%d)", n), want: fmt.Sprintf("%q", judgeEncode(n))}
	var got string
	p, hung := judgeRun(func() { got = Encode(n) })
	switch {
	case hung:
		l.kind, l.got = kit.TimeLimitExceeded, "never returned"
	case p != "":
		l.kind, l.got, l.panicked = kit.RuntimeError, "panicked: "+kit.PanicMessage(p), p
	case fmt.Sprintf("%q", got) == l.want:
		l.ok, l.got = true, l.want
	default:
		l.kind, l.got = kit.WrongAnswer, fmt.Sprintf("%q", got)
		l.note = judgeEncodeNote(n, judgeEncode(n), got)
	}
	return l
}

// judgeEncodeNote explains a wrong Encode from the shape of what came back.
func judgeEncodeNote(n uint64, want, got string) string {
	switch {
	case n == 0 && got == "":
		return "zero has one digit: a loop that runs while n > 0 never runs for 0, so handle 0 on its own"
	case len(got) > 1 && got == judgeReverse(want):
		return "the digits came out least significant first: n%62 is the last digit, so reverse them, or fill a buffer from its end"
	case got == judgeSwapCase(want) && got != want:
		return judgeAlphabetNote
	case len(got) > len(want) && strings.TrimLeft(got, "0") == want:
		return "a code has no leading zeros"
	}
	return judgeValueNote(want, n)
}

const judgeAlphabetNote = "the digits are 0-9, then a-z (10 to 35), then A-Z (36 to 61), in that order"

// judgeValueNote spells the value of a short base62 number out: "\"10\" is 1*62 + 0 = 62".
func judgeValueNote(code string, n uint64) string {
	switch {
	case len(code) == 1 && n >= 10:
		return fmt.Sprintf("%q is %d: %s", code, n, judgeAlphabetNote)
	case len(code) == 1 || len(code) > 3:
		return ""
	}
	var parts []string
	for i := 0; i < len(code); i++ {
		d := strings.IndexByte(judgeAlphabet, code[i])
		switch p := len(code) - 1 - i; p {
		case 0:
			parts = append(parts, fmt.Sprint(d))
		case 1:
			parts = append(parts, fmt.Sprintf("%d*62", d))
		default:
			parts = append(parts, fmt.Sprintf("%d*62^%d", d, p))
		}
	}
	return fmt.Sprintf("%q is %s = %d", code, strings.Join(parts, " + "), n)
}

func judgeReverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

func judgeSwapCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

// judgeDecodeLine calls Decode(s) and compares it with the model.
func judgeDecodeLine(s string) judgeLine {
	w := judgeDecode(s)
	l := judgeLine{code: fmt.Sprintf("Decode(%q)", s), want: w.String()}
	var (
		v   uint64
		err error
	)
	p, hung := judgeRun(func() { v, err = Decode(s) })
	switch {
	case hung:
		l.kind, l.got = kit.TimeLimitExceeded, "never returned"
		return l
	case p != "":
		l.kind, l.got, l.panicked = kit.RuntimeError, "panicked: "+kit.PanicMessage(p), p
		return l
	}
	invalid, overflow := errors.Is(err, ErrInvalid), errors.Is(err, ErrOverflow)
	switch {
	case err == nil:
		l.got = fmt.Sprintf("%d, nil", v)
		l.ok = !w.invalid && !w.overflow && v == w.value
	case invalid:
		l.got = "_, ErrInvalid"
		l.ok = w.invalid
	case overflow:
		l.got = "_, ErrOverflow"
		l.ok = w.overflow
	default:
		l.got = fmt.Sprintf("_, errors.New(%q)", err.Error())
	}
	if l.ok {
		l.got = l.want
		return l
	}
	l.kind = kit.WrongAnswer
	l.note = judgeDecodeNote(s, w, v, err, invalid, overflow)
	return l
}

// judgeDecodeNote explains a wrong Decode; v is the value it returned.
func judgeDecodeNote(s string, w judgeDecodeWant, v uint64, err error, invalid, overflow bool) string {
	bad := -1
	for i, r := range s {
		if !strings.ContainsRune(judgeAlphabet, r) {
			bad = i
			break
		}
	}
	valid := !w.invalid && !w.overflow
	switch {
	case err != nil && !invalid && !overflow && !valid:
		want := "ErrInvalid"
		if !w.invalid {
			want = "ErrOverflow"
		}
		return fmt.Sprintf("the error must be %[1]s or wrap it, so that errors.Is(err, %[1]s) is true: return %[1]s, or fmt.Errorf(\"...: %%w\", %[1]s)", want)
	case s == "" && !invalid:
		return "the empty string has no digits, so it is no number at all"
	case w.invalid && bad >= 0 && !invalid:
		return fmt.Sprintf("%q is not a base62 digit: only 0-9, a-z and A-Z are", []rune(s[bad:])[0])
	case w.overflow && !overflow:
		return fmt.Sprintf("the value is greater than math.MaxUint64, which is %q: check that n*62+d fits before computing it, as n > (math.MaxUint64-d)/62", judgeMaxCode)
	case valid && overflow && strings.HasPrefix(s, "0"):
		return "leading zeros add nothing to the value, so they cannot make it overflow"
	case valid && overflow:
		return fmt.Sprintf("the value fits in a uint64: the largest is math.MaxUint64, %q", judgeMaxCode)
	case valid && invalid && strings.HasPrefix(s, "0"):
		return "leading zeros are allowed: \"007\" is 7"
	case valid && err == nil && judgeSwapCase(s) != s && v == judgeDecode(judgeSwapCase(s)).value && !judgeDecode(judgeSwapCase(s)).overflow:
		return judgeAlphabetNote
	case valid && err == nil:
		t := strings.TrimLeft(s, "0")
		if t == "" {
			t = "0"
		}
		return judgeValueNote(t, w.value)
	}
	return ""
}

// judgeReportLines fails t with the calls in lines, the first wrong one leading the summary
// with more after it, and a test to reproduce that call.
func judgeReportLines(t *testing.T, lines []judgeLine, more string) {
	t.Helper()
	first := -1
	wrong := 0
	for i, l := range lines {
		if !l.ok {
			wrong++
			if first < 0 {
				first = i
			}
		}
	}
	if first < 0 {
		return
	}
	l := lines[first]
	r := kit.Record{Kind: l.kind}
	for _, x := range lines {
		r.Want = append(r.Want, x.code+" = "+x.want)
		r.Got = append(r.Got, x.code+" "+judgeGotSep(x.got)+x.got)
	}
	switch l.kind {
	case kit.RuntimeError:
		r.Summary = fmt.Sprintf("%s panicked: %s%s", l.code, kit.PanicMessage(l.panicked), kit.PanicSite(l.panicked, NewStore))
	case kit.TimeLimitExceeded:
		r.Summary = fmt.Sprintf("%s did not return within %s: it is stuck in a loop (a uint64 is never negative, so `for n >= 0` never ends)", l.code, kit.Wait())
	default:
		r.Summary = fmt.Sprintf("%s returned %s, want %s", l.code, l.got, l.want)
		if l.note != "" {
			r.Summary += " (" + l.note + ")"
		}
	}
	if wrong > 1 {
		r.Summary += fmt.Sprintf("; %d of the %d calls below are wrong", wrong, len(lines))
	}
	r.Summary += more
	r.Repro = judgeLineRepro(l)
	kit.Fail(t, r)
}

// judgeGotSep joins a call and what came back: "= " before a result, nothing before
// "panicked" or "never returned".
func judgeGotSep(got string) string {
	if strings.HasPrefix(got, "panicked") || got == "never returned" {
		return ""
	}
	return "= "
}

// judgeLineRepro is a test of one Encode or Decode call.
func judgeLineRepro(l judgeLine) string {
	var b strings.Builder
	b.WriteString("func TestRepro(t *testing.T) {\n")
	switch {
	case l.kind == kit.RuntimeError:
		fmt.Fprintf(&b, "\t%s // panics: %s\n", l.code, kit.PanicMessage(l.panicked))
	case l.kind == kit.TimeLimitExceeded:
		fmt.Fprintf(&b, "\t%s // never returns\n", l.code)
	case strings.HasPrefix(l.code, "Encode("):
		fmt.Fprintf(&b, "\tif got := %s; got != %s {\n\t\tt.Fatalf(\"%s = %%q, want %s\", got)\n\t}\n",
			l.code, l.want, judgeEscape(l.code), judgeEscape(l.want))
	default:
		var cond, show string
		switch l.want {
		case "_, ErrInvalid", "_, ErrOverflow":
			e := strings.TrimPrefix(l.want, "_, ")
			cond, show = fmt.Sprintf("!errors.Is(err, %s)", e), "_, "+e
		case "_, ErrInvalid or ErrOverflow":
			cond, show = "!errors.Is(err, ErrInvalid) && !errors.Is(err, ErrOverflow)", "ErrInvalid or ErrOverflow"
		default:
			v := strings.TrimSuffix(l.want, ", nil")
			cond, show = fmt.Sprintf("got != %s || err != nil", v), v+", nil"
		}
		fmt.Fprintf(&b, "\tif got, err := %s; %s {\n\t\tt.Fatalf(\"%s = %%d, %%v, want %s\", got, err)\n\t}\n",
			l.code, cond, judgeEscape(l.code), judgeEscape(show))
	}
	b.WriteString("}\n")
	return b.String()
}

func judgeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "%", "%%").Replace(s)
}
