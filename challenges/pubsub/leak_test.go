package pubsub

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// judgeCheckLeaks runs p, which must end with every subscription cancelled or the broker
// closed, and then checks that the goroutines its calls started have all returned: with
// wholeLife, from New on; otherwise from the first call after New, so that a goroutine the
// broker runs for its whole life is not counted. A wrong result is reported first, as
// the correctness tests report it.
func judgeCheckLeaks(t *testing.T, p judgeProgram, wholeLife bool) bool {
	t.Helper()
	if !kit.Check(t, p.scenario().HandWritten("")) {
		return false
	}
	names := p.names()
	last := p.ops[len(p.ops)-1].call(names)
	since := p.setup()
	if !wholeLife {
		since = p.ops[0].call(names)
	}
	done := make(chan []kit.Goroutine, 1)
	go func() {
		var leaks *kit.LeakCheck
		if wholeLife {
			leaks = kit.StartLeakCheck()
		}
		s := &judgeSubject{b: New(p.buffer), chans: map[int]<-chan string{}, cancels: map[int]func(){}}
		if !wholeLife {
			leaks = kit.StartLeakCheck()
		}
		for _, op := range p.ops {
			kit.Catch(func() { op.do(s) }) // kit.Check has seen that none panics
		}
		done <- leaks.Leaked(kit.LeakPatience)
	}()
	var leaked []kit.Goroutine
	select {
	case leaked = <-done:
	case <-time.After(judgePatience + kit.LeakPatience):
		kit.Fail(t, kit.Record{Kind: kit.TimeLimitExceeded,
			Summary: fmt.Sprintf("the calls from %s to %s did not return within %s, though they did when checked one by one a moment ago", since, last, judgePatience)})
		return false
	}
	if len(leaked) == 0 {
		return true
	}
	lines := judgeLines(p)
	verb := "are"
	if len(leaked) == 1 {
		verb = "is"
	}
	running := fmt.Sprintf("(%s started by these calls %s still running)", kit.Plural(len(leaked), "goroutine"), verb)
	kit.Fail(t, kit.Record{
		Kind: kit.LeakDetected,
		Summary: fmt.Sprintf("after %s, %s started by the calls since %s %s still running:\n%s\n%s",
			last, kit.Plural(len(leaked), "goroutine"), since, verb, kit.DescribeGoroutines(leaked), judgeLeakAdvice),
		Want:  append(lines, "(no goroutine left running)"),
		Got:   append(append([]string(nil), lines...), running),
		Repro: judgeLeakRepro(p, wholeLife, last),
	})
	return false
}

// judgePatience is how long the calls of a leak check may take: they are few and never wait.
const judgePatience = 2 * time.Second

// judgeLeakRepro is p's repro test, with the number of goroutines counted before the calls and
// after them.
func judgeLeakRepro(p judgeProgram, wholeLife bool, last string) string {
	repro := judgeRepro(p, kit.Outcome{Kind: kit.WrongAnswer, At: len(p.ops) - 1})
	count := "\tbefore := runtime.NumGoroutine() // import \"runtime\"\n"
	setup := "\t" + p.setup() + "\n"
	if wholeLife {
		repro = strings.Replace(repro, setup, count+setup, 1)
	} else {
		repro = strings.Replace(repro, setup, setup+count, 1)
	}
	check := "\ttime.Sleep(100 * time.Millisecond) // goroutines that are done exit\n" +
		"\tif n := runtime.NumGoroutine() - before; n > 0 {\n" +
		"\t\tt.Fatalf(" + judgeFormat("%d goroutines are still running after "+last) + ", n)\n\t}\n}\n"
	return strings.TrimSuffix(repro, "}\n") + check
}
