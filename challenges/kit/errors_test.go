package kit

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorFor(t *testing.T) {
	a := ErrorFor("charge failed")
	if a.Error() != "charge failed" {
		t.Fatalf("ErrorFor(%q) reads %q", "charge failed", a)
	}
	if ErrorFor("charge failed") != a {
		t.Error("the same text gave two error values")
	}
	if errors.Is(errors.New("charge failed"), a) || ErrorFor("ship failed") == a {
		t.Error("an error with other identity matched")
	}
}

func TestErrorGiven(t *testing.T) {
	undo, charge := ErrorFor("undo charge failed"), ErrorFor("charge failed")
	both := errors.Join(undo, charge)
	if text, found, _ := ErrorGiven(both); !found || text != "charge failed" {
		t.Errorf("ErrorGiven(both) = %q, %v; want the first text in order, charge failed", text, found)
	}
	if text, found, copied := ErrorGiven(fmt.Errorf("saga: %w", undo)); !found || copied || text != "undo charge failed" {
		t.Errorf("a wrapped error: %q, %v, %v", text, found, copied)
	}
	if _, found, copied := ErrorGiven(errors.New("charge failed")); found || !copied {
		t.Errorf("a copy of the text: found %v, copied %v; want a copy, not found", found, copied)
	}
	if _, found, copied := ErrorGiven(errors.New("boom")); found || copied {
		t.Errorf("an error of its own: found %v, copied %v", found, copied)
	}
	if _, found, copied := ErrorGiven(nil); found || copied {
		t.Errorf("nil: found %v, copied %v", found, copied)
	}
}
