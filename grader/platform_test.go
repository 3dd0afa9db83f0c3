package grader

import (
	"strings"
	"testing"
)

// Each platform's decision is checked here, on whatever machine the tests run: these are the
// answers prep gives on a Mac or a Windows laptop.
func TestRaceSupported(t *testing.T) {
	for _, tc := range []struct {
		goos, goarch string
		want         bool
	}{
		{"linux", "amd64", true},
		{"linux", "arm64", true},
		{"linux", "386", false},
		{"linux", "arm", false},
		{"darwin", "arm64", true},
		{"darwin", "amd64", true},
		{"windows", "amd64", true},
		{"windows", "arm64", false},
		{"windows", "386", false},
		{"freebsd", "amd64", true},
		{"openbsd", "amd64", false},
	} {
		if got := raceSupported(tc.goos, tc.goarch); got != tc.want {
			t.Errorf("raceSupported(%q, %q) = %v, want %v", tc.goos, tc.goarch, got, tc.want)
		}
	}
}

func TestRaceCgo(t *testing.T) {
	for goos, want := range map[string]string{
		"darwin":  "CGO_ENABLED=0", // the race runtime needs no C compiler there
		"linux":   "CGO_ENABLED=1",
		"windows": "CGO_ENABLED=1",
		"freebsd": "CGO_ENABLED=1",
	} {
		if got := raceCgo(goos); got != want {
			t.Errorf("raceCgo(%q) = %q, want %q", goos, got, want)
		}
	}
}

func TestInstallCompilerNamesThePlatformsOwnWay(t *testing.T) {
	for goos, want := range map[string]string{
		"windows": "MSYS2",
		"darwin":  "xcode-select --install",
		"linux":   "apt install gcc",
		"plan9":   "gcc or clang",
	} {
		if got := installCompiler(goos); !strings.Contains(got, want) {
			t.Errorf("installCompiler(%q) = %q, want it to mention %q", goos, got, want)
		}
	}
}

func TestRaceUnsupportedSaysWhereItRuns(t *testing.T) {
	msg := raceUnsupportedError("windows", "arm64").Error()
	for _, want := range []string{"windows/arm64", "does not exist"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not mention %q", msg, want)
		}
	}
}
