// Package workspace is the learner's side of prep: the layout of a challenge folder (which
// challenge it was started for, which of its files are the solution) and of a practice
// repository of such folders (its gradings, the hints shown). The grader reads folders through
// it and the commands read and record practice through it. It never changes a file outside
// the .prep dot-folders, where prep keeps what it needs to remember.
package workspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/prep-judge/prep/challenges"
)

// StateDir is the dot-folder in a challenge folder where prep keeps its own files.
const StateDir = ".prep"

// markerFile, inside StateDir, names the challenge the folder was started for.
const markerFile = "challenge.json"

// Marker records which challenge a folder was started for.
type Marker struct {
	Challenge string    `json:"challenge"`
	Started   time.Time `json:"started"`
}

// ErrNotStarted means a folder has no marker: it was not created by `prep start`.
var ErrNotStarted = errors.New("not started by prep")

// WriteMarker records in dir that it holds the named challenge.
func WriteMarker(dir string, m Marker) error {
	if err := os.MkdirAll(filepath.Join(dir, StateDir), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, StateDir, markerFile), append(b, '\n'), 0o644)
}

// ReadMarker returns the marker of dir, or an error wrapping ErrNotStarted when it has none.
func ReadMarker(dir string) (Marker, error) {
	var m Marker
	b, err := os.ReadFile(filepath.Join(dir, StateDir, markerFile))
	if errors.Is(err, fs.ErrNotExist) {
		return m, fmt.Errorf("%s: %w", dir, ErrNotStarted)
	}
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Challenge == "" {
		return m, fmt.Errorf("%s is damaged (%v); run `prep start` again in a new folder or pass `--challenge`",
			filepath.Join(dir, StateDir, markerFile), err)
	}
	return m, nil
}

// Source is one of the learner's files.
type Source struct {
	Name string // the base name; solutions are one flat folder
	Data []byte
}

// Skipped is a file that looks like part of a solution but that prep did not read, and why.
type Skipped struct {
	Name   string
	Reason string
}

func (s Skipped) String() string { return s.Name + " " + s.Reason }

// Limits on what Sources reads: far more than any solution needs, far less than could hurt.
const (
	// MaxFileSize is the largest solution file prep reads.
	MaxFileSize = 1 << 20
	// MaxFiles is the most solution files a folder may hold.
	MaxFiles = 100
)

// Sources returns the files of dir that make up a solution: every .go file that is not a
// test, sorted by name. Test files are the learner's own and never reach the hidden suites.
// It reads only regular files inside dir, each of at most MaxFileSize bytes: a symbolic link
// (which could point at any file of the machine, or at /dev/zero), a named pipe (which would
// block the read), a device or a file too large is returned among the skipped files instead,
// with the reason. It reports what is wrong with the folder in terms the learner can act on.
func Sources(dir string) ([]Source, []Skipped, error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, &InputError{Dir: dir, Problem: "does not exist", Fix: "check the path, or create it with `prep start NAME`"}
	case err != nil:
		return nil, nil, &InputError{Dir: dir, Problem: fmt.Sprintf("cannot be read: %v", err)}
	case !info.IsDir():
		return nil, nil, &InputError{Dir: dir, Problem: "is a file, not a folder", Fix: "pass the folder that holds your solution"}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, &InputError{Dir: dir, Problem: fmt.Sprintf("cannot be read: %v", err)}
	}
	var srcs []Source
	var skipped []Skipped
	tests := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || e.IsDir() || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		if strings.HasSuffix(name, "_test.go") {
			tests++
			continue
		}
		if len(srcs) == MaxFiles {
			return nil, nil, &InputError{Dir: dir, Problem: fmt.Sprintf("has more than %d Go files", MaxFiles), Fix: "grade the folder that holds your solution"}
		}
		data, why, err := readRegular(filepath.Join(dir, name), e)
		if err != nil {
			return nil, nil, &InputError{Dir: dir, Problem: fmt.Sprintf("has a file that cannot be read: %v", err)}
		}
		if why != "" {
			skipped = append(skipped, Skipped{Name: name, Reason: why})
			continue
		}
		srcs = append(srcs, Source{Name: name, Data: data})
	}
	if len(srcs) == 0 {
		problem := "has no Go files"
		switch {
		case len(skipped) > 0:
			problem = fmt.Sprintf("has no Go files prep can read (%s)", skipped[0])
		case tests > 0:
			problem = "has only test files"
		}
		return nil, skipped, &InputError{Dir: dir, Problem: problem, Fix: "grade the folder that holds your solution, or create one with `prep start NAME`"}
	}
	sort.Slice(srcs, func(i, j int) bool { return srcs[i].Name < srcs[j].Name })
	return srcs, skipped, nil
}

// readRegular reads the file at path, which the folder listing e describes, when it is a
// regular file of at most MaxFileSize bytes; otherwise it says why it was not read. The file is
// opened without blocking and checked again once open, so a file swapped for a pipe after the
// listing is not waited on either.
func readRegular(path string, e fs.DirEntry) (data []byte, skipped string, err error) {
	if why := notRegular(e.Type()); why != "" {
		return nil, why, nil
	}
	listed, err := e.Info()
	if err != nil {
		return nil, "", err
	}
	f, err := openNoBlock(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	opened, err := f.Stat()
	if err != nil {
		return nil, "", err
	}
	if why := notRegular(opened.Mode().Type()); why != "" {
		return nil, why, nil
	}
	if !os.SameFile(listed, opened) {
		return nil, "changed while prep read the folder: grade again", nil
	}
	data, err = io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, "", err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Sprintf("is larger than %d MiB, far more than a solution needs", MaxFileSize>>20), nil
	}
	return data, "", nil
}

// notRegular says why a file of the given type is not read, or returns "" for a regular file.
func notRegular(t fs.FileMode) string {
	switch {
	case t.IsRegular():
		return ""
	case t&fs.ModeSymlink != 0:
		return "is a symbolic link: prep reads only regular files inside the folder, so copy the file here instead"
	case t&fs.ModeNamedPipe != 0:
		return "is a named pipe, not a file"
	case t&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return "is a device, not a file"
	case t&fs.ModeSocket != 0:
		return "is a socket, not a file"
	}
	return "is not a regular file"
}

// InputError is a problem with the folder to grade: prep could not grade it.
type InputError struct {
	Dir     string
	Problem string
	Fix     string
}

func (e *InputError) Error() string {
	msg := fmt.Sprintf("folder %s %s", e.Dir, e.Problem)
	if e.Fix != "" {
		msg += ": " + e.Fix
	}
	return msg
}

// FolderChallenge returns the challenge named name or, when name is empty, the one dir was
// started for (an error wrapping ErrNotStarted when it was not started by prep).
func FolderChallenge(set *challenges.Set, name, dir string) (*challenges.Challenge, error) {
	if name == "" {
		m, err := ReadMarker(dir)
		if err != nil {
			return nil, err
		}
		name = m.Challenge
	}
	return set.Lookup(name)
}
