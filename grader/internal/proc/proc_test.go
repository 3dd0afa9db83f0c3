//go:build unix || windows

package proc

import (
	"context"
	"testing"
	"time"
)

func TestCancelKillsEveryProcess(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd, out := helperCommand(ctx, t, "parent:sleeper")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForOutput(t, out, "ready")
	cancel()
	killed := time.Now()
	err := cmd.Wait()
	// A process that outlived the kill would hold the output pipe open until WaitDelay.
	if took := time.Since(killed); took >= waitDelay {
		t.Errorf("Wait took %v after the kill: a process of the command outlived it", took)
	}
	if err == nil {
		t.Error("Wait = nil, want the error of a killed process")
	}
}

func TestStartFailureLeavesNothing(t *testing.T) {
	cmd := Command(context.Background(), "prep-no-such-program")
	if err := cmd.Start(); err == nil {
		_ = cmd.Wait()
		t.Fatal("Start = nil, want an error")
	}
	if err := Command(context.Background(), "prep-no-such-program").Run(); err == nil {
		t.Fatal("Run = nil, want an error")
	}
}
