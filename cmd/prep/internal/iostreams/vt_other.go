//go:build !windows

package iostreams

import "os"

// enableVT reports whether the terminal behind f handles escape sequences: terminals outside
// Windows always do.
func enableVT(*os.File) bool { return true }
