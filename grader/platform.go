package grader

import (
	"fmt"
	"strings"
)

// The decisions that depend on the platform prep grades on, each a function of GOOS and
// GOARCH (the go command's own, GOHOSTOS and GOHOSTARCH, since prep builds for the machine it
// runs on), so that every platform's answer is tested wherever the tests run.

// raceSupported reports whether the go command can build with -race for goos/goarch: the
// platforms the race detector's runtime exists for, as the go command's own table lists them
// (internal/platform.RaceDetectorSupported, which prep cannot import).
func raceSupported(goos, goarch string) bool {
	switch goos {
	case "linux":
		switch goarch {
		case "amd64", "arm64", "loong64", "ppc64le", "riscv64", "s390x":
			return true
		}
	case "darwin":
		return goarch == "amd64" || goarch == "arm64"
	case "freebsd", "netbsd", "windows":
		return goarch == "amd64"
	}
	return false
}

// raceCgo is the CGO_ENABLED setting of a race build on goos. The race detector needs cgo,
// and so a C compiler, everywhere but on macOS, where its runtime calls the system's libraries
// itself: there cgo stays off, so that a Mac without Xcode's command-line tools (or with their
// licence not yet accepted) still builds the race suite.
func raceCgo(goos string) string {
	if goos == "darwin" {
		return "CGO_ENABLED=0"
	}
	return "CGO_ENABLED=1"
}

// installCompiler says how to get the C compiler the race detector needs on goos.
func installCompiler(goos string) string {
	switch goos {
	case "windows":
		return "install gcc, for example with MSYS2 (`pacman -S mingw-w64-ucrt-x86_64-gcc`) or from https://jmeubank.github.io/tdm-gcc/, and put its bin folder on your PATH"
	case "darwin":
		return "install Xcode's command-line tools (`xcode-select --install`)"
	case "linux":
		return "install gcc (Debian and Ubuntu: `sudo apt install gcc`; Fedora: `sudo dnf install gcc`; Alpine: `apk add gcc musl-dev`)"
	}
	return "install gcc or clang"
}

// raceUnsupportedError says that the race suite cannot be built on goos/goarch at all.
func raceUnsupportedError(goos, goarch string) error {
	return fmt.Errorf("the race suite needs Go's race detector, which does not exist for %s/%s; grade on a machine where it does (64-bit x86 on Linux, macOS, Windows and FreeBSD; 64-bit ARM on Linux and macOS)", goos, goarch)
}

// defaultCC is the C compiler the go command uses on goos when CC is not set.
func defaultCC(goos string) string {
	switch goos {
	case "darwin", "ios", "freebsd", "openbsd":
		return "clang"
	}
	return "gcc"
}

// raceBlocker says why this machine cannot build the race suite, or returns nil when it can.
// It decides before any build, from what the go command reports (its platform, and its C
// compiler: cc is `go env CC`) and whether that compiler is on the PATH, so that a machine
// without one loses only the race suite, with the step that gets it back, rather than the
// whole grading to a build error.
func raceBlocker(goos, goarch, cc string, lookPath func(string) (string, error)) error {
	if !raceSupported(goos, goarch) {
		return raceUnsupportedError(goos, goarch)
	}
	if raceCgo(goos) == "CGO_ENABLED=0" {
		return nil
	}
	// CC may carry arguments ("zig cc", "ccache gcc"): the program is the first word.
	compiler := defaultCC(goos)
	if f := strings.Fields(cc); len(f) > 0 {
		compiler = f[0]
	}
	if _, err := lookPath(compiler); err != nil {
		return fmt.Errorf("Go's race detector needs a C compiler on %s, and the one the go command would use (`%s`, from `go env CC`) is not on your PATH; to judge the race suite, %s, then submit again", goos, compiler, installCompiler(goos))
	}
	return nil
}
