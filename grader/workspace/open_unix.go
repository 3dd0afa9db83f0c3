//go:build unix

package workspace

import (
	"os"
	"syscall"
)

// openNoBlock opens a file for reading without waiting for a writer, as opening a named pipe
// otherwise would; for a regular file the flag changes nothing.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
