package kit

import (
	"strings"
	"testing"
)

// A panic as Catch reports it, raised in a solution's Get and called from a hidden test.
const caughtInGet = `panic: runtime error: index out of range [5] with length 2
    github.com/prep-judge/prep/challenges/kit.(*LRUCache).Get(...)
    /home/learner/.cache/prep/work/lru-0/challenges/lru/lru.go:31 +0x1d
    github.com/prep-judge/prep/challenges/kit.judgeCalls(...)
    /home/learner/.cache/prep/work/lru-0/challenges/lru/transcript_test.go:97 +0x2c`

func TestPanicSite(t *testing.T) {
	if got, want := PanicMessage(caughtInGet), "runtime error: index out of range [5] with length 2"; got != want {
		t.Errorf("PanicMessage = %q, want %q", got, want)
	}
	// Standing in for the solution's package: a function of the kit, whose frames the
	// report above names.
	solution := Spread
	if got, want := PanicSite(caughtInGet, solution), " (at lru.go:31, in (*LRUCache).Get)"; got != want {
		t.Errorf("PanicSite = %q, want %q", got, want)
	}
	// The frames of another package do not count, nor does a value that is no function.
	if got := PanicSite(caughtInGet, strings.Cut); got != "" {
		t.Errorf("PanicSite with a function of another package = %q, want none", got)
	}
	if got := PanicSite(caughtInGet, nil); got != "" {
		t.Errorf("PanicSite(nil) = %q, want none", got)
	}
	// A panic in the hidden tests' own files is not the solution's.
	inTest := strings.Join(strings.Split(caughtInGet, "\n")[3:], "\n")
	if got := PanicSite("panic: boom\n"+inTest, solution); got != "" {
		t.Errorf("PanicSite of a panic in a _test.go file = %q, want none", got)
	}
	// And Catch's report of a real panic has the value on its first line.
	if got := PanicMessage(Catch(func() { panic("boom") })); got != "boom" {
		t.Errorf("PanicMessage(Catch(panic(boom))) = %q", got)
	}
}

func TestPackagePrefix(t *testing.T) {
	for _, tc := range []struct {
		fn   any
		want string
	}{
		{strings.Cut, "strings."},
		{Spread, "github.com/prep-judge/prep/challenges/kit."},
		{42, ""},
	} {
		if got := packagePrefix(tc.fn); got != tc.want {
			t.Errorf("packagePrefix(%T) = %q, want %q", tc.fn, got, tc.want)
		}
	}
}
