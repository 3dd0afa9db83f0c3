package grader

import (
	"context"
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
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	kept := keptToolPath("devel go1.27-abc/../../x +2026", "test2json")
	base, err := os.UserCacheDir()
	if err != nil {
		t.Skip("no user cache folder here")
	}
	if tools := filepath.Join(base, "prep", "tools"); filepath.Dir(filepath.Dir(kept)) != tools {
		t.Fatalf("kept path %s is not in a folder of its own under %s", kept, tools)
	}

	if err := keepTool(strings.TrimSpace(string(out)), kept); err != nil {
		t.Fatal(err)
	}
	// The kept copy converts a test binary's framing like the original.
	cmd := exec.CommandContext(context.Background(), kept, "-t", "-p", "x", "/bin/echo", "\x16=== RUN   TestA")
	got, err := cmd.CombinedOutput()
	if err != nil {
		t.Skipf("running the kept copy needs /bin/echo: %v\n%s", err, got)
	}
	if !strings.Contains(string(got), `"Action":"run"`) || !strings.Contains(string(got), `"Test":"TestA"`) {
		t.Errorf("the kept test2json printed %s, want a run event for TestA", got)
	}
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
