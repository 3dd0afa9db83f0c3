package grader

import (
	"errors"
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

func TestRaceBlocker(t *testing.T) {
	on := func(found ...string) func(string) (string, error) {
		return func(name string) (string, error) {
			for _, f := range found {
				if f == name {
					return "/usr/bin/" + name, nil
				}
			}
			return "", errors.New("not found")
		}
	}
	for _, tc := range []struct {
		name, goos, goarch, cc string
		path                   func(string) (string, error)
		want                   []string // what the reason must say; none for no blocker
	}{
		{"linux with gcc", "linux", "amd64", "gcc", on("gcc"), nil},
		{"linux without gcc", "linux", "amd64", "gcc", on(), []string{"`gcc`", "not on your PATH", "apt install gcc", "submit again"}},
		{"linux, CC with arguments", "linux", "arm64", "ccache gcc", on("ccache"), nil},
		{"linux, CC unset", "linux", "amd64", "", on("gcc"), nil},
		{"linux/386 has no race detector", "linux", "386", "gcc", on("gcc"), []string{"linux/386", "does not exist"}},
		{"windows without gcc", "windows", "amd64", "gcc", on(), []string{"on windows", "MSYS2"}},
		{"windows with MinGW gcc", "windows", "amd64", "gcc", on("gcc"), nil},
		{"windows on ARM", "windows", "arm64", "gcc", on("gcc"), []string{"windows/arm64", "does not exist"}},
		{"macOS needs no C compiler", "darwin", "arm64", "clang", on(), nil},
		{"FreeBSD's default is clang", "freebsd", "amd64", "", on("gcc"), []string{"`clang`"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := raceBlocker(tc.goos, tc.goarch, tc.cc, tc.path)
			if (err != nil) != (tc.want != nil) {
				t.Fatalf("raceBlocker = %v, want a blocker: %v", err, tc.want != nil)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("reason %q does not say %q", err, w)
				}
			}
		})
	}
}
