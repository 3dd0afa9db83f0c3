//go:build !linux && !darwin && !windows

package proc

// MemorySupported says whether WatchMemory can measure memory on this platform.
const MemorySupported = false

func newMeter(*Cmd) func() (int64, bool) { return func() (int64, bool) { return 0, false } }
