package kit

import (
	"sync"
	"time"
)

// The performance harness times batches of a fraction of a millisecond. time.Now's monotonic
// reading is fine-grained enough for that on Linux and macOS, but on Windows it moves in steps
// of up to 15.6 ms, so a batch would read as taking no time at all. The harness therefore
// times with now and since, which on Windows read the performance counter instead, as the
// testing package does for benchmarks (clock_windows.go). Deadlines, which are far coarser,
// stay on the wall clock.

// ticksToDuration converts a count of a counter that ticks freq times a second into a
// duration. Multiplying ticks by a billion first would overflow an int64 after a few weeks of
// uptime at 10 MHz, so whole seconds and the remainder are converted apart.
func ticksToDuration(ticks, freq int64) time.Duration {
	if freq <= 0 {
		return 0
	}
	sec, rem := ticks/freq, ticks%freq
	return time.Duration(sec)*time.Second + time.Duration(rem*int64(time.Second)/freq)
}

// ClockStep is the smallest step time.Now was seen to move by: nanoseconds on Linux and
// macOS, up to 15.6 ms on Windows, where the clock moves only when the system's timer ticks.
// Code under test reads time.Now, so a workload that relies on time passing between two
// calls a few microseconds apart (a request leaving a window of a microsecond) gets
// different answers from one run to the next where the step is longer, and must not be timed
// and compared there. It is measured once, within a few milliseconds at most.
func ClockStep() time.Duration {
	clockStepOnce.Do(func() { clockStep = measureClockStep(time.Now, 5, 50*time.Millisecond) })
	return clockStep
}

var (
	clockStepOnce sync.Once
	clockStep     time.Duration
)

// measureClockStep watches read move samples times, within budget, and returns the smallest
// step seen: budget itself when the clock did not move at all.
func measureClockStep(read func() time.Time, samples int, budget time.Duration) time.Duration {
	step := budget
	start := read()
	prev := start
	for seen := 0; seen < samples; {
		t := read()
		if d := t.Sub(prev); d > 0 {
			step = min(step, d)
			prev = t
			seen++
		}
		if t.Sub(start) >= budget {
			break
		}
	}
	return step
}
