// Package proc starts the grader's subprocesses so that none outlives its grading: each runs
// with a context, in its own process group where the platform has them, and is killed as a
// whole group when the context ends, so that a test binary's own children die with it.
package proc

import (
	"context"
	"os/exec"
	"time"
)

// waitDelay is how long Wait waits for the output pipes to close after the process is killed,
// in case a grandchild escaped the group and holds them open.
const waitDelay = 2 * time.Second

// Command returns a command that is killed, with its whole process group, when ctx ends.
func Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	setGroup(cmd)
	cmd.Cancel = func() error { return killGroup(cmd) }
	cmd.WaitDelay = waitDelay
	return cmd
}
