package kit

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestRunLong(t *testing.T) {
	keepHung(t)
	hung.Store(false)
	hungWords := func(code string, wait time.Duration) string {
		return fmt.Sprintf("%s did not return within %s", code, wait)
	}
	c := &counter{}
	count := func(l *Long, calls int) {
		for i := range calls {
			l.Do(fmt.Sprintf("c.Add(%d)", i), func() { c.Add(i) })
		}
	}

	if r := RunLong(ignoresFive, "c := &Counter{}", func(l *Long) { count(l, 1000) }, hungWords); r != nil {
		t.Fatalf("a check whose calls all returned: %+v, want nil", *r)
	}

	r := RunLong(ignoresFive, "c := &Counter{}", func(l *Long) {
		count(l, 10)
		l.Wrong("after 10 calls, c.Add(0) returned 44, want 45", "c.Add(0) = 45", "c.Add(0) = 44")
		t.Error("Wrong did not end the check")
	}, hungWords)
	if r == nil || r.Kind != WrongAnswer || r.Summary != "after 10 calls, c.Add(0) returned 44, want 45" || r.Got[0] != "c.Add(0) = 44" {
		t.Errorf("a check that went wrong: %+v", r)
	}

	r = RunLong(ignoresFive, "c := &Counter{}", func(l *Long) {
		l.Do("c.Add(1)", func() { panic("boom") })
	}, hungWords)
	if r == nil || r.Kind != RuntimeError || !strings.HasPrefix(r.Summary, "c.Add(1) panicked: boom") || r.Got[0] != "c.Add(1) panicked: boom" {
		t.Errorf("a call that panicked: %+v", r)
	}

	// Once a call has hung, the next check waits ShortPatience for each call.
	MarkHung()
	started := time.Now()
	r = RunLong(ignoresFive, "c := &Counter{}", func(l *Long) {
		count(l, 3)
		l.Do("c.Add(7)", func() { select {} })
	}, hungWords)
	if r == nil || r.Kind != TimeLimitExceeded || r.Summary != "c.Add(7) did not return within "+ShortPatience.String() || r.Got[0] != "c.Add(7) never returned" {
		t.Errorf("a call that hung: %+v", r)
	}
	if d := time.Since(started); d > 20*ShortPatience {
		t.Errorf("the watchdog took %s to give up on a call, with a patience of %s", d, ShortPatience)
	}

	// Slow progress is not a hang: the watchdog judges each call, not the whole check.
	r = RunLong(ignoresFive, "c := &Counter{}", func(l *Long) {
		// 20 calls of a tenth of the patience each: twice the patience in all.
		for i := range 20 {
			l.Do(fmt.Sprintf("c.Add(%d)", i), func() { time.Sleep(ShortPatience / 10) })
		}
	}, hungWords)
	if r != nil {
		t.Errorf("a check of slow calls, each within the patience: %+v, want nil", *r)
	}

	r = RunLong(ignoresFive, "c := &Counter{}", func(l *Long) { select {} }, hungWords)
	if r == nil || r.Summary != "c := &Counter{} did not return within "+ShortPatience.String() {
		t.Errorf("a check that hung before its first call: %+v", r)
	}
}
