//go:build unix

package grader

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A folder holding a named pipe, a link to /dev/zero and a link to a file outside it is graded
// from its regular files alone, promptly, with the others named on the scorecard and nothing
// of the outside file quoted anywhere.
func TestGradesAHostileFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a submission")
	}
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "submissions", "correct", "toy.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "toy.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "x.go"), 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	secret := filepath.Join(t.TempDir(), "secret.go")
	if err := os.WriteFile(secret, []byte("package toy // the learner's private key: hunter2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"zero.go": "/dev/zero", "outside.go": secret} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r, err := Grade(ctx, Options{Dir: dir, Challenge: toy(t)})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Passed {
		t.Errorf("verdict %s, want accepted from toy.go alone", r.Verdict)
	}
	notes := strings.Join(r.Notes, "\n")
	for _, want := range []string{"x.go is a named pipe", "zero.go is a symbolic link", "outside.go is a symbolic link"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the notes do not say %q:\n%s", want, notes)
		}
	}
	var everything strings.Builder
	for _, s := range r.Suites {
		for _, tc := range s.Tests {
			everything.WriteString(tc.Message)
		}
	}
	for _, d := range r.Diagnostics {
		everything.WriteString(d.Message)
	}
	if strings.Contains(everything.String()+notes, "hunter2") {
		t.Error("the report quotes the file outside the folder")
	}
}
