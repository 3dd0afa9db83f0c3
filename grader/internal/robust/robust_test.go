package robust

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestTransientErrors(t *testing.T) {
	pathErr := func(n syscall.Errno) error { return &fs.PathError{Op: "remove", Path: `C:\x`, Err: n} }
	linkErr := func(n syscall.Errno) error { return &os.LinkError{Op: "rename", Old: `C:\a`, New: `C:\b`, Err: n} }
	tests := []struct {
		name           string
		goos           string
		err            error
		rename, remove bool
	}{
		{"access denied on windows", "windows", pathErr(5), true, true},
		{"sharing violation on windows", "windows", linkErr(32), true, true},
		{"wrapped sharing violation on windows", "windows", fmt.Errorf("clearing: %w", pathErr(32)), true, true},
		{"file not found on windows", "windows", pathErr(2), false, true},
		{"folder not empty on windows", "windows", pathErr(145), false, true},
		{"path not found on windows", "windows", pathErr(3), false, false},
		{"disk full on windows", "windows", pathErr(112), false, false},
		{"no errno on windows", "windows", errors.New("something else"), false, false},
		{"nil on windows", "windows", nil, false, false},
		// The same numbers mean other things elsewhere (EIO, EPIPE, ENOENT), and nothing
		// there is held the way Windows holds files.
		{"errno 5 on linux", "linux", pathErr(5), false, false},
		{"errno 32 on linux", "linux", linkErr(32), false, false},
		{"errno 2 on linux", "linux", pathErr(2), false, false},
		{"errno 5 on darwin", "darwin", pathErr(5), false, false},
		{"errno 32 on darwin", "darwin", pathErr(32), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := transientRenameError(tt.goos, tt.err); got != tt.rename {
				t.Errorf("transientRenameError(%q, %v) = %v, want %v", tt.goos, tt.err, got, tt.rename)
			}
			if got := transientRemoveError(tt.goos, tt.err); got != tt.remove {
				t.Errorf("transientRemoveError(%q, %v) = %v, want %v", tt.goos, tt.err, got, tt.remove)
			}
		})
	}
}

func TestRetryStopsAtFirstLastingError(t *testing.T) {
	calls := 0
	lasting := errors.New("lasting")
	err := retry(func() error { calls++; return lasting }, func(string, error) bool { return false })
	if err != lasting || calls != 1 {
		t.Errorf("retry made %d calls and returned %v, want 1 call and %v", calls, err, lasting)
	}
}

func TestRetryUntilSuccess(t *testing.T) {
	calls := 0
	err := retry(func() error {
		if calls++; calls < 4 {
			return syscall.Errno(32)
		}
		return nil
	}, func(string, error) bool { return true })
	if err != nil || calls != 4 {
		t.Errorf("retry made %d calls and returned %v, want 4 calls and success", calls, err)
	}
}

func TestRenameAndRemoveAll(t *testing.T) {
	dir := t.TempDir()
	from, to := filepath.Join(dir, "from"), filepath.Join(dir, "sub", "to")
	if err := os.WriteFile(from, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Rename(from, to); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(to); err != nil || string(b) != "x" {
		t.Fatalf("after Rename the target holds %q, %v", b, err)
	}
	if err := Rename(from, to); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("renaming a missing file: %v, want it not to exist", err)
	}
	if err := RemoveAll(filepath.Join(dir, "sub")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(to); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("RemoveAll left %s: %v", to, err)
	}
	if err := RemoveAll(filepath.Join(dir, "never")); err != nil {
		t.Errorf("removing a missing folder: %v", err)
	}
}
