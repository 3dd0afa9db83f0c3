// Package iostreams is where commands read and write, so that they never touch os.Stdout or
// detect terminals themselves and tests can hand them buffers.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// IOStreams are a command's standard streams and what is known about the terminal behind them.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// IsStdoutTTY is true when a person is likely reading stdout, rather than a pipe or a file.
	IsStdoutTTY bool
	// IsStderrTTY is true when stderr is a terminal: live progress goes there only then, so that
	// logs of CI runs stay free of control characters.
	IsStderrTTY bool
	// ColorEnabled says whether output to stdout may use colour.
	ColorEnabled bool
}

// System returns the process's own streams.
func System() *IOStreams {
	stdoutTTY, stderrTTY := isTerminal(os.Stdout), isTerminal(os.Stderr)
	return &IOStreams{
		In:          os.Stdin,
		Out:         os.Stdout,
		ErrOut:      os.Stderr,
		IsStdoutTTY: stdoutTTY,
		// Live progress rewrites its line with escape sequences: only where they work.
		IsStderrTTY:  escapesWork(stderrTTY, enableVT, os.Stderr),
		ColorEnabled: colorEnabled(os.LookupEnv, escapesWork(stdoutTTY, enableVT, os.Stdout)),
	}
}

// escapesWork reports whether escape sequences written to f are shown as colour and
// movement: f is a terminal and handles them, asking it to first where it must be asked (a
// Windows console; see enableVT).
func escapesWork(tty bool, enable func(*os.File) bool, f *os.File) bool {
	return tty && enable(f)
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// colorEnabled follows the conventions people set in their shells: NO_COLOR (https://no-color.org)
// turns colour off whatever its value, and wins over everything since it is the reader's own
// choice; CLICOLOR_FORCE=1 turns it on even in pipes, for CI logs that render ANSI colour; and
// otherwise colour needs a terminal that is not TERM=dumb.
func colorEnabled(lookupEnv func(string) (string, bool), stdoutTTY bool) bool {
	if _, ok := lookupEnv("NO_COLOR"); ok {
		return false
	}
	if v, _ := lookupEnv("CLICOLOR_FORCE"); v == "1" {
		return true
	}
	if term, _ := lookupEnv("TERM"); term == "dumb" {
		return false
	}
	return stdoutTTY
}

// Test returns streams backed by buffers, as if stdin, stdout and stderr were not terminals,
// with the buffers for stdin, stdout and stderr.
func Test() (ios *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}
