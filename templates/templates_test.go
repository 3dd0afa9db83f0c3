package templates

import "testing"

func TestGoMod(t *testing.T) {
	got := string(GoMod("lru"))
	want := "module lru\n\ngo 1.22\n"
	if got != want {
		t.Errorf("GoMod(%q) = %q, want %q", "lru", got, want)
	}
}
