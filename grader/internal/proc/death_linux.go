package proc

import "syscall"

// ParentDeathSignal says whether the kernel ends a child when prep ends, however prep ends.
const ParentDeathSignal = true

// dieWithParent asks the kernel to kill the child when prep dies, even by kill -9 or the
// out-of-memory killer, when prep has no chance to kill anything itself.
//
// Linux sends the signal when the thread that started the child exits, not the process
// (go.dev/issue/27505). The Go runtime ends a thread only when a goroutine locked to it with
// runtime.LockOSThread exits without unlocking, which prep never does, so here the two are one.
func dieWithParent(attr *syscall.SysProcAttr) {
	attr.Pdeathsig = syscall.SIGKILL
}
