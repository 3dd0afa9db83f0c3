package proc

import "golang.org/x/sys/unix"

// MemorySupported says whether WatchMemory can measure memory on this platform.
const MemorySupported = true

// newMeter measures the process group that cmd leads. macOS has no /proc: the kernel lists
// the group's processes, and gopsutil reads each one's resident size.
func newMeter(cmd *Cmd) func() (int64, bool) {
	pgid := cmd.Process.Pid
	var sets residentSets
	return func() (int64, bool) {
		pids, err := groupPIDs(pgid)
		if err != nil || len(pids) == 0 {
			return 0, false
		}
		return sets.sum(pids)
	}
}

// groupPIDs lists the processes of the group pgid.
func groupPIDs(pgid int) ([]int32, error) {
	procs, err := unix.SysctlKinfoProcSlice("kern.proc.pgrp", pgid)
	if err != nil {
		return nil, err
	}
	pids := make([]int32, len(procs))
	for i, p := range procs {
		pids[i] = p.Proc.P_pid
	}
	return pids, nil
}
