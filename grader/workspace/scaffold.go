package workspace

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/grader/rules"
	"github.com/prep-judge/prep/templates"
)

// ScaffoldOptions change how Scaffold writes a folder.
type ScaffoldOptions struct {
	// Force overwrites files that already exist; without it Scaffold refuses and writes nothing,
	// since the learner's own work may be in them.
	Force bool
	// Now stamps the marker; nil means time.Now. Tests set it for stable output.
	Now func() time.Time
}

// ScaffoldResult says what Scaffold wrote, so that the caller can show the learner.
type ScaffoldResult struct {
	// Files are the written files relative to the folder, in the order a learner reads them:
	// the stub and tests, the statement, go.mod when one was made, and the marker last.
	Files []string
	// GoMod is true when Scaffold made the folder a module of its own.
	GoMod bool
}

// ExistsError means Scaffold found files it would have overwritten and wrote nothing.
type ExistsError struct {
	Dir   string
	Files []string // relative to Dir
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("folder %s already has %s; pass `--force` to overwrite, or choose another folder with `--dir`",
		e.Dir, strings.Join(e.Files, ", "))
}

// Scaffold writes what a learner starts challenge c from into dir, creating dir if needed: the
// stub and visible tests, README.md with the statement and the marker that tells `prep submit`
// which challenge the folder holds. Where no go.mod in dir or above makes it part of a module,
// it also writes one, since `go test` refuses to run outside a module.
//
// When any of those files exists already and opts.Force is false, it writes nothing: the
// learner's work may be in them, and a half-written folder is harder to recover than a refusal.
func Scaffold(c *challenges.Challenge, dir string, opts ScaffoldOptions) (*ScaffoldResult, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	files, err := c.ScaffoldFiles()
	if err != nil {
		return nil, fmt.Errorf("challenge %s: reading its scaffold: %w", c.Name, err)
	}
	statement, err := c.Statement()
	if err != nil {
		return nil, fmt.Errorf("challenge %s: reading its statement: %w", c.Name, err)
	}

	res := &ScaffoldResult{}
	var plan []file
	for _, name := range slices.Sorted(maps.Keys(files)) {
		plan = append(plan, file{name, files[name]})
	}
	// The rules a solution must follow close the statement, written from the data the grader
	// checks them with.
	readme := append(bytes.TrimRight(statement, "\n"), "\n\n"+rules.Markdown(c.Policy.Imports)...)
	plan = append(plan, file{"README.md", readme})

	inModule, err := insideModule(dir)
	if err != nil {
		return nil, err
	}
	if !inModule {
		res.GoMod = true
		plan = append(plan, file{"go.mod", templates.GoMod(c.Name)})
	}

	markerName := filepath.Join(StateDir, markerFile)
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("%s is a file, not a folder; choose another folder with `--dir`", dir)
	}
	var exist []string
	for _, name := range append(fileNames(plan), markerName) {
		_, err := os.Lstat(filepath.Join(dir, name))
		switch {
		case err == nil:
			exist = append(exist, name)
		case !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
	}
	if len(exist) > 0 && !opts.Force {
		return nil, &ExistsError{Dir: dir, Files: exist}
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, f := range plan {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return nil, err
		}
		res.Files = append(res.Files, f.name)
	}
	// The marker goes last: a folder that failed halfway is not mistaken for a started one.
	if err := WriteMarker(dir, Marker{Challenge: c.Name, Started: now().UTC()}); err != nil {
		return nil, err
	}
	res.Files = append(res.Files, markerName)
	return res, nil
}

// file is one file Scaffold writes, named relative to the folder.
type file struct {
	name string
	data []byte
}

func fileNames(files []file) []string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	return names
}

// insideModule reports whether a go.mod in dir or a folder above it makes dir part of a
// module. dir need not exist yet.
func insideModule(dir string) (bool, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false, err
	}
	for {
		info, err := os.Stat(filepath.Join(abs, "go.mod"))
		if err == nil && !info.IsDir() {
			return true, nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return false, nil
		}
		abs = parent
	}
}
