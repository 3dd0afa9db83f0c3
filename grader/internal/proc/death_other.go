//go:build unix && !linux

package proc

import "syscall"

// ParentDeathSignal says whether the kernel ends a child when prep ends, however prep ends.
// Only Linux offers that; elsewhere test processes watch for prep themselves (see the kit's
// guard).
const ParentDeathSignal = false

func dieWithParent(*syscall.SysProcAttr) {}
