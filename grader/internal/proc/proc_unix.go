//go:build unix

package proc

import "syscall"

// sysState is what a command needs beyond exec.Cmd: nothing, as the process group is named
// by the leader's pid.
type sysState struct{}

// prepare makes the command lead a process group of its own, which its children join.
func (c *Cmd) prepare() {
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(c.SysProcAttr)
}

func (c *Cmd) start() error { return c.Cmd.Start() }

func (c *Cmd) kill() error {
	if c.Process == nil {
		return nil
	}
	// A negative pid names the process group the command leads.
	if err := syscall.Kill(-c.Process.Pid, syscall.SIGKILL); err != nil {
		return c.Process.Kill()
	}
	return nil
}

func (c *Cmd) release() {}
