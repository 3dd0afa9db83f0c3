package proc

import (
	"bytes"
	"os"
	"strconv"
)

// MemorySupported says whether WatchMemory can measure memory on this platform.
const MemorySupported = true

var pageSize = int64(os.Getpagesize())

// newMeter measures the process group that cmd leads.
func newMeter(cmd *Cmd) func() (int64, bool) {
	pgid := cmd.Process.Pid
	return func() (int64, bool) { return groupRSS(pgid) }
}

// groupRSS sums the resident memory of every process in the group pgid, read from /proc.
func groupRSS(pgid int) (int64, bool) {
	dir, err := os.Open("/proc")
	if err != nil {
		return 0, false
	}
	defer dir.Close()
	names, err := dir.Readdirnames(-1)
	if err != nil {
		return 0, false
	}
	var total int64
	found := false
	for _, name := range names {
		if name[0] < '0' || name[0] > '9' {
			continue
		}
		b, err := os.ReadFile("/proc/" + name + "/stat")
		if err != nil {
			continue
		}
		group, rss, ok := parseStat(b)
		if ok && group == pgid {
			total += rss * pageSize
			found = true
		}
	}
	return total, found
}

// parseStat reads the process group (field 5) and resident pages (field 24) of a
// /proc/PID/stat line. The command name (field 2) is in parentheses and may hold spaces, so
// fields are counted from the last ')'.
func parseStat(b []byte) (pgrp int, rssPages int64, ok bool) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, false
	}
	fields := bytes.Fields(b[i+1:])
	// fields[0] is field 3 (state), so field N is fields[N-3].
	if len(fields) < 22 {
		return 0, 0, false
	}
	g, err1 := strconv.Atoi(string(fields[5-3]))
	r, err2 := strconv.ParseInt(string(fields[24-3]), 10, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return g, r, true
}
