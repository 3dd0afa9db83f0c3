//go:build unix

package proc

import (
	"context"
	"runtime"
	"syscall"
	"testing"
)

func TestCommandRunsInItsOwnGroupAndDiesWithPrep(t *testing.T) {
	cmd := Command(context.Background(), "true")
	attr := cmd.SysProcAttr
	if attr == nil || !attr.Setpgid {
		t.Fatalf("SysProcAttr = %+v, want Setpgid", attr)
	}
	want := syscall.Signal(0)
	if runtime.GOOS == "linux" {
		want = syscall.SIGKILL
	}
	if got := parentDeathSignalOf(attr); got != want {
		t.Errorf("parent-death signal = %v, want %v", got, want)
	}
	if ParentDeathSignal != (runtime.GOOS == "linux") {
		t.Errorf("ParentDeathSignal = %v on %s", ParentDeathSignal, runtime.GOOS)
	}
}
