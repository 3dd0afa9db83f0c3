package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Closing the terminal prep grades in (SIGHUP) stops the grading as Ctrl-C does: the test
// processes end and the grading folder is removed. Without the signal handled, prep would
// die on the spot, its children would die only of the parent-death signal, and the folder
// would stay behind; on macOS, which has no such signal, they would run on.
func TestHangupStopsGrading(t *testing.T) {
	if testing.Short() {
		t.Skip("builds prep and grades a submission")
	}
	tmp := t.TempDir()
	prep := filepath.Join(tmp, "prep")
	if out, err := exec.Command("go", "build", "-o", prep, ".").CombinedOutput(); err != nil {
		t.Fatalf("building prep: %v\n%s", err, out)
	}
	cache, dir := filepath.Join(tmp, "cache"), filepath.Join(tmp, "lru")
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "XDG_CACHE_HOME="+cache, "GOCACHE="+strings.TrimSpace(string(gocache)), "NO_COLOR=1")
	start := exec.Command(prep, "start", "lru", "--dir", dir)
	start.Env = env
	if out, err := start.CombinedOutput(); err != nil {
		t.Fatalf("prep start: %v\n%s", err, out)
	}
	// A solution whose test processes never end by themselves.
	loop := "package lru\n\nvar spins int\n\nfunc init() {\n\tfor {\n\t\tspins++\n\t}\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "spin.go"), []byte(loop), 0o644); err != nil {
		t.Fatal(err)
	}
	submit := exec.Command(prep, "submit", dir)
	submit.Env = env
	if err := submit.Start(); err != nil {
		t.Fatal(err)
	}
	defer submit.Process.Kill()
	deadline := time.Now().Add(2 * time.Minute)
	for len(testProcesses(cache)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no test process started")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := submit.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- submit.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("prep did not stop within 10 s of SIGHUP")
	}
	if state := submit.ProcessState; state.Sys().(syscall.WaitStatus).Signaled() {
		t.Errorf("prep was killed by the signal (%v) instead of stopping the grading", state)
	}
	time.Sleep(200 * time.Millisecond)
	if left := testProcesses(cache); len(left) > 0 {
		t.Errorf("test processes outlived prep: %q", left)
	}
	slots, _ := filepath.Glob(filepath.Join(cache, "prep", "work", "lru-*"))
	for _, s := range slots {
		if fi, err := os.Stat(s); err == nil && fi.IsDir() {
			t.Errorf("the grading folder %s was left behind", s)
		}
	}
}

// testProcesses are the running test binaries of grading folders under cache.
func testProcesses(cache string) []string {
	paths, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	var out []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if s := strings.ReplaceAll(string(b), "\x00", " "); err == nil && strings.Contains(s, cache) && strings.Contains(s, ".test -test.") {
			out = append(out, s)
		}
	}
	return out
}
