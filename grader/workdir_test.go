package grader

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWorkDirSlots(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	a, err := claimWorkDir("toy")
	if err != nil {
		t.Fatal(err)
	}
	b, err := claimWorkDir("toy")
	if err != nil {
		t.Fatal(err)
	}
	if a.path == b.path {
		t.Fatalf("two graders share %s", a.path)
	}
	// A slot's leftovers are cleared when it is claimed again.
	left := filepath.Join(a.path, "left-over")
	if err := os.WriteFile(left, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	a.lock.Unlock() // as if the process had died without cleaning up
	c, err := claimWorkDir("toy")
	if err != nil {
		t.Fatal(err)
	}
	if c.path != a.path {
		t.Errorf("a free slot was not reused: got %s, want %s", c.path, a.path)
	}
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("a reused slot kept its old files: %v", err)
	}
	b.release()
	c.release()
	if _, err := os.Stat(c.path); !os.IsNotExist(err) {
		t.Errorf("release left %s behind", c.path)
	}
}
