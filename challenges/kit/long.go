package kit

import (
	"fmt"
	"sync/atomic"
	"time"
)

// A Long is a check of many calls in a row, too many for a Scenario's transcript: a cache
// filled with 8000 keys and emptied as its clock moves, a buffer of 1000 messages. The check
// makes each call of the learner's code through Do, checks what it can, and ends with Wrong at
// the first mistake. RunLong runs it under a watchdog that judges each call, not the whole
// check: a call that has not returned within Wait() has hung, however many came before it.
type Long struct {
	solution any // a function of the learner's package, for PanicSite
	current  atomic.Pointer[string]
	calls    atomic.Int64
}

// longStop ends a Long's check with what went wrong.
type longStop struct{ r Record }

// Do makes one call, code being the call as Go source ("c.Len()"). A panic in it ends the check
// as a runtime error.
func (l *Long) Do(code string, call func()) {
	l.current.Store(&code)
	l.calls.Add(1)
	if p := Catch(call); p != "" {
		panic(longStop{Record{Kind: RuntimeError,
			Summary: fmt.Sprintf("%s panicked: %s%s", code, PanicMessage(p), PanicSite(p, l.solution)),
			Want:    []string{code}, Got: []string{code + " panicked: " + PanicMessage(p)}}})
	}
}

// Wrong ends the check with a wrong answer: summary says what went wrong and why, want and got
// are the call with the result it should have returned and the one it did.
func (l *Long) Wrong(summary, want, got string) {
	panic(longStop{Record{Kind: WrongAnswer, Summary: summary, Want: []string{want}, Got: []string{got}}})
}

// RunLong runs check and returns what went wrong, or nil. solution is a function of the
// learner's package (its constructor), by which a panic's site is found. A call that has not
// returned within Wait() is marked hung (MarkHung) and reported as a TimeLimitExceeded record
// whose summary is hung(code, wait): code is the call, or setup when check hung before its
// first call.
func RunLong(solution any, setup string, check func(l *Long), hung func(code string, wait time.Duration) string) *Record {
	l := &Long{solution: solution}
	done := make(chan *Record, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				stop, ok := r.(longStop)
				if !ok {
					panic(r)
				}
				done <- &stop.r
			}
		}()
		check(l)
		done <- nil
	}()
	wait := Wait()
	tick := time.NewTicker(wait / 8)
	defer tick.Stop()
	last, since := int64(-1), time.Now()
	for {
		select {
		case r := <-done:
			return r
		case now := <-tick.C:
			if n := l.calls.Load(); n != last {
				last, since = n, now
				continue
			}
			if now.Sub(since) < wait {
				continue
			}
			MarkHung()
			code := setup
			if c := l.current.Load(); c != nil {
				code = *c
			}
			return &Record{Kind: TimeLimitExceeded, Summary: hung(code, wait),
				Want: []string{code}, Got: []string{code + " never returned"}}
		}
	}
}
