// Package proc starts the grader's subprocesses so that none outlives its grading: each runs
// with a context and is killed, with every process it started, when the context ends. On Unix
// a command runs in its own process group, which is killed as a whole; on Windows it runs in
// its own job object, which the kernel also ends when prep itself ends.
package proc

import (
	"context"
	"os/exec"
	"time"
)

// waitDelay is how long Wait waits for the output pipes to close after the process is killed,
// in case a grandchild escaped the group and holds them open.
const waitDelay = 2 * time.Second

// Cmd is an exec.Cmd that is killed with all of its processes. Run it with Start, Run and
// Wait: exec.Cmd's Output and CombinedOutput would start the process without putting it in
// its job on Windows.
type Cmd struct {
	*exec.Cmd
	// MemoryLimit, when positive, is the resident memory in bytes that the command's processes
	// may use together, which WatchMemory enforces. Set it before Start: on Windows it also sets
	// a limit the kernel enforces, should the watch be too slow.
	MemoryLimit int64
	// NoCommitLimit leaves out that kernel limit on Windows, for a race build: the race
	// detector commits shadow memory for the heap it may never touch, which a limit on
	// committed memory would count, and a correct solution must not fail for it.
	NoCommitLimit bool

	sys sysState
}

// Command returns a command that is killed, with every process it started, when ctx ends.
func Command(ctx context.Context, name string, args ...string) *Cmd {
	c := &Cmd{Cmd: exec.CommandContext(ctx, name, args...)}
	c.prepare()
	c.Cancel = c.kill
	c.WaitDelay = waitDelay
	return c
}

// Start starts the command, as exec.Cmd.Start does, in a group or job of its own.
func (c *Cmd) Start() error { return c.start() }

// Wait waits for the command to exit, as exec.Cmd.Wait does, then releases its group or job.
// On Windows that kills any process of the job still running.
func (c *Cmd) Wait() error {
	err := c.Cmd.Wait()
	c.release()
	return err
}

// Run starts the command and waits for it to exit.
func (c *Cmd) Run() error {
	if err := c.Start(); err != nil {
		return err
	}
	return c.Wait()
}
