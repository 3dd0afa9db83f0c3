package proc

import "encoding/binary"

// The pure part of a command's Windows job object, kept out of proc_windows.go so that it is
// tested on every platform.

// Limit flags of JOBOBJECT_BASIC_LIMIT_INFORMATION, as winnt.h numbers them;
// job_windows_test.go checks them against golang.org/x/sys/windows.
const (
	jobLimitJobMemory      = 0x00000200 // JOB_OBJECT_LIMIT_JOB_MEMORY
	jobLimitKillOnJobClose = 0x00002000 // JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
)

// backstopFactor is how far past a command's memory limit its job may commit memory before
// Windows refuses it more. The memory watch does the real limiting; the backstop is for a
// process that allocates faster than the watch polls, so that it cannot make the machine page.
// It sits well above the limit because the two measure different things: the job counts
// committed memory, which in a race build would include shadow memory nothing has touched yet (race builds get no backstop: see Cmd.NoCommitLimit).
const backstopFactor = 2

// jobLimits returns the limit flags of a command's job and the committed memory, in bytes,
// that the job may hold, zero for no limit. The job always kills its processes when its last
// handle closes, that is when the command is waited for or prep ends. maxMemory is the largest
// limit Windows can hold, that of a uintptr.
func jobLimits(memoryLimit int64, maxMemory uint64) (flags uint32, jobMemory uint64) {
	flags = jobLimitKillOnJobClose
	if memoryLimit <= 0 || uint64(memoryLimit) > maxMemory/backstopFactor {
		return flags, 0
	}
	return flags | jobLimitJobMemory, backstopFactor * uint64(memoryLimit)
}

// processIDListHeader is the size of JOBOBJECT_BASIC_PROCESS_ID_LIST before its array: two
// DWORDs, after which the array of ULONG_PTR starts aligned whether pointers take 4 or 8 bytes.
const processIDListHeader = 8

// parseProcessIDList reads a JOBOBJECT_BASIC_PROCESS_ID_LIST, as QueryInformationJobObject
// fills it on a little-endian machine whose pointers take ptrSize bytes. It returns the
// process IDs listed, and how many processes the job has: more than it lists when the buffer
// was too small for them all.
func parseProcessIDList(b []byte, ptrSize int) (pids []uint32, assigned int, ok bool) {
	if len(b) < processIDListHeader || (ptrSize != 4 && ptrSize != 8) {
		return nil, 0, false
	}
	assigned = int(binary.LittleEndian.Uint32(b[0:]))
	listed := int(binary.LittleEndian.Uint32(b[4:]))
	list := b[processIDListHeader:]
	if listed > len(list)/ptrSize {
		return nil, assigned, false
	}
	pids = make([]uint32, listed)
	for i := range pids {
		entry := list[i*ptrSize:]
		if ptrSize == 8 {
			// A process ID is a DWORD stored in a ULONG_PTR.
			pids[i] = uint32(binary.LittleEndian.Uint64(entry))
		} else {
			pids[i] = binary.LittleEndian.Uint32(entry)
		}
	}
	return pids, assigned, true
}
