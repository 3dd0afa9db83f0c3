package grader

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/challenges/kit"
)

// The runtime's panic and race reports are long and mostly about the runtime and the testing
// package. A learner needs three things from them: what went wrong, where in their code, and
// what to do. The functions here cut the reports down to that, after paths have been
// rewritten to the learner's file names.

// frame is one function call in a stack trace.
type frame struct {
	fn   string // such as lru.(*LRUCache).Get
	file string // such as lru.go:42
}

var (
	stackFile  = regexp.MustCompile(`^\s+(\S+\.go:\d+)`)
	addrSuffix = regexp.MustCompile(`\(0x[0-9a-f?, .]*\)$|\(\.\.\.\)$|\(\)$|\([^()]*\)$`)
)

// userFrames reads the frames of a stack trace that are in the learner's files: those whose
// file is a bare name (rewritten from the temporary module) and not a hidden test.
func userFrames(lines []string) []frame {
	var out []frame
	for i := 0; i+1 < len(lines); i++ {
		m := stackFile.FindStringSubmatch(lines[i+1])
		if m == nil {
			continue
		}
		file := m[1]
		fn := strings.TrimSpace(lines[i])
		i++
		if strings.ContainsAny(file, `/\`) || strings.Contains(file, "_test.go") {
			continue
		}
		fn = strings.TrimPrefix(fn, challenges.ModulePath+"/"+challenges.Dir+"/")
		fn = addrSuffix.ReplaceAllString(fn, "")
		out = append(out, frame{fn: fn, file: file})
	}
	return out
}

// explainPanic reduces a panic's report to its message and the learner's frames. It returns
// "" when output holds no panic.
func explainPanic(output string) string {
	lines := strings.Split(output, "\n")
	start := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ") {
			start = i
			break
		}
	}
	if start < 0 {
		return ""
	}
	msg := strings.TrimSuffix(lines[start], " [recovered, repanicked]")
	msg = strings.TrimSuffix(msg, " [recovered]")
	var b strings.Builder
	b.WriteString(msg)
	if strings.Contains(msg, "os.Exit") {
		b.WriteString("\nthe code ended the test process: a solution must return, never exit")
	}
	if strings.Contains(msg, "stack overflow") {
		fmt.Fprintf(&b, "\na goroutine's stack grew past %d MiB: a function that calls itself without end, or recursion far deeper than the input needs (write it as a loop)", kit.MaxStack>>20)
	}
	frames := userFrames(lines[start:])
	if len(frames) > 0 {
		b.WriteString("\nin your code:")
		for i, f := range frames {
			if i == 6 {
				fmt.Fprintf(&b, "\n    ... %d more", len(frames)-i)
				break
			}
			fmt.Fprintf(&b, "\n    %s at %s", f.fn, f.file)
		}
	}
	return b.String()
}

// explainRace reduces the race detector's reports to the first race: the two accesses, where
// each happened in the learner's code, and how many races were reported in all. It returns ""
// when output holds no race report.
func explainRace(output string) string {
	count := strings.Count(output, "WARNING: DATA RACE")
	if count == 0 {
		if strings.Contains(output, "fatal error: concurrent map") {
			return explainPanic(output) + "\nthe map was used by several goroutines at once: guard it with a sync.Mutex"
		}
		return ""
	}
	report := output[strings.Index(output, "WARNING: DATA RACE"):]
	if end := strings.Index(report, "=================="); end > 0 {
		report = report[:end]
	}
	sections := strings.Split(report, "\n\n")
	var accesses []string
	inTests := 0 // accesses made by the tests' own code, none of the learner's in their stacks
	for _, sec := range sections {
		lines := strings.Split(strings.TrimSpace(sec), "\n")
		if len(lines) == 0 {
			continue
		}
		head := strings.TrimPrefix(lines[0], "WARNING: DATA RACE\n")
		if strings.HasPrefix(head, "WARNING: DATA RACE") && len(lines) > 1 {
			lines = lines[1:]
			head = lines[0]
		}
		kind, _, ok := strings.Cut(head, " at 0x")
		if !ok {
			continue
		}
		where := "outside your code"
		if frames := userFrames(lines); len(frames) > 0 {
			where = fmt.Sprintf("in %s at %s", frames[0].fn, frames[0].file)
		} else if strings.Contains(sec, "_test.go:") {
			where = "in the tests' code"
			inTests++
		}
		kind = strings.TrimPrefix(strings.ToLower(kind), "previous ")
		accesses = append(accesses, fmt.Sprintf("a %s %s", kind, where))
	}
	var b strings.Builder
	b.WriteString("data race: ")
	if len(accesses) >= 2 {
		fmt.Fprintf(&b, "%s conflicts with %s in another goroutine", accesses[0], accesses[1])
	} else if len(accesses) == 1 {
		b.WriteString(accesses[0])
	} else {
		b.WriteString("two goroutines accessed the same memory without synchronisation")
	}
	if count > 1 {
		fmt.Fprintf(&b, " (%d races reported; this is the first)", count)
	}
	if len(accesses) >= 2 && inTests == 1 {
		// The tests' code touches only what it passed in or got back: a lock in the solution
		// cannot help, since the tests do not take it.
		b.WriteString("\nthe other access is the tests' own, so the memory is theirs: something they passed in (an input slice or map) or got back (a result your code goes on changing). Do not write to what you are given, and return copies of what you keep")
		return b.String()
	}
	b.WriteString("\nguard the shared state with a sync.Mutex (or use channels or sync/atomic) in every method that touches it")
	return b.String()
}
