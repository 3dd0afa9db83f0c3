//go:build !cgo

package toy

import "os"

// Only a build without cgo (the plain one) compiles this file.
var _ = os.Getpid()
