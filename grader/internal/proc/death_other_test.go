//go:build unix && !linux

package proc

import "syscall"

func parentDeathSignalOf(*syscall.SysProcAttr) syscall.Signal { return 0 }
