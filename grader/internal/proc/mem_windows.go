package proc

// MemorySupported says whether WatchMemory can measure memory on this platform.
const MemorySupported = true

// newMeter measures the processes of cmd's job: the job lists them, and gopsutil reads each
// one's working set.
func newMeter(cmd *Cmd) func() (int64, bool) {
	var sets residentSets
	return func() (int64, bool) {
		ids, err := cmd.processIDs()
		if err != nil || len(ids) == 0 {
			return 0, false
		}
		pids := make([]int32, len(ids))
		for i, id := range ids {
			pids[i] = int32(id)
		}
		return sets.sum(pids)
	}
}
