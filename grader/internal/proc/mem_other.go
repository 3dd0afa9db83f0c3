//go:build !linux

package proc

// MemorySupported says whether WatchMemory can measure memory on this platform.
const MemorySupported = false

func groupRSS(int) (int64, bool) { return 0, false }
