package idempotency

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestExample is the example of the problem statement: a retried payment.
func TestExample(t *testing.T) {
	judgeCheck(t, []judgeCall{
		judgeDo("order-1", judgeOk("charged $10")),
		judgeDo("order-1", judgeOk("charged $20")),
		judgeDo("order-2", judgeFailing("card declined")),
		judgeDo("order-2", judgeOk("charged $30")),
	}, false)
}

// TestEdgeCases pins one rule per subtest, so that a failure names the rule that was broken.
// The scripts are short already, and are reported whole.
func TestEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name  string
		calls []judgeCall
	}{
		{"remembers_value", []judgeCall{
			judgeDo("a", judgeOk("1")), judgeDo("a", judgeOk("2")), judgeDo("a", judgeOk("3")),
		}},
		{"remembers_error", []judgeCall{
			judgeDo("a", judgeFailing("declined")), judgeDo("a", judgeOk("2")), judgeDo("a", judgeFailing("timeout")),
		}},
		{"remembers_empty_value", []judgeCall{
			judgeDo("a", judgeOk("")), judgeDo("a", judgeOk("2")),
		}},
		{"panic_becomes_remembered_error", []judgeCall{
			judgeDo("a", judgePanics("boom")), judgeDo("a", judgeOk("2")), judgeDo("b", judgeOk("3")),
		}},
		{"keys_are_independent", []judgeCall{
			judgeDo("a", judgeOk("1")), judgeDo("b", judgeFailing("declined")), judgeDo("c", judgeOk("3")),
			judgeDo("b", judgeOk("4")), judgeDo("a", judgeFailing("timeout")), judgeDo("c", judgeOk("6")),
		}},
		{"keys_are_exact_strings", []judgeCall{
			judgeDo("", judgeOk("1")), judgeDo("a", judgeOk("2")), judgeDo("A", judgeOk("3")),
			judgeDo(" a", judgeOk("4")), judgeDo("a ", judgeOk("5")),
			judgeDo("", judgeOk("6")), judgeDo("a", judgeOk("7")), judgeDo("A", judgeOk("8")),
		}},
		{"remembered_result_ignores_done_context", []judgeCall{
			judgeDo("a", judgeOk("1")),
			{ctx: "cancelled", key: "a", fn: judgeOk("2"), repeat: 100},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { judgeCheck(t, tc.calls, false) })
	}
}

// TestRandomScripts compares the solution with the model on random scripts of calls. The seeds
// are fixed, so a solution gets the same verdict, and the same shrunk script, on every run.
// Keys are few, so that most calls meet a remembered result.
func TestRandomScripts(t *testing.T) {
	const scripts = 300
	for i := range scripts {
		rng := rand.New(rand.NewPCG(0x1de4_7e57, uint64(i)))
		if !judgeCheck(t, judgeRandomScript(rng), true) {
			return
		}
	}
}

func judgeRandomScript(rng *rand.Rand) []judgeCall {
	keys := []string{"a", "b", "c", "d", ""}[:1+rng.IntN(4)]
	if rng.IntN(10) == 0 {
		keys = append(keys, "") // the empty key, now and then
	}
	var calls []judgeCall
	for i := range 3 + rng.IntN(18) {
		key := keys[rng.IntN(len(keys))]
		n := fmt.Sprint(i + 1)
		var fn judgeFn
		switch r := rng.IntN(20); {
		case r < 1:
			fn = judgeOk("")
		case r < 13:
			fn = judgeOk(n)
		case r < 18:
			fn = judgeFailing("error " + n)
		default:
			fn = judgePanics("panic " + n)
		}
		calls = append(calls, judgeDo(key, fn))
	}
	return calls
}

// TestWaiters checks what happens while a key's fn runs: the calls that come meanwhile wait for
// it and share its result, a waiter whose context ends gives up alone, and other keys go on.
func TestWaiters(t *testing.T) {
	bg := context.Background()
	t.Run("share_result", func(t *testing.T) { judgeShare(t, judgeOk("1"), `"1", nil`) })
	t.Run("share_error", func(t *testing.T) { judgeShare(t, judgeFailing("declined"), `"", error "declined"`) })
	t.Run("share_panic", func(t *testing.T) { judgeShare(t, judgePanics("boom"), `"", ErrPanicked`) })

	t.Run("cancelled_waiter_gives_up", func(t *testing.T) {
		tl := judgeNewTimeline()
		g := judgeNewGate(judgeOk("1"))
		first := tl.startGate("a", g)
		wctx, cancel := context.WithCancel(bg)
		defer cancel()
		tl.note("waiterCtx, cancel := context.WithCancel(ctx)")
		w := tl.goCall(wctx, "waiterCtx", "a", judgeOk("2"))
		if tl.ok() {
			time.Sleep(judgeSettle)
			cancel()
		}
		tl.note(`cancel() // while slow("1") still runs`)
		tl.expect(w, `"", context.Canceled`,
			"its ctx was cancelled while it waited for the running fn: Do must stop waiting and return ctx.Err()",
			"its ctx was cancelled: a waiting Do must wait on ctx.Done() as well as on the result, in one select, and return ctx.Err()")
		tl.open(g)
		tl.expect(first, `"1", nil // ran fn`, "a waiter giving up must not change the running call or its result",
			"fn has returned, so the call that ran it must return")
		tl.call(bg, "ctx", "a", judgeOk("3"), `"1", nil`, `slow("1")'s result is remembered, even though a waiter gave up`,
			"the result is remembered: Do must return it at once")
		tl.finish(t, judgeReproCancel("waiterCtx, cancel := context.WithCancel(ctx)", "cancel()", "context.Canceled"))
	})

	t.Run("waiter_deadline", func(t *testing.T) {
		tl := judgeNewTimeline()
		g := judgeNewGate(judgeOk("1"))
		first := tl.startGate("a", g)
		wctx, cancel := context.WithTimeout(bg, judgeDeadline)
		defer cancel()
		tl.note(fmt.Sprintf("waiterCtx, _ := context.WithTimeout(ctx, %s)", judgeDeadline))
		w := tl.goCall(wctx, "waiterCtx", "a", judgeOk("2"))
		tl.expect(w, `"", context.DeadlineExceeded`,
			"its ctx's deadline passed while it waited for the running fn: Do must stop waiting and return ctx.Err()",
			fmt.Sprintf("its ctx's deadline passed %s after the call: a waiting Do must wait on ctx.Done() as well as on the result, in one select, and return ctx.Err()", judgeDeadline))
		tl.open(g)
		tl.expect(first, `"1", nil // ran fn`, "a waiter giving up must not change the running call or its result",
			"fn has returned, so the call that ran it must return")
		tl.finish(t, judgeReproCancel(fmt.Sprintf("waiterCtx, cancel := context.WithTimeout(ctx, %d*time.Millisecond)\n\tdefer cancel()", judgeDeadline.Milliseconds()), "", "context.DeadlineExceeded"))
	})

	t.Run("other_keys_do_not_wait", func(t *testing.T) {
		tl := judgeNewTimeline()
		g := judgeNewGate(judgeOk("1"))
		first := tl.startGate("a", g)
		stuck := `key "a"'s fn is still running, and keys are independent: a running fn must never delay a call for another key. Is a lock held while fn runs?`
		tl.call(bg, "ctx", "b", judgeOk("2"), `"2", nil // ran fn`, `key "b" has not been used before, so Do must run fn`, stuck)
		tl.call(bg, "ctx", "b", judgeOk("3"), `"2", nil`, `key "b" already has a result`, stuck)
		tl.open(g)
		tl.expect(first, `"1", nil // ran fn`, "Do must return what fn returned", "fn has returned, so the call that ran it must return")
		tl.finish(t, judgeReproOtherKey)
	})

	t.Run("fn_calls_do_for_another_key", func(t *testing.T) {
		tl := judgeNewTimeline()
		// fn is an operation made of another idempotent operation: it calls Do for key "b".
		var runs atomic.Int32
		fn := func() (string, error) {
			runs.Add(1)
			var inner atomic.Int32
			v, err := tl.e.Do(bg, "b", judgeOk("inner").make(&inner))
			return "outer+" + v, err
		}
		if tl.ok() {
			code := `e.Do(ctx, "a", outer)`
			tl.note(`outer := func() (string, error) { v, err := e.Do(ctx, "b", ok("inner")); return "outer+" + v, err }`)
			a := tl.goDo(bg, code, "a", fn, &runs)
			tl.expect(a, `"outer+inner", nil // ran fn`, "Do must return what fn returned",
				`fn calls Do for key "b", which must not wait for key "a": is a lock held while fn runs? A sync.Mutex is not reentrant, so locking it again from inside fn waits for ever`)
		}
		tl.call(bg, "ctx", "b", judgeOk("2"), `"inner", nil`, `the call fn made for key "b" is remembered like any other`, "the result is remembered: Do must return it at once")
		tl.call(bg, "ctx", "a", judgeOk("3"), `"outer+inner", nil`, `key "a" already has a result`, "the result is remembered: Do must return it at once")
		tl.finish(t, judgeReproNested)
	})
}

// judgeShare starts a call whose fn blocks, three more calls of the same key while it runs, and
// checks that all four return what the one fn that ran returned.
func judgeShare(t *testing.T, fn judgeFn, want string) {
	bg := context.Background()
	tl := judgeNewTimeline()
	g := judgeNewGate(fn)
	first := tl.startGate("a", g)
	var waiters []*judgeAsync
	for _, v := range []string{"2", "3", "4"} {
		waiters = append(waiters, tl.goCall(bg, "ctx", "a", judgeOk(v)))
	}
	tl.open(g)
	tl.expect(first, want+" // ran fn", "Do must return what fn returned", "fn has returned, so the call that ran it must return")
	for _, w := range waiters {
		tl.expect(w, want,
			fmt.Sprintf(`key "a"'s fn, %s, was running when this call came: Do must wait for it and return its result, without running its own fn`, g.name()),
			fmt.Sprintf("%s has returned: every call waiting for it must return its result", g.name()))
	}
	why := fmt.Sprintf(`key "a"'s fn, %s, has finished: its result is remembered, and Do must return it without running fn`, g.name())
	switch fn.kind {
	case judgeFail:
		why += ". A failure is remembered like a value, so the key is not retried"
	case judgePanic:
		why += ". The error that wraps ErrPanicked is remembered like any other, so the key is not retried"
	}
	tl.call(bg, "ctx", "a", judgeOk("5"), want, why, "the result is remembered: Do must return it at once")
	tl.finish(t, judgeReproShare(fn, want))
}

// judgeReproShare is the repro of judgeShare.
func judgeReproShare(fn judgeFn, want string) string {
	body, check := `return "1", nil`, `r.v != "1" || r.err != nil`
	switch fn.kind {
	case judgeFail:
		body, check = `return "", declined`, `r.v != "" || !errors.Is(r.err, declined)`
	case judgePanic:
		body, check = `panic("boom")`, `r.v != "" || !errors.Is(r.err, ErrPanicked)`
	}
	decl := ""
	if fn.kind == judgeFail {
		decl = "\tdeclined := errors.New(\"declined\")\n"
	}
	return fmt.Sprintf(`func TestRepro(t *testing.T) {
	ctx := context.Background()
%s	e := New()
	started, release := make(chan struct{}), make(chan struct{})
	type result struct {
		v   string
		err error
	}
	results := make(chan result, 4)
	do := func(fn func() (string, error)) {
		v, err := e.Do(ctx, "a", fn)
		results <- result{v, err}
	}
	go do(func() (string, error) { close(started); <-release; %s })
	<-started // the first call's fn is running
	var runs atomic.Int32
	for _, v := range []string{"2", "3", "4"} {
		go do(func() (string, error) { runs.Add(1); return v, nil })
	}
	time.Sleep(20 * time.Millisecond) // let them start waiting
	close(release)
	for i := 0; i < 4; i++ {
		if r := <-results; %s {
			t.Errorf("Do returned %%q, %%v; want %s", r.v, r.err)
		}
	}
	if n := runs.Load(); n != 0 {
		t.Errorf("the waiting calls ran their own fn %%d times, want 0", n)
	}
}
`, decl, body, check, strings.ReplaceAll(want, `"`, `\"`))
}

// judgeReproCancel is the repro of the tests of a waiter that gives up.
func judgeReproCancel(makeCtx, cancel, wantErr string) string {
	if cancel != "" {
		cancel = "\t" + cancel + "\n"
	}
	return fmt.Sprintf(`func TestRepro(t *testing.T) {
	ctx := context.Background()
	e := New()
	started, release := make(chan struct{}), make(chan struct{})
	first := make(chan string, 1)
	go func() {
		v, _ := e.Do(ctx, "a", func() (string, error) { close(started); <-release; return "1", nil })
		first <- v
	}()
	<-started // the first call's fn is running
	%s
	waiter := make(chan error, 1)
	go func() {
		_, err := e.Do(waiterCtx, "a", func() (string, error) { return "2", nil })
		waiter <- err
	}()
	time.Sleep(20 * time.Millisecond) // let it start waiting
%s	select {
	case err := <-waiter:
		if !errors.Is(err, %s) {
			t.Fatalf("the waiter returned %%v, want %s", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the waiter was still waiting 2s after its context was done")
	}
	close(release)
	if v := <-first; v != "1" {
		t.Fatalf("the first call returned %%q, want \"1\"", v)
	}
}
`, makeCtx, cancel, wantErr, wantErr)
}

const judgeReproOtherKey = `func TestRepro(t *testing.T) {
	ctx := context.Background()
	e := New()
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	go e.Do(ctx, "a", func() (string, error) { close(started); <-release; return "1", nil })
	<-started // key "a"'s fn is running
	done := make(chan string, 1)
	go func() {
		v, _ := e.Do(ctx, "b", func() (string, error) { return "2", nil })
		done <- v
	}()
	select {
	case v := <-done:
		if v != "2" {
			t.Fatalf("e.Do(ctx, \"b\", ...) = %q, want \"2\"", v)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("e.Do(ctx, \"b\", ...) waited for key \"a\"'s fn")
	}
}
`

const judgeReproNested = `func TestRepro(t *testing.T) {
	ctx := context.Background()
	e := New()
	outer := func() (string, error) {
		v, err := e.Do(ctx, "b", func() (string, error) { return "inner", nil })
		return "outer+" + v, err
	}
	done := make(chan string, 1)
	go func() {
		v, _ := e.Do(ctx, "a", outer)
		done <- v
	}()
	select {
	case v := <-done:
		if v != "outer+inner" {
			t.Fatalf("e.Do(ctx, \"a\", outer) = %q, want \"outer+inner\"", v)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("e.Do(ctx, \"a\", outer) never returned: fn's own call of Do is stuck")
	}
}
`
