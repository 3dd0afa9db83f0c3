package proc

import (
	"context"
	"sync/atomic"
	"time"
)

// MemoryWatch reports when a command's processes together pass their memory limit. Go has no
// portable way to cap a child's memory without root: RLIMIT_AS breaks the Go runtime, which
// reserves far more address space than it uses (the race detector, terabytes), RLIMIT_RSS is
// not enforced by Linux, and a Windows job limits committed memory, not resident memory. So
// the grader measures the processes' resident memory a few dozen times a second (their
// working sets, on Windows) and stops them when it passes the limit. Where the platform offers
// no cheap way to read it, MemorySupported is false and the limit is not enforced.
type MemoryWatch struct {
	peak     atomic.Int64
	exceeded atomic.Bool
}

// pollInterval is how often the processes' memory is read. A process can allocate quickly, so
// a run can overshoot the limit by what it allocates in one interval; the limit is a bound on
// what a solution may need, not on what the machine has.
const pollInterval = 20 * time.Millisecond

// WatchMemory starts measuring the processes of cmd, which has started: its process group on
// Unix, its job on Windows. It calls stop once their resident memory exceeds cmd.MemoryLimit.
// It returns at once; the watch ends with ctx.
func WatchMemory(ctx context.Context, cmd *Cmd, stop func()) *MemoryWatch {
	w := &MemoryWatch{}
	limit := cmd.MemoryLimit
	if !MemorySupported || limit <= 0 || cmd.Process == nil {
		return w
	}
	measure := newMeter(cmd)
	go func() {
		t := time.NewTicker(pollInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			rss, ok := measure()
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

// Exceeded reports whether the processes passed the limit and were stopped.
func (w *MemoryWatch) Exceeded() bool { return w.exceeded.Load() }

// Peak is the most resident memory seen, in bytes.
func (w *MemoryWatch) Peak() int64 { return w.peak.Load() }
