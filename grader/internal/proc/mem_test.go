//go:build unix || windows

package proc

import (
	"context"
	"testing"
	"time"
)

// The hog is the command's child, not the command itself: what is measured is every process
// of the command.
func TestWatchMemoryStopsTheCommandsProcesses(t *testing.T) {
	if !MemorySupported {
		t.Skip("no memory watch here")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd, out := helperCommand(ctx, t, "parent:hog")
	cmd.MemoryLimit = 64 << 20
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w := WatchMemory(ctx, cmd, cancel)
	err := cmd.Wait()
	if !w.Exceeded() {
		t.Fatalf("the command was not stopped: Wait = %v, ctx = %v, peak %d bytes; output:\n%s", err, ctx.Err(), w.Peak(), out)
	}
	if w.Peak() <= cmd.MemoryLimit {
		t.Errorf("Peak = %d, want more than the limit, %d", w.Peak(), cmd.MemoryLimit)
	}
}

func TestWatchMemoryLeavesACommandWithinItsLimit(t *testing.T) {
	if !MemorySupported {
		t.Skip("no memory watch here")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd, out := helperCommand(ctx, t, "parent:sleeper")
	cmd.MemoryLimit = 1 << 30
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := make(chan struct{})
	w := WatchMemory(ctx, cmd, func() { close(stopped) })
	waitForOutput(t, out, "ready")
	deadline := time.Now().Add(5 * time.Second)
	for w.Peak() == 0 && time.Now().Before(deadline) {
		time.Sleep(pollInterval)
	}
	cancel()
	_ = cmd.Wait()
	select {
	case <-stopped:
		t.Errorf("stopped a command using %d bytes of a limit of %d", w.Peak(), cmd.MemoryLimit)
	default:
	}
	if w.Peak() <= 0 || w.Exceeded() {
		t.Errorf("Peak, Exceeded = %d, %v; want some memory within the limit", w.Peak(), w.Exceeded())
	}
}
