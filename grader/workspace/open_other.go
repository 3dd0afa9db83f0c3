//go:build !unix

package workspace

import "os"

// openNoBlock opens a file for reading. Outside Unix a named pipe cannot sit in a folder
// among files, so there is nothing to wait on.
func openNoBlock(path string) (*os.File, error) {
	return os.Open(path)
}
