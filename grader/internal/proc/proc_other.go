//go:build !unix && !windows

package proc

// sysState is empty: without process groups or jobs, the command alone is killed.
type sysState struct{}

func (c *Cmd) prepare() {}

func (c *Cmd) start() error { return c.Cmd.Start() }

func (c *Cmd) kill() error {
	if c.Process == nil {
		return nil
	}
	return c.Process.Kill()
}

func (c *Cmd) release() {}
