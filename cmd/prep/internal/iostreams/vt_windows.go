package iostreams

import (
	"os"

	"golang.org/x/sys/windows"
)

// enableVT turns on the console's handling of escape sequences (colour, erasing a line) for
// f, and reports whether the console now handles them. Windows consoles do it only when asked,
// handle by handle: a library that asks for stdout alone leaves the progress line on stderr
// printing raw "←[K" codes.
func enableVT(f *os.File) bool {
	h := windows.Handle(f.Fd())
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return false
	}
	if mode&windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
		return true
	}
	return windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) == nil
}
