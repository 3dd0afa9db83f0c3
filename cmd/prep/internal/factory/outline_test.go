package factory

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/grader/render"
)

func TestOutline(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"evict.go": "package lru\n\nfunc (l *list) Get(i int) *node { return nil }\n\nfunc (c *LRUCache) evict() {}\n",
		"lru.go": `package lru

type LRUCache struct{ l *list }

func Constructor(capacity int) LRUCache { return LRUCache{} }

func (c *LRUCache) Get(key int) int {
	return -1
}

func (c *LRUCache) Put(key, value int) {}

func (s *Set[T]) Add(v T) {}
`,
		"broken.go":   "package lru\n\nfunc Half(",
		"lru_test.go": "package lru\n\nfunc TestX() {}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := render.Outline{
		// The file named after the package first: it stands for the solution.
		Files: []string{"lru.go", "broken.go", "evict.go"},
		Funcs: map[string]render.Position{
			"Constructor": {File: "lru.go", Line: 5},
			// The exported type's method, not the helper's of the same name.
			"Get":   {File: "lru.go", Line: 7},
			"Put":   {File: "lru.go", Line: 11},
			"Add":   {File: "lru.go", Line: 13},
			"evict": {File: "evict.go", Line: 5},
			// What the parser recovers of a file that does not compile still helps.
			"Half": {File: "broken.go", Line: 3},
		},
	}
	if diff := cmp.Diff(want, outline(dir)); diff != "" {
		t.Errorf("outline (-want +got):\n%s", diff)
	}
	if got := outline(filepath.Join(dir, "missing")); len(got.Files) != 0 {
		t.Errorf("outline of a missing folder = %+v", got)
	}
}

func TestNewPrinterOutlinesOnlyForGitHub(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "lru.go"), []byte("package lru\n\nfunc Get() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := NewPrinter("github", cmdutil.PrintOptions{Folders: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.(render.GitHub).Outlines[dir].Funcs["Get"]; got != (render.Position{File: "lru.go", Line: 3}) {
		t.Errorf("github printer places Get at %+v", got)
	}
	if _, err := NewPrinter("xml", cmdutil.PrintOptions{}); err == nil {
		t.Error("no error for an unknown format")
	}
}
