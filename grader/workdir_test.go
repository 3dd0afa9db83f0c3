package grader

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/gofrs/flock"
)

func TestWorkDirSlots(t *testing.T) {
	isolateUserCache(t)
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
	b.release(false)
	c.release(false)
	if _, err := os.Stat(c.path); !os.IsNotExist(err) {
		t.Errorf("release left %s behind", c.path)
	}
}

func TestClaimSlotSkipsUnclearable(t *testing.T) {
	held := &os.PathError{Op: "unlinkat", Path: "held.go", Err: syscall.Errno(32)}
	var allSlots []int
	for i := 0; i < maxSlots; i++ {
		allSlots = append(allSlots, i)
	}
	tests := []struct {
		name     string
		locked   []int        // slots another grader holds
		fails    map[int]bool // slots whose folder cannot be cleared
		blocked  map[int]bool // slots where a file stands in the folder's way
		wantSlot int          // -1 for an error
		wantErr  []string
		cleared  int // how many slots clear is called for
	}{
		{name: "first slot", wantSlot: 0, cleared: 1},
		{name: "locked slot passed over", locked: []int{0, 1}, wantSlot: 2, cleared: 1},
		{name: "held slot passed over", fails: map[int]bool{0: true}, wantSlot: 1, cleared: 2},
		{name: "locked and held slots passed over", locked: []int{0}, fails: map[int]bool{1: true, 2: true}, wantSlot: 3, cleared: 3},
		{name: "slot that cannot be created passed over", blocked: map[int]bool{0: true}, wantSlot: 1, cleared: 2},
		{
			name:     "no slot can be cleared",
			fails:    map[int]bool{0: true, 1: true, 2: true, 3: true, 4: true},
			wantSlot: -1,
			wantErr:  []string{"could not empty the folders", "toy-0", "toy-1", "toy-2", "held.go", "submit again"},
			cleared:  maxUncleared,
		},
		{
			name:     "every slot in use",
			locked:   allSlots,
			wantSlot: -1,
			wantErr:  []string{"are in use"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			slotPath := func(i int) string { return filepath.Join(root, "toy-"+strconv.Itoa(i)) }
			for _, i := range tt.locked {
				l := flock.New(slotPath(i) + ".lock")
				if ok, err := l.TryLock(); !ok || err != nil {
					t.Fatalf("locking slot %d: %v", i, err)
				}
				t.Cleanup(func() { l.Unlock() })
			}
			for i := range tt.blocked {
				if err := os.WriteFile(slotPath(i), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cleared := 0
			clear := func(path string) error {
				cleared++
				for i := range tt.fails {
					if path == slotPath(i) {
						return held
					}
				}
				for i := range tt.blocked {
					if path == slotPath(i) {
						return nil // the file stays, as a removal still pending on Windows does
					}
				}
				return os.RemoveAll(path)
			}
			w, err := claimSlot(root, "toy", clear)
			if cleared != tt.cleared {
				t.Errorf("clear was called %d times, want %d", cleared, tt.cleared)
			}
			if tt.wantSlot < 0 {
				if err == nil {
					w.release(false)
					t.Fatalf("claimed %s, want an error", w.path)
				}
				for _, want := range tt.wantErr {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not mention %q", err, want)
					}
				}
				if !errors.Is(err, held) && tt.fails != nil {
					t.Errorf("error %q does not wrap the removal's", err)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				defer w.release(false)
				if w.path != slotPath(tt.wantSlot) {
					t.Errorf("claimed %s, want %s", w.path, slotPath(tt.wantSlot))
				}
				if fi, err := os.Stat(w.path); err != nil || !fi.IsDir() {
					t.Errorf("the claimed folder is not there: %v", err)
				}
			}
			// A slot passed over is not kept locked: the next claim tries it again.
			for i := range tt.fails {
				l := flock.New(slotPath(i) + ".lock")
				if ok, err := l.TryLock(); !ok || err != nil {
					t.Errorf("slot %d stayed locked after it was passed over: %v", i, err)
				}
				l.Unlock()
			}
		})
	}
}

func TestUnclearedAdvice(t *testing.T) {
	tests := []struct {
		goos string
		want string
	}{
		{"windows", "antivirus"},
		{"linux", "may write to it"},
		{"darwin", "may write to it"},
	}
	for _, tt := range tests {
		if got := unclearedAdvice(tt.goos); !strings.Contains(got, tt.want) || !strings.Contains(got, "submit again") {
			t.Errorf("unclearedAdvice(%q) = %q, want it to mention %q and what to do", tt.goos, got, tt.want)
		}
	}
}

// A slot keeps the test binaries of a grading that completed, for the next grading in it, and
// nothing of one that did not.
func TestWorkDirKeepsBinaries(t *testing.T) {
	isolateUserCache(t)
	a, err := claimWorkDir("toy")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(a.path, "bin", "plain.test")
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, []byte("linked"), 0o755); err != nil {
		t.Fatal(err)
	}
	a.release(true)
	if _, err := os.Stat(a.path); !os.IsNotExist(err) {
		t.Errorf("release left %s behind", a.path)
	}
	b, err := claimWorkDir("toy")
	if err != nil {
		t.Fatal(err)
	}
	if b.path != a.path {
		t.Fatalf("the free slot was not reused: got %s, want %s", b.path, a.path)
	}
	if got, err := os.ReadFile(bin); err != nil || string(got) != "linked" {
		t.Errorf("the kept binary is not back in the slot: %q, %v", got, err)
	}
	if _, err := os.Stat(b.kept()); !os.IsNotExist(err) {
		t.Errorf("the binaries are both back and still kept: %v", err)
	}
	b.release(false)
	c, err := claimWorkDir("toy")
	if err != nil {
		t.Fatal(err)
	}
	defer c.release(false)
	if _, err := os.Stat(bin); !os.IsNotExist(err) {
		t.Errorf("a grading that did not complete passed its binaries on: %v", err)
	}
}
