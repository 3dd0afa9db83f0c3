package kit

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"
)

// The test process's own guard. The grader stops a test process that runs past its suite's
// time limit, and on Linux the kernel stops it when prep dies; but prep can die without a
// chance to stop anything (kill -9, the out-of-memory killer, a closed terminal on a platform
// without a parent-death signal), and the testing package's own -test.timeout is armed only
// once the tests start, after the package's init functions, where a solution's code can
// already loop. So the kit, which every hidden test imports and which is therefore initialised
// before the package under test, starts a goroutine that ends the process once a deadline has
// passed or once prep, its parent, is gone.

// Environment the grader sets for the guard.
const (
	// LifetimeEnv holds the longest the test process may live, as a Go duration.
	LifetimeEnv = "PREP_LIFETIME"
	// ParentEnv holds prep's process ID.
	ParentEnv = "PREP_PARENT"
	// TimeLimitEnv holds the suite's time limit, as a Go duration: the performance harness
	// finishes measuring well within it (see measureShare).
	TimeLimitEnv = "PREP_TIME_LIMIT"
)

// MaxStack is the largest a goroutine's stack may grow in a graded test process: millions of
// frames of honest recursion, and a fraction of the memory limit.
const MaxStack = 64 << 20

// guardInterval is how often the guard looks.
const guardInterval = 200 * time.Millisecond

func init() {
	if limit, _ := time.ParseDuration(os.Getenv(TimeLimitEnv)); limit > 0 {
		measureDeadline = time.Now().Add(time.Duration(measureShare * float64(limit)))
	}
	lifetime, _ := time.ParseDuration(os.Getenv(LifetimeEnv))
	parent, _ := strconv.Atoi(os.Getenv(ParentEnv))
	if lifetime <= 0 && parent <= 0 {
		return // not run by the grader
	}
	// A goroutine's stack may grow to a gigabyte by default, so endless recursion would first
	// run into the grader's memory limit and read as a structure that grows without bound.
	// Far below that limit, the runtime stops it as the stack overflow it is.
	debug.SetMaxStack(MaxStack)
	started := time.Now()
	go func() {
		for {
			time.Sleep(guardInterval)
			if parent > 0 && parentGone(parent) {
				fmt.Fprintln(os.Stderr, "prep: the grader has gone, so the test process ends")
				os.Exit(3)
			}
			if lifetime > 0 && time.Since(started) > lifetime {
				fmt.Fprintf(os.Stderr, "prep: the test process ran for %s, past its lifetime, and ends\n", lifetime)
				os.Exit(3)
			}
		}
	}()
}

// parentGone reports whether the process that started this one has exited. On Unix an orphan
// is adopted by another process, so its parent's ID changes; Windows keeps the ID it was
// started with, so there only the lifetime ends an orphaned test process.
func parentGone(parent int) bool {
	return runtime.GOOS != "windows" && os.Getppid() != parent
}
