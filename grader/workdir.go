package grader

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gofrs/flock"
)

// The go command keys its build cache on the paths of the files it compiles, so a module in a
// fresh random folder misses the cache for the kit, the reference and every hidden test on
// every submit. Grading therefore happens in a folder whose path is the same each time: a
// numbered slot per challenge under the user's cache folder, claimed with a file lock so that
// concurrent graders (prep ci, two terminals) each get their own. -trimpath would make paths
// irrelevant too, but it builds the standard library anew, once, in a cache of its own: a
// surprise of many seconds on a learner's first submit.
//
// The lock is released when the process ends, however it ends, so a slot left behind by a
// killed prep is reused by the next one; its contents are cleared before use.

// workDir is a claimed grading folder.
type workDir struct {
	path string
	lock *flock.Flock
}

// maxSlots bounds the folders per challenge: more concurrent graders than this is a mistake.
const maxSlots = 64

// claimWorkDir claims a grading folder for challenge name and empties it.
func claimWorkDir(name string) (*workDir, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	root := filepath.Join(base, "prep", "work")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("creating the folder prep grades in: %w", err)
	}
	for slot := 0; slot < maxSlots; slot++ {
		path := filepath.Join(root, name+"-"+strconv.Itoa(slot))
		lock := flock.New(path + ".lock")
		ok, err := lock.TryLock()
		if err != nil {
			return nil, fmt.Errorf("locking %s: %w", lock.Path(), err)
		}
		if !ok {
			continue
		}
		if err := os.RemoveAll(path); err != nil {
			lock.Unlock()
			return nil, fmt.Errorf("clearing %s: %w", path, err)
		}
		if err := os.MkdirAll(path, 0o755); err != nil {
			lock.Unlock()
			return nil, fmt.Errorf("creating %s: %w", path, err)
		}
		return &workDir{path: path, lock: lock}, nil
	}
	return nil, fmt.Errorf("all %d grading folders for %s under %s are in use; is prep running many times at once?", maxSlots, name, root)
}

// release empties the folder and gives up the claim.
func (w *workDir) release() {
	os.RemoveAll(w.path)
	w.lock.Unlock()
}
