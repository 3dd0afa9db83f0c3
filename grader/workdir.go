package grader

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/gofrs/flock"

	"github.com/prep-judge/prep/grader/internal/robust"
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
// killed prep is reused by the next one; its contents are cleared before use. On Windows a
// folder cannot be cleared while another process (an antivirus scan, the indexer, a test
// process still exiting) has a file in it open: such a slot is passed over for the next.

// The test binaries of a grading whose builds and suites completed are kept beside its slot,
// in NAME-N.bin, and put back in the slot's bin folder by the next claim of it. The go command
// links a test binary only when the one at its -o path is out of date, which it tells from the
// build ID the binary carries (a hash of every input, flags and toolchain included), so
// grading the same files again costs no link: most of a warm grading's builds (0.4 of 0.5 s
// measured for ratelimiter's two binaries). A changed solution is linked as before. Binaries
// of a grading that was stopped or failed are not kept: one stopped while being written is
// never taken for up to date.

// workDir is a claimed grading folder.
type workDir struct {
	path string
	lock *flock.Flock
}

// kept is where the slot's test binaries wait between gradings.
func (w *workDir) kept() string { return w.path + ".bin" }

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
	return claimSlot(root, name, robust.RemoveAll)
}

// maxUncleared is how many slots whose folder cannot be cleared are passed over before giving
// up. One is a file held open; several mean something is wrong with the folder prep grades in,
// and on Windows each costs seconds of retrying.
const maxUncleared = 3

// claimSlot claims the first free slot for challenge name under root whose folder clear can
// empty, and creates the folder anew.
func claimSlot(root, name string, clear func(path string) error) (*workDir, error) {
	var uncleared []string
	var firstErr error
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
		err = clear(path)
		if err == nil {
			// On Windows a folder whose removal is still pending cannot be created again.
			err = os.MkdirAll(path, 0o755)
		}
		if err != nil {
			// Left for the next claim to clear: by then the file is usually let go.
			lock.Unlock()
			uncleared = append(uncleared, path)
			if firstErr == nil {
				firstErr = err
			}
			if len(uncleared) == maxUncleared {
				break
			}
			continue
		}
		w := &workDir{path: path, lock: lock}
		w.restoreBinaries()
		return w, nil
	}
	if len(uncleared) > 0 {
		folders := "the folder"
		if len(uncleared) > 1 {
			folders = "the folders"
		}
		return nil, fmt.Errorf("prep could not empty %s it grades %s in, %s (%w); %s",
			folders, name, strings.Join(uncleared, ", "), firstErr, unclearedAdvice(runtime.GOOS))
	}
	return nil, fmt.Errorf("all %d grading folders for %s under %s are in use; is prep running many times at once?", maxSlots, name, root)
}

// unclearedAdvice tells the learner what to do about a grading folder that prep could not
// empty on goos.
func unclearedAdvice(goos string) string {
	if goos == "windows" {
		return "Windows keeps a folder while any program has a file in it open: close any editor, terminal or Explorer window showing it, wait for an antivirus scan to finish, or delete the folder yourself, then submit again"
	}
	return "check that you may write to it, or delete it yourself, then submit again"
}

// restoreBinaries puts the binaries the slot's last grading kept back in its bin folder.
func (w *workDir) restoreBinaries() {
	if _, err := os.Stat(w.kept()); err != nil {
		return
	}
	if err := robust.Rename(w.kept(), filepath.Join(w.path, "bin")); err != nil {
		robust.RemoveAll(w.kept())
	}
}

// release empties the folder and gives up the claim, keeping its test binaries for the next
// grading in the slot when keepBinaries is set. A folder that cannot be emptied is cleared by
// the next claim of the slot.
func (w *workDir) release(keepBinaries bool) {
	robust.RemoveAll(w.kept())
	if keepBinaries {
		robust.Rename(filepath.Join(w.path, "bin"), w.kept())
	}
	robust.RemoveAll(w.path)
	w.lock.Unlock()
}
