package proc

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The pure part of the job spells out what winnt.h defines; this checks it against x/sys.
func TestJobConstantsMatchWindows(t *testing.T) {
	if jobLimitJobMemory != windows.JOB_OBJECT_LIMIT_JOB_MEMORY {
		t.Errorf("jobLimitJobMemory = %#x, want %#x", jobLimitJobMemory, windows.JOB_OBJECT_LIMIT_JOB_MEMORY)
	}
	if jobLimitKillOnJobClose != windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE {
		t.Errorf("jobLimitKillOnJobClose = %#x, want %#x", jobLimitKillOnJobClose, windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)
	}
	// JOBOBJECT_BASIC_PROCESS_ID_LIST, which x/sys does not declare.
	var list struct {
		NumberOfAssignedProcesses uint32
		NumberOfProcessIdsInList  uint32
		ProcessIdList             [1]uintptr
	}
	if off := unsafe.Offsetof(list.ProcessIdList); off != processIDListHeader {
		t.Errorf("ProcessIdList is at offset %d, want %d", off, processIDListHeader)
	}
}
