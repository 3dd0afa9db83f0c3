//go:build unix

package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A named pipe, a link to a device and a link to a file outside the folder are skipped, with
// the reason, without blocking or reading what they point at.
func TestSourcesSkipsWhatIsNotARegularFileInside(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.go", "package a\n")
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.go"), 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	secret := filepath.Join(t.TempDir(), "secret.go")
	write(t, filepath.Dir(secret), "secret.go", "package secret // the learner's private key\n")
	for name, target := range map[string]string{"zero.go": "/dev/zero", "outside.go": secret} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	type result struct {
		srcs    []Source
		skipped []Skipped
		err     error
	}
	done := make(chan result, 1)
	go func() {
		srcs, skipped, err := Sources(dir)
		done <- result{srcs, skipped, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Sources blocked on the folder's special files")
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.srcs) != 1 || r.srcs[0].Name != "a.go" {
		t.Errorf("read %+v, want a.go alone", r.srcs)
	}
	why := map[string]string{}
	for _, s := range r.skipped {
		why[s.Name] = s.Reason
	}
	for name, want := range map[string]string{"pipe.go": "named pipe", "zero.go": "symbolic link", "outside.go": "symbolic link"} {
		if !strings.Contains(why[name], want) {
			t.Errorf("%s: skipped because %q, want %q", name, why[name], want)
		}
	}
}
