// Package workspace knows the layout of a learner's challenge folder: which challenge it was
// started for, and which of its files are the solution. It never changes a file outside the
// folder's .prep dot-folder, where prep keeps what it needs to remember.
package workspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
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

// Sources returns the files of dir that make up a solution: every .go file that is not a
// test, sorted by name. Test files are the learner's own and never reach the hidden suites.
// It reports what is wrong with the folder in terms the learner can act on.
func Sources(dir string) ([]Source, error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &InputError{Dir: dir, Problem: "does not exist", Fix: "check the path, or create it with `prep start NAME`"}
	case err != nil:
		return nil, &InputError{Dir: dir, Problem: fmt.Sprintf("cannot be read: %v", err)}
	case !info.IsDir():
		return nil, &InputError{Dir: dir, Problem: "is a file, not a folder", Fix: "pass the folder that holds your solution"}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, &InputError{Dir: dir, Problem: fmt.Sprintf("cannot be read: %v", err)}
	}
	var srcs []Source
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
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, &InputError{Dir: dir, Problem: fmt.Sprintf("has a file that cannot be read: %v", err)}
		}
		srcs = append(srcs, Source{Name: name, Data: b})
	}
	if len(srcs) == 0 {
		problem := "has no Go files"
		if tests > 0 {
			problem = "has only test files"
		}
		return nil, &InputError{Dir: dir, Problem: problem, Fix: "grade the folder that holds your solution, or create one with `prep start NAME`"}
	}
	sort.Slice(srcs, func(i, j int) bool { return srcs[i].Name < srcs[j].Name })
	return srcs, nil
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
