package proc

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestJobLimits(t *testing.T) {
	const (
		max64 = math.MaxUint64
		max32 = math.MaxUint32
		gib   = 1 << 30
	)
	tests := []struct {
		name       string
		limit      int64
		maxMemory  uint64
		wantFlags  uint32
		wantMemory uint64
	}{
		{"no limit", 0, max64, jobLimitKillOnJobClose, 0},
		{"negative limit", -1, max64, jobLimitKillOnJobClose, 0},
		{"limit", 512 << 20, max64, jobLimitKillOnJobClose | jobLimitJobMemory, 1 << 30},
		{"race limit", 4 * 512 << 20, max64, jobLimitKillOnJobClose | jobLimitJobMemory, 4 * gib},
		{"largest limit", math.MaxInt64, max64, jobLimitKillOnJobClose | jobLimitJobMemory, 2 * math.MaxInt64},
		{"fits 32 bits", gib, max32, jobLimitKillOnJobClose | jobLimitJobMemory, 2 * gib},
		{"past 32 bits", 3 * gib, max32, jobLimitKillOnJobClose, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flags, memory := jobLimits(tt.limit, tt.maxMemory)
			if flags != tt.wantFlags || memory != tt.wantMemory {
				t.Errorf("jobLimits(%d, %d) = %#x, %d; want %#x, %d", tt.limit, tt.maxMemory, flags, memory, tt.wantFlags, tt.wantMemory)
			}
		})
	}
}

// processIDList lays out a JOBOBJECT_BASIC_PROCESS_ID_LIST as Windows fills it, with room for
// room entries.
func processIDList(ptrSize int, assigned uint32, room int, pids ...uint32) []byte {
	b := make([]byte, processIDListHeader+room*ptrSize)
	binary.LittleEndian.PutUint32(b[0:], assigned)
	binary.LittleEndian.PutUint32(b[4:], uint32(len(pids)))
	for i, pid := range pids {
		entry := b[processIDListHeader+i*ptrSize:]
		if ptrSize == 8 {
			binary.LittleEndian.PutUint64(entry, uint64(pid))
		} else {
			binary.LittleEndian.PutUint32(entry, pid)
		}
	}
	return b
}

func TestParseProcessIDList(t *testing.T) {
	tests := []struct {
		name         string
		b            []byte
		ptrSize      int
		wantPIDs     []uint32
		wantAssigned int
		wantOK       bool
	}{
		{"empty job", processIDList(8, 0, 4), 8, []uint32{}, 0, true},
		{"64-bit", processIDList(8, 2, 4, 4242, 0xfffffffc), 8, []uint32{4242, 0xfffffffc}, 2, true},
		{"32-bit", processIDList(4, 3, 3, 8, 12, 16), 4, []uint32{8, 12, 16}, 3, true},
		// Windows fills what fits and says how many there are.
		{"more than fit", processIDList(8, 5, 2, 100, 104), 8, []uint32{100, 104}, 5, true},
		{"list past the buffer", processIDList(8, 3, 3, 1, 2, 3)[:processIDListHeader+2*8], 8, nil, 3, false},
		{"short header", []byte{1, 0, 0, 0}, 8, nil, 0, false},
		{"odd pointer size", processIDList(8, 1, 1, 1), 2, nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pids, assigned, ok := parseProcessIDList(tt.b, tt.ptrSize)
			if ok != tt.wantOK || assigned != tt.wantAssigned {
				t.Errorf("parseProcessIDList: assigned, ok = %d, %v; want %d, %v", assigned, ok, tt.wantAssigned, tt.wantOK)
			}
			if diff := cmp.Diff(tt.wantPIDs, pids); diff != "" {
				t.Errorf("parseProcessIDList pids (-want +got):\n%s", diff)
			}
		})
	}
}
