//go:build windows

package kit

import (
	"syscall"
	"time"
	"unsafe"
)

// The performance counter ticks at a fixed rate, typically 10 MHz, read without entering the
// kernel. Windows documents both calls as never failing since XP; if one does anyway, the
// clock falls back to time.Now, coarse but never wrong.
var (
	kernel32                  = syscall.NewLazyDLL("kernel32.dll")
	queryPerformanceCounter   = kernel32.NewProc("QueryPerformanceCounter")
	queryPerformanceFrequency = kernel32.NewProc("QueryPerformanceFrequency")
	counterFrequency          = readCounterFrequency()
	clockEpoch                = time.Now()
)

// instant is a reading of the harness's clock, only good for measuring intervals with since:
// ticks of the performance counter, or nanoseconds since clockEpoch when it is unavailable.
type instant struct {
	ticks int64
}

// readCounterFrequency returns the performance counter's ticks a second, or 0 when it
// cannot be read.
func readCounterFrequency() int64 {
	if kernel32.Load() != nil || queryPerformanceCounter.Find() != nil || queryPerformanceFrequency.Find() != nil {
		return 0
	}
	var f int64
	if ok, _, _ := queryPerformanceFrequency.Call(uintptr(unsafe.Pointer(&f))); ok == 0 || f <= 0 {
		return 0
	}
	return f
}

// now reads the harness's clock.
func now() instant {
	if counterFrequency == 0 {
		return instant{int64(time.Since(clockEpoch))}
	}
	var c int64
	queryPerformanceCounter.Call(uintptr(unsafe.Pointer(&c)))
	return instant{c}
}

// since returns the time elapsed since a.
func since(a instant) time.Duration {
	d := now().ticks - a.ticks
	if counterFrequency == 0 {
		return time.Duration(d)
	}
	return ticksToDuration(d, counterFrequency)
}
