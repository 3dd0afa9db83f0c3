package proc

import "syscall"

func parentDeathSignalOf(attr *syscall.SysProcAttr) syscall.Signal { return attr.Pdeathsig }
