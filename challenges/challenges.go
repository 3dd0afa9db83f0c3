// Package challenges holds every challenge prep can grade and the test kit their hidden tests
// share, embedded so that an installed binary grades with no checkout of this repository.
//
// A challenge is one self-contained folder, named after the challenge:
//
//	challenge.toml        metadata: title, difficulty, topics, points, limits, hints
//	README.md             the problem statement, copied into the learner's folder
//	SOLUTION.md           how the reference works, shown once the learner has passed
//	_scaffold/            what `prep start` writes: the stub and the visible example tests
//	reference/            the reference solution, a package with the learner's API
//	*.go                  a stand-in for a learner's solution that delegates to reference/
//	correctness_test.go   the hidden suites, one file each; other _test.go files hold helpers
//	race_test.go
//	performance_test.go
//
// The hidden tests are ordinary Go tests of the challenge package, so this repository's own
// `go test ./...` runs them against the reference through the stand-in, and a broken hidden
// test cannot ship. When grading, the grader puts the learner's files in place of the stand-in.
// The _scaffold folder starts with an underscore so that the go command ignores it: its visible
// tests are meant to fail against the stub.
//
// Adding a challenge means adding its folder: every folder here with a challenge.toml is one.
package challenges

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/agnivade/levenshtein"
)

// files holds every folder here: the challenges and the kit. The all: prefix keeps the
// _scaffold folders, whose names the go command would otherwise skip. A new challenge folder
// is embedded without a line of Go changing.
//
//go:embed all:*
var files embed.FS

// KitDir is the folder of the test kit inside FS, and its import path below the module.
const KitDir = "kit"

// ModulePath is this module's path. The grader gives the temporary module the same path, so
// that hidden tests import the kit and the reference exactly as they do in this repository.
const ModulePath = "github.com/prep-judge/prep"

// Dir is the folder, below this module's root, that holds the challenges.
const Dir = "challenges"

// FS returns the embedded files: one folder per challenge, and the kit.
func FS() fs.FS { return files }

// Challenge is one challenge's metadata and files.
type Challenge struct {
	Name       string   `toml:"-"`
	Title      string   `toml:"title"`
	Summary    string   `toml:"summary"`
	Difficulty string   `toml:"difficulty"`
	Topics     []string `toml:"topics"`
	// Package is the Go package name the learner's files must declare.
	Package string   `toml:"package"`
	Points  Points   `toml:"points"`
	Limits  Limits   `toml:"limits"`
	Policy  Policy   `toml:"policy"`
	Hints   []string `toml:"hints"`
	// Performance is what the performance suite asks of each operation it measures.
	Performance []Budget `toml:"performance"`

	fsys fs.FS // rooted at the challenge's folder
}

// Complexities are the classes a budget may expect: the ones the kit can tell apart.
var Complexities = []string{"O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n^2)"}

// Budget is what the performance suite asks of one measured operation: its complexity, and
// how many times the reference's cost per call a solution may take. The hidden tests read them
// from BudgetsFile.
type Budget struct {
	Operation   string  `toml:"operation" json:"operation"`
	Expect      string  `toml:"expect" json:"expect"` // a complexity class, such as "O(1)" or "O(n log n)"
	MaxSlowdown float64 `toml:"max_slowdown" json:"max_slowdown"`
}

// BudgetsFile is where the performance tests find their budgets, in the folder they run in:
// the grader writes it beside the hidden tests, and each challenge folder here keeps a copy
// (checked against challenge.toml by this package's tests) for `go test ./challenges/NAME`.
// The kit, which builds with the standard library alone, reads it with encoding/json.
const BudgetsFile = "budgets.json"

// BudgetsJSON is the challenge's performance budgets as the kit reads them.
func (c *Challenge) BudgetsJSON() ([]byte, error) {
	data, err := json.MarshalIndent(c.Performance, "", "\t")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// Points are the scores each suite is worth.
type Points struct {
	Correctness int `toml:"correctness"`
	Race        int `toml:"race"`
	Performance int `toml:"performance"`
}

// For returns the points of the named suite.
func (p Points) For(suite string) int {
	switch suite {
	case "correctness":
		return p.Correctness
	case "race":
		return p.Race
	case "performance":
		return p.Performance
	}
	return 0
}

// Limits bound the resources one suite may use. Zero values mean the grader's defaults.
type Limits struct {
	// Time is the wall time one suite may take.
	Time Duration `toml:"time"`
	// Memory is the resident memory a test process may use, such as "512MiB".
	Memory ByteSize `toml:"memory"`
}

// ByteSize is a number of bytes written as "512MiB" or "1GiB" in challenge.toml.
type ByteSize int64

// UnmarshalText parses a size with a unit: B, KiB, MiB or GiB.
func (b *ByteSize) UnmarshalText(text []byte) error {
	n, err := ParseByteSize(string(text))
	*b = ByteSize(n)
	return err
}

// ParseByteSize parses a size such as "512MiB", "2GiB" or "4096" (bytes).
func ParseByteSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("invalid size %q: write a positive number with a unit, such as 512MiB or 2GiB", s)
	}
	return n * mult, nil
}

// Policy says what a solution may use beyond what every challenge allows.
type Policy struct {
	// Imports are standard library packages a solution may import beyond the default set.
	Imports []string `toml:"imports"`
}

// Duration is a time.Duration written as "30s" in challenge.toml.
type Duration struct{ time.Duration }

// UnmarshalText parses a duration such as "1m30s".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// Difficulties lists the valid difficulties, easiest first.
var Difficulties = []string{"easy", "medium", "hard"}

// The suites and the hidden test file that holds each.
var suiteFiles = map[string]string{
	"correctness": "correctness_test.go",
	"race":        "race_test.go",
	"performance": "performance_test.go",
}

// SuiteFile returns the name of the hidden test file that holds the named suite.
func SuiteFile(suite string) string { return suiteFiles[suite] }

// FS returns the challenge's folder.
func (c *Challenge) FS() fs.FS { return c.fsys }

// Statement returns the problem statement in Markdown.
func (c *Challenge) Statement() ([]byte, error) { return fs.ReadFile(c.fsys, "README.md") }

// Solution returns the explanation of the reference solution in Markdown.
func (c *Challenge) Solution() ([]byte, error) { return fs.ReadFile(c.fsys, "SOLUTION.md") }

// ScaffoldFiles returns what `prep start` writes, by file name: the stub and the visible tests.
// The statement is added by the caller, since it is shared with other uses.
func (c *Challenge) ScaffoldFiles() (map[string][]byte, error) {
	return readDir(c.fsys, "_scaffold", func(string) bool { return true })
}

// StubFiles returns the stub's non-test Go files by name. They also define the API a
// solution must declare.
func (c *Challenge) StubFiles() (map[string][]byte, error) {
	return readDir(c.fsys, "_scaffold", func(name string) bool {
		return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
	})
}

// HiddenTests returns the hidden test files by name: the suites and their helpers.
func (c *Challenge) HiddenTests() (map[string][]byte, error) {
	return readDir(c.fsys, ".", func(name string) bool { return strings.HasSuffix(name, "_test.go") })
}

// ReferenceFiles returns the reference solution's Go files by name.
func (c *Challenge) ReferenceFiles() (map[string][]byte, error) {
	return readDir(c.fsys, "reference", func(name string) bool {
		return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
	})
}

// KitFiles returns the test kit's Go files by name.
func KitFiles() (map[string][]byte, error) {
	return readDir(files, KitDir, func(name string) bool {
		return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
	})
}

func readDir(fsys fs.FS, dir string, keep func(name string) bool) (map[string][]byte, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte)
	for _, e := range entries {
		if e.IsDir() || !keep(e.Name()) {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out[e.Name()] = b
	}
	return out, nil
}

// Set is a collection of challenges, sorted by difficulty and then by name.
type Set struct {
	list []*Challenge
}

// Load reads every challenge folder in fsys: every top-level folder with a challenge.toml.
func Load(fsys fs.FS) (*Set, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var errs []error
	s := &Set{}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := fs.Stat(fsys, path.Join(e.Name(), "challenge.toml")); err != nil {
			continue
		}
		sub, err := fs.Sub(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		c, err := parse(e.Name(), sub)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		s.list = append(s.list, c)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	sort.SliceStable(s.list, func(i, j int) bool {
		a, b := s.list[i], s.list[j]
		if da, db := slices.Index(Difficulties, a.Difficulty), slices.Index(Difficulties, b.Difficulty); da != db {
			return da < db
		}
		return a.Name < b.Name
	})
	return s, nil
}

func parse(name string, fsys fs.FS) (*Challenge, error) {
	c := &Challenge{Name: name, fsys: fsys}
	b, err := fs.ReadFile(fsys, "challenge.toml")
	if err != nil {
		return nil, err
	}
	md, err := toml.Decode(string(b), c)
	if err != nil {
		return nil, fmt.Errorf("challenge %s: challenge.toml: %w", name, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("challenge %s: challenge.toml: unknown key %q", name, und[0].String())
	}
	var problems []string
	if c.Title == "" {
		problems = append(problems, "title is empty")
	}
	if !slices.Contains(Difficulties, c.Difficulty) {
		problems = append(problems, fmt.Sprintf("difficulty %q is not one of %s", c.Difficulty, strings.Join(Difficulties, ", ")))
	}
	if c.Package == "" {
		problems = append(problems, "package is empty")
	}
	if len(c.Topics) == 0 {
		problems = append(problems, "topics is empty")
	}
	if len(c.Hints) < 3 {
		problems = append(problems, fmt.Sprintf("it has %d hints; give at least 3, from gentle to specific", len(c.Hints)))
	}
	if c.Points.Correctness+c.Points.Race+c.Points.Performance == 0 {
		problems = append(problems, "points are all zero")
	}
	if c.Points.Performance > 0 && len(c.Performance) == 0 {
		problems = append(problems, "the performance suite scores points but no [[performance]] table says what it measures")
	}
	seen := map[string]bool{}
	for _, b := range c.Performance {
		if !slices.Contains(Complexities, b.Expect) {
			problems = append(problems, fmt.Sprintf("operation %q expects %q; write one of %s", b.Operation, b.Expect, strings.Join(Complexities, ", ")))
		}
		if b.MaxSlowdown < 1 {
			problems = append(problems, fmt.Sprintf("operation %q allows a slowdown of %v; give at least 1", b.Operation, b.MaxSlowdown))
		}
		if b.Operation == "" || seen[b.Operation] {
			problems = append(problems, fmt.Sprintf("operation %q is empty or named twice in [[performance]]", b.Operation))
		}
		seen[b.Operation] = true
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("challenge %s: challenge.toml: %s", name, strings.Join(problems, "; "))
	}
	return c, nil
}

// All returns the challenges, easiest first.
func (s *Set) All() []*Challenge { return slices.Clone(s.list) }

// Lookup returns the named challenge, or an error that suggests the nearest name.
func (s *Set) Lookup(name string) (*Challenge, error) {
	for _, c := range s.list {
		if c.Name == name {
			return c, nil
		}
	}
	return nil, &UnknownError{Name: name, Suggestion: s.nearest(name)}
}

// Names returns the challenge names, easiest first.
func (s *Set) Names() []string {
	names := make([]string, len(s.list))
	for i, c := range s.list {
		names[i] = c.Name
	}
	return names
}

func (s *Set) nearest(name string) string {
	best, bestDist := "", 1<<30
	for _, c := range s.list {
		d := levenshtein.ComputeDistance(strings.ToLower(name), c.Name)
		if strings.Contains(c.Name, strings.ToLower(name)) && name != "" {
			d = 1
		}
		if d < bestDist {
			best, bestDist = c.Name, d
		}
	}
	// Suggest only names that are plausibly what was meant.
	if bestDist > max(2, len(name)/2) {
		return ""
	}
	return best
}

// UnknownError reports a challenge name that does not exist.
type UnknownError struct {
	Name       string
	Suggestion string
}

func (e *UnknownError) Error() string {
	msg := fmt.Sprintf("unknown challenge %q", e.Name)
	if e.Suggestion != "" {
		msg += fmt.Sprintf("; did you mean %q?", e.Suggestion)
	}
	return msg + " (run `prep list` to see them all)"
}

var (
	defaultOnce sync.Once
	defaultSet  *Set
	defaultErr  error
)

// Default returns the embedded challenges.
func Default() (*Set, error) {
	defaultOnce.Do(func() { defaultSet, defaultErr = Load(files) })
	return defaultSet, defaultErr
}
