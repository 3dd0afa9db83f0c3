package proc

import (
	"context"
	"sync/atomic"
	"time"
)

// MemoryWatch reports when a process group's resident memory passes a limit. Go has no
// portable way to cap a child's memory without root: RLIMIT_AS breaks the Go runtime, which
// reserves far more address space than it uses (the race detector, terabytes), and RLIMIT_RSS
// is not enforced by Linux. So the grader measures the group's resident set a few dozen times
// a second and stops it when it passes the limit. Where the platform offers no cheap way to
// read it, Supported is false and the limit is not enforced.
type MemoryWatch struct {
	peak     atomic.Int64
	exceeded atomic.Bool
}

// pollInterval is how often the group's memory is read. A process can allocate quickly, so a
// run can overshoot the limit by what it allocates in one interval; the limit is a bound on
// what a solution may need, not on what the machine has.
const pollInterval = 20 * time.Millisecond

// WatchMemory starts measuring the process group led by pid, and calls stop once its resident
// memory exceeds limit bytes. It returns at once; the watch ends with ctx.
func WatchMemory(ctx context.Context, pid int, limit int64, stop func()) *MemoryWatch {
	w := &MemoryWatch{}
	if !MemorySupported || limit <= 0 {
		return w
	}
	go func() {
		t := time.NewTicker(pollInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			rss, ok := groupRSS(pid)
			if !ok {
				continue
			}
			if rss > w.peak.Load() {
				w.peak.Store(rss)
			}
			if rss > limit && !w.exceeded.Swap(true) {
				stop()
				return
			}
		}
	}()
	return w
}

// Exceeded reports whether the group passed the limit and was stopped.
func (w *MemoryWatch) Exceeded() bool { return w.exceeded.Load() }

// Peak is the most resident memory seen, in bytes.
func (w *MemoryWatch) Peak() int64 { return w.peak.Load() }
