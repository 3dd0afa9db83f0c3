package grader

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// prep keeps its own copy of test2json per Go release, so that an emptied build cache does
// not mean building it again; the copy must run, and a version string must not be able to
// name a path outside prep's folder.
func TestKeptTest2json(t *testing.T) {
	out, err := exec.Command("go", "tool", "-n", "test2json").Output()
	if err != nil {
		t.Skipf("go tool -n test2json: %v", err)
	}
	// Only now: the go command finds its build cache through the same variables.
	base := isolateUserCache(t)
	kept := keptToolPath("devel go1.27-abc/../../x +2026", "test2json")
	if tools := filepath.Join(base, "prep", "tools"); filepath.Dir(filepath.Dir(kept)) != tools {
		t.Fatalf("kept path %s is not in a folder of its own under %s", kept, tools)
	}

	if err := keepTool(strings.TrimSpace(string(out)), kept); err != nil {
		t.Fatal(err)
	}
	// The kept copy converts a test binary's framing like the original. This test binary
	// plays the one to convert, as /bin/echo would where there is one.
	cmd := exec.CommandContext(context.Background(), kept, "-t", "-p", "x", os.Args[0], "-test.run=^TestHelperEcho$")
	cmd.Env = append(os.Environ(), echoEnv+"=\x16=== RUN   TestA")
	got, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("running the kept copy: %v\n%s", err, got)
	}
	if !strings.Contains(string(got), `"Action":"run"`) || !strings.Contains(string(got), `"Test":"TestA"`) {
		t.Errorf("the kept test2json printed %s, want a run event for TestA", got)
	}
}

// echoEnv holds what TestHelperEcho prints.
const echoEnv = "PREP_TEST_HELPER_ECHO"

// TestHelperEcho is not a test: TestKeptTest2json runs it in a process of its own, which
// prints echoEnv's value and exits before the testing package prints anything.
func TestHelperEcho(t *testing.T) {
	s, ok := os.LookupEnv(echoEnv)
	if !ok {
		t.Skip("run by TestKeptTest2json")
	}
	fmt.Println(s)
	os.Exit(0)
}

func TestTempDirEnv(t *testing.T) {
	for goos, want := range map[string][]string{
		"linux":   {"TMPDIR=/g"},
		"darwin":  {"TMPDIR=/g"},
		"freebsd": {"TMPDIR=/g"},
		"windows": {"TMP=/g", "TEMP=/g"},
	} {
		if got := tempDirEnv(goos, "/g"); !slices.Equal(got, want) {
			t.Errorf("tempDirEnv(%s) = %q, want %q", goos, got, want)
		}
	}
}

// The go command, the compiler and the linker keep their temporary files in the grading
// folder, whatever the user's environment says, and the variables are set once each.
func TestBuildEnvKeepsTemporaryFilesInside(t *testing.T) {
	env := buildEnv([]string{"PATH=/bin", "TMPDIR=/tmp", "GOTMPDIR=/elsewhere", "TMP=x", "TEMP=y"}, "/g/gotmp")
	count := map[string]int{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		count[k]++
		switch k {
		case "GOTMPDIR", "TMPDIR", "TMP", "TEMP":
			if v != "/g/gotmp" {
				t.Errorf("%s = %s, want the grading folder's", k, v)
			}
		}
	}
	if count["GOTMPDIR"] != 1 || count["PATH"] != 1 {
		t.Errorf("env = %q", env)
	}
}

// Windows spells its search path "Path" and ignores the case of names: the test process must
// still find its PATH there, and a user's "Goflags" must not survive beside prep's GOFLAGS.
func TestEnvironmentNamesByPlatform(t *testing.T) {
	user := []string{"Path=C:\\Go\\bin", "Goflags=-tags=sneaky", "SystemRoot=C:\\Windows", "tmp=C:\\Temp", "EDITOR=vi"}
	has := func(env []string, kv string) bool { return slices.Contains(env, kv) }

	win := testEnvFor("windows", user, `C:\grading\tmp`)
	for _, want := range []string{"Path=C:\\Go\\bin", "SystemRoot=C:\\Windows", `TMP=C:\grading\tmp`} {
		if !has(win, want) {
			t.Errorf("windows test env %q lacks %q", win, want)
		}
	}
	for _, gone := range []string{"tmp=C:\\Temp", "EDITOR=vi"} {
		if has(win, gone) {
			t.Errorf("windows test env %q keeps %q", win, gone)
		}
	}
	if unix := testEnvFor("linux", user, "/grading/tmp"); has(unix, "Path=C:\\Go\\bin") {
		t.Errorf("on Linux, Path is not PATH: %q", unix)
	}

	if g := goEnvFor("windows", user); has(g, "Goflags=-tags=sneaky") || !has(g, "EDITOR=vi") {
		t.Errorf("windows go env %q: want Goflags dropped and EDITOR kept", g)
	}
	if g := goEnvFor("linux", user); !has(g, "Goflags=-tags=sneaky") {
		t.Errorf("on Linux, Goflags is not GOFLAGS and stays: %q", g)
	}
}

func TestEnvName(t *testing.T) {
	for _, tc := range []struct{ goos, kv, want string }{
		{"windows", "Path=C:\\bin", "PATH"},
		{"windows", "=C:=C:\\work", ""},
		{"linux", "Path=/bin", "Path"},
		{"darwin", "TMPDIR=/var/folders/x", "TMPDIR"},
	} {
		if got := envName(tc.goos, tc.kv); got != tc.want {
			t.Errorf("envName(%q, %q) = %q, want %q", tc.goos, tc.kv, got, tc.want)
		}
	}
}

// A go command older than the hidden tests need is refused with what is too old, what is
// needed and where to get it; a release candidate counts as its release, and a development
// build is taken to be new enough.
func TestCheckGoVersion(t *testing.T) {
	for _, v := range []string{"go1.25.0", "go1.25rc1", "go1.26.8", "go1.30", "devel go1.27-abcdef +2026"} {
		if err := checkGoVersion(v); err != nil {
			t.Errorf("checkGoVersion(%q) = %v, want nil", v, err)
		}
	}
	for _, v := range []string{"go1.24.9", "go1.24rc2", "go1.22.0", "go1.21.13"} {
		err := checkGoVersion(v)
		if err == nil {
			t.Errorf("checkGoVersion(%q) = nil, want an error", v)
			continue
		}
		for _, want := range []string{v + " is too old", "Go 1.25 or newer", "https://go.dev/dl"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("checkGoVersion(%q) = %q, want it to say %q", v, err, want)
			}
		}
	}
	if minGo != "go"+goDirective {
		t.Errorf("minGo = %q, goDirective = %q: the go command must be as new as the module it builds", minGo, goDirective)
	}
}
