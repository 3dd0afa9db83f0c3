package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// A practice repository is a folder, usually a git repository and a Go module, holding one
// folder per challenge the learner started. prep keeps what it remembers about the whole
// repository (the history of gradings, the hints shown) in the StateDir of its root, and finds
// the challenge folders by their markers.

// FindRoot returns the root of the practice repository that dir belongs to: the nearest of
// dir and its parents that holds a go.mod or a .git, or dir itself when none does. The result
// is absolute. dir need not exist yet.
func FindRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; {
		for _, name := range []string{"go.mod", ".git"} {
			// .git is a folder in a clone and a file in a worktree or submodule: either counts.
			if _, err := os.Stat(filepath.Join(d, name)); err == nil {
				return d, nil
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return abs, nil
		}
		d = parent
	}
}

// Folder is a challenge folder found in a practice repository.
type Folder struct {
	// Dir is the folder's path: the folder FindFolders was given, joined with the path below
	// it, so that it reads the way the user named the repository.
	Dir string
	// Marker says which challenge the folder holds; it is zero when Err is set.
	Marker Marker
	// Err says why the folder's marker could not be read: the folder looks like a challenge
	// folder, but prep cannot tell which challenge it holds.
	Err error
}

// FindFolders returns the challenge folders in dir and below it, sorted by path: every folder
// whose StateDir holds a marker. It skips what the go command skips (folders whose names start
// with "." or "_", and testdata) and vendor and node_modules, which hold other people's code.
// A folder below dir that cannot be read is returned with Err set rather than failing the
// whole search; dir itself must be readable.
func FindFolders(dir string) ([]Folder, error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &InputError{Dir: dir, Problem: "does not exist", Fix: "check the path"}
	case err != nil:
		return nil, &InputError{Dir: dir, Problem: fmt.Sprintf("cannot be read: %v", err)}
	case !info.IsDir():
		return nil, &InputError{Dir: dir, Problem: "is a file, not a folder", Fix: "pass the folder of your practice repository"}
	}
	var found []Folder
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return &InputError{Dir: dir, Problem: fmt.Sprintf("cannot be read: %v", err)}
			}
			found = append(found, Folder{Dir: path, Err: fmt.Errorf("folder %s cannot be read: %w", path, err)})
			return filepath.SkipDir
		}
		if !d.IsDir() {
			return nil
		}
		if path != dir && skipped(d.Name()) {
			return filepath.SkipDir
		}
		m, err := ReadMarker(path)
		switch {
		case err == nil:
			found = append(found, Folder{Dir: path, Marker: m})
		case !errors.Is(err, ErrNotStarted):
			found = append(found, Folder{Dir: path, Err: err})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Dir < found[j].Dir })
	return found, nil
}

func skipped(name string) bool {
	switch {
	case name == "testdata", name == "vendor", name == "node_modules":
		return true
	case name[0] == '.', name[0] == '_':
		return true
	}
	return false
}

// RelDir names dir relative to root with forward slashes, as the history records folders, so
// that the record means the same from any working directory and on any system. A dir outside
// root keeps its absolute path.
func RelDir(root, dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return filepath.ToSlash(dir)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || filepath.IsAbs(rel) || len(rel) > 2 && rel[:3] == ".."+string(filepath.Separator) {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}
