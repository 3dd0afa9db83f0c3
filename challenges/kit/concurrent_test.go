package kit

import (
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// patiences sets the watchdog's patiences for one test, and the state of "something hung", as
// they were once it ends.
func patiences(t *testing.T, race, shortRace, short time.Duration) {
	r, sr, s, h := RacePatience, ShortRacePatience, ShortPatience, hung.Load()
	t.Cleanup(func() { RacePatience, ShortRacePatience, ShortPatience = r, sr, s; hung.Store(h) })
	RacePatience, ShortRacePatience, ShortPatience = race, shortRace, short
	hung.Store(false)
}

func TestRunAllWell(t *testing.T) {
	var n atomic.Int64
	run := &Run{How: "4 goroutines at once"}
	run.AtOnce(4, 100, func(w *Worker, g, i int) {
		if w.Call("n.Add(1)", func() { n.Add(1) }) && i == 99 && w.Where() != fmt.Sprintf("4 goroutines at once, goroutine %d's call 100: n.Add(1)", g+1) {
			run.Fail(Record{Summary: "Where() = " + w.Where()})
		}
	})
	if p := run.Wait(); p != nil {
		t.Fatal(p.Text())
	}
	if n.Load() != 400 {
		t.Errorf("%d calls made, want 400", n.Load())
	}
}

// A counter that goes wrong at its sixth increment stands in for a solution, a model of it
// counts right, and the rehearsal must name the call that went wrong, in turn order.
func TestInTurnChecksAgainstTheModel(t *testing.T) {
	type counter struct{ n int }
	inc := Step[*counter, *int]{
		Code: "c.Inc()",
		Do: func(c *counter) string {
			c.n++
			if c.n == 6 {
				c.n++
			}
			return fmt.Sprint(c.n)
		},
		Want: func(m *int) string { *m++; return fmt.Sprint(*m) },
		Note: func(m *int, _ string) string { return fmt.Sprintf("%d increments before it", *m) },
	}
	var order []string
	c, m := &counter{}, new(int)
	run := &Run{How: "one call at a time"}
	run.InTurn(4, 3, func(w *Worker, g, i int) {
		order = append(order, fmt.Sprintf("%d.%d", g, i))
		CheckStep(w, c, m, inc)
	})
	p := run.Wait()
	if got, want := strings.Join(order, " "), "0.0 1.0 2.0 3.0 0.1 1.1"; got != want {
		t.Errorf("calls made in the order %s, want %s, stopping at the first wrong one", got, want)
	}
	if p == nil {
		t.Fatal("a wrong result passed")
	}
	if want := "one call at a time, goroutine 2's call 2: c.Inc() returned 7, want 6 (5 increments before it)"; p.Kind != WrongAnswer || p.Summary != want {
		t.Errorf("got %s: %q, want %s: %q", p.Kind, p.Summary, WrongAnswer, want)
	}
	if strings.Join(p.Want, "|") != "c.Inc() = 6" || strings.Join(p.Got, "|") != "c.Inc() = 7" {
		t.Errorf("transcript want %q, got %q", p.Want, p.Got)
	}
}

func TestRunReportsAPanic(t *testing.T) {
	var after atomic.Int64
	run := &Run{How: "2 goroutines"}
	run.Go("the panicker", func(w *Worker) {
		w.Call("f()", func() {})
		w.Call("g()", func() { panic("boom") })
		if w.Call("h()", func() {}) {
			after.Add(1)
		}
	})
	p := run.Wait()
	if p == nil || p.Kind != RuntimeError {
		t.Fatalf("got %+v, want a runtime error", p)
	}
	if want := "2 goroutines, the panicker's call 2: g() panicked: boom"; p.Summary != want {
		t.Errorf("summary %q, want %q", p.Summary, want)
	}
	if strings.Join(p.Got, "|") != "g() panicked: boom" {
		t.Errorf("transcript got %q", p.Got)
	}
	if after.Load() != 0 {
		t.Error("a call was made after the run had a problem")
	}
}

func TestRunReportsAGoroutineThatDidNotFinish(t *testing.T) {
	run := &Run{How: "3 goroutines"}
	exited := make(chan struct{})
	run.Go("a", func(w *Worker) {
		defer close(exited)
		w.Call("Exit()", runtime.Goexit)
	})
	run.Go("b", func(*Worker) {
		<-exited
		run.Fail(Record{Kind: WrongAnswer, Summary: "b found something wrong"})
	})
	run.Go("c", func(*Worker) {})
	p := run.Wait()
	if p == nil || p.Kind != Rejected {
		t.Fatalf("got %+v, want the goroutine that never finished, before what the others found", p)
	}
	if want := "3 goroutines: 1 goroutine of the test's 3 ended without finishing its calls"; !strings.HasPrefix(p.Summary, want) {
		t.Errorf("summary %q, want it to start %q", p.Summary, want)
	}
}

func TestRunKeepsTheFirstProblem(t *testing.T) {
	run := &Run{How: "2 goroutines"}
	second := make(chan struct{})
	run.Go("a", func(*Worker) {
		<-second
		run.Fail(Record{Kind: WrongAnswer, Summary: "the second problem"})
	})
	run.Go("b", func(*Worker) {
		run.Fail(Record{Kind: RuntimeError, Summary: "the first problem"})
		close(second)
	})
	if p := run.Wait(); p == nil || p.Summary != "the first problem" || p.Kind != RuntimeError {
		t.Errorf("got %+v, want the first problem reported", p)
	}
}

func TestRunNamesTheCallThatHangs(t *testing.T) {
	patiences(t, 50*time.Millisecond, 50*time.Millisecond, 10*time.Millisecond)
	never := make(chan struct{})
	defer close(never)
	run := &Run{How: "one call at a time"}
	run.Go("", func(w *Worker) {
		w.Call("c.Get(1)", func() {})
		w.Call("c.Put(1, 2)", func() { <-never })
	})
	p := run.Wait()
	if p == nil || p.Kind != TimeLimitExceeded {
		t.Fatalf("got %+v, want a time limit exceeded", p)
	}
	if want := "one call at a time: c.Put(1, 2) did not return within 50ms: "; !strings.HasPrefix(p.Summary, want) {
		t.Errorf("summary %q, want it to start %q", p.Summary, want)
	}
	if !Hung() {
		t.Error("the hang was not marked")
	}
}

func TestRunNamesTheCallsThatHang(t *testing.T) {
	patiences(t, 50*time.Millisecond, 50*time.Millisecond, 10*time.Millisecond)
	never := make(chan struct{})
	defer close(never)
	run := &Run{How: "5 goroutines at once"}
	run.AtOnce(5, 2, func(w *Worker, g, i int) {
		if g != 2 { // goroutine 3 makes no call
			w.Call(fmt.Sprintf("c.Get(%d)", g), func() { <-never })
		}
	})
	p := run.Wait()
	if p == nil || p.Kind != TimeLimitExceeded {
		t.Fatalf("got %+v, want a time limit exceeded", p)
	}
	if want := "5 goroutines at once: calls were still running after 50ms (goroutine 1 in c.Get(0); goroutine 2 in c.Get(1); goroutine 4 in c.Get(3); ...): "; !strings.HasPrefix(p.Summary, want) {
		t.Errorf("summary %q, want it to start %q", p.Summary, want)
	}
}

// Once a problem is reported, a goroutine that waits for ever does not hold the report back
// until the run's patience runs out, nor is it reported as hung.
func TestRunDoesNotWaitForeverAfterAProblem(t *testing.T) {
	patiences(t, time.Hour, time.Hour, 10*time.Millisecond)
	never := make(chan struct{})
	defer close(never)
	run := &Run{How: "2 goroutines"}
	run.Go("holder", func(w *Worker) {
		w.Call("l.Lock()", func() { panic("boom") })
	})
	run.Go("waiter", func(w *Worker) {
		w.Call("l.Wait()", func() { <-never })
	})
	if p := run.Wait(); p == nil || p.Kind != RuntimeError {
		t.Errorf("got %+v, want the panic", p)
	}
	if Hung() {
		t.Error("a hang was marked")
	}
}
