//go:build darwin || windows

package proc

import "github.com/shirou/gopsutil/v4/process"

// residentSets sums the resident memory of processes through gopsutil, which reads it without
// cgo on macOS and Windows. It keeps the processes it found from one poll to the next, so that
// each poll costs one call per process.
type residentSets struct {
	procs map[int32]*process.Process
}

// sum returns the resident memory of the processes pids, in bytes, and whether any of them
// could be measured; one that has exited since it was listed counts for nothing.
func (s *residentSets) sum(pids []int32) (int64, bool) {
	kept := make(map[int32]*process.Process, len(pids))
	var total int64
	found := false
	for _, pid := range pids {
		p := s.procs[pid]
		if p == nil {
			var err error
			if p, err = process.NewProcess(pid); err != nil {
				continue
			}
		}
		kept[pid] = p
		mem, err := p.MemoryInfo()
		if err != nil {
			continue
		}
		total += int64(mem.RSS)
		found = true
	}
	s.procs = kept
	return total, found
}
