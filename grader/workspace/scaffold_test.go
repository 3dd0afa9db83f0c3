package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/grader/rules"
	"github.com/prep-judge/prep/templates"
)

const testTOML = `title = "Echo"
difficulty = "easy"
topics = ["basics"]
package = "echo"
hints = ["one", "two", "three"]

[points]
correctness = 1
`

// testChallenge is a small challenge with a stub, a visible test and a statement.
func testChallenge(t *testing.T, withStatement bool) *challenges.Challenge {
	t.Helper()
	fsys := fstest.MapFS{
		"echo/challenge.toml":           {Data: []byte(testTOML)},
		"echo/_scaffold/echo.go":        {Data: []byte("package echo\n")},
		"echo/_scaffold/echo_test.go":   {Data: []byte("package echo\n")},
		"echo/reference/echo.go":        {Data: []byte("package echo\n")},
		"echo/correctness_test.go":      {Data: []byte("package echo\n")},
		"echo/_scaffold/nested/skip.go": {Data: []byte("package nested\n")},
	}
	if withStatement {
		fsys["echo/README.md"] = &fstest.MapFile{Data: []byte("# Echo\n")}
	}
	set, err := challenges.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	c, err := set.Lookup("echo")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var fixedNow = func() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) }

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestScaffoldOutsideModule(t *testing.T) {
	c := testChallenge(t, true)
	tmp := t.TempDir()
	if in, _ := insideModule(tmp); in {
		t.Skipf("the temporary folder %s is inside a Go module", tmp)
	}
	dir := filepath.Join(tmp, "new", "echo")

	res, err := Scaffold(c, dir, ScaffoldOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"echo.go", "echo_test.go", "README.md", "go.mod", filepath.Join(".prep", "challenge.json")}
	if !slices.Equal(res.Files, want) {
		t.Errorf("Files = %q, want %q", res.Files, want)
	}
	if !res.GoMod {
		t.Error("GoMod = false outside a module")
	}
	if got := readFile(t, filepath.Join(dir, "go.mod")); got != string(templates.GoMod("echo")) {
		t.Errorf("go.mod = %q", got)
	}
	// The statement, then the rules a solution must follow, from the data the grader checks.
	if got := readFile(t, filepath.Join(dir, "README.md")); got != "# Echo\n\n"+rules.Markdown(nil) {
		t.Errorf("README.md = %q", got)
	}
	if got := readFile(t, filepath.Join(dir, "echo_test.go")); got != "package echo\n" {
		t.Errorf("echo_test.go = %q", got)
	}
	m, err := ReadMarker(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Challenge != "echo" || !m.Started.Equal(fixedNow()) {
		t.Errorf("marker = %+v", m)
	}
	if _, err := os.Stat(filepath.Join(dir, "nested")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a folder inside _scaffold was copied: %v", err)
	}
}

func TestScaffoldInsideModule(t *testing.T) {
	c := testChallenge(t, true)
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module practice\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "deep", "echo")

	res, err := Scaffold(c, dir, ScaffoldOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if res.GoMod || slices.Contains(res.Files, "go.mod") {
		t.Errorf("made a module inside one: %+v", res)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("go.mod written inside a module: %v", err)
	}
}

func TestScaffoldRefusesToOverwrite(t *testing.T) {
	c := testChallenge(t, true)
	dir := t.TempDir()
	for _, name := range []string{"echo.go", "README.md"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	_, err := Scaffold(c, dir, ScaffoldOptions{Now: fixedNow})
	var exists *ExistsError
	if !errors.As(err, &exists) {
		t.Fatalf("err = %v, want an ExistsError", err)
	}
	if want := []string{"echo.go", "README.md"}; !slices.Equal(exists.Files, want) {
		t.Errorf("Files = %q, want %q", exists.Files, want)
	}
	for _, s := range []string{"echo.go, README.md", "`--force`", "`--dir`"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %s", err, s)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Errorf("refusal wrote files: %v", entries)
	}
	if got := readFile(t, filepath.Join(dir, "echo.go")); got != "mine" {
		t.Errorf("echo.go was changed to %q", got)
	}
}

func TestScaffoldRefusesOverStartedFolder(t *testing.T) {
	c := testChallenge(t, true)
	dir := t.TempDir()
	if _, err := Scaffold(c, dir, ScaffoldOptions{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	_, err := Scaffold(c, dir, ScaffoldOptions{Now: fixedNow})
	var exists *ExistsError
	if !errors.As(err, &exists) {
		t.Fatalf("err = %v, want an ExistsError", err)
	}
	if !slices.Contains(exists.Files, filepath.Join(".prep", "challenge.json")) {
		t.Errorf("the marker is not among the existing files: %q", exists.Files)
	}
}

func TestScaffoldForce(t *testing.T) {
	c := testChallenge(t, true)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "echo.go"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}

	if _, err := Scaffold(c, dir, ScaffoldOptions{Force: true, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(dir, "echo.go")); got != "package echo\n" {
		t.Errorf("echo.go = %q, want the stub", got)
	}
	if got := readFile(t, filepath.Join(dir, "notes.txt")); got != "keep" {
		t.Errorf("a file that is not part of the scaffold changed: %q", got)
	}
}

func TestScaffoldErrors(t *testing.T) {
	t.Run("dir is a file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "echo")
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Scaffold(testChallenge(t, true), path, ScaffoldOptions{})
		if err == nil || !strings.Contains(err.Error(), "is a file") {
			t.Errorf("err = %v, want one saying it is a file", err)
		}
	})
	t.Run("no statement", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "echo")
		_, err := Scaffold(testChallenge(t, false), dir, ScaffoldOptions{})
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("err = %v, want one wrapping fs.ErrNotExist", err)
		}
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the folder was created although nothing could be written: %v", err)
		}
	})
}
