package grader

import (
	"os"
	"os/exec"
	"testing"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/grader/workspace"
)

// TestHiddenTestsVet vets every challenge's hidden tests, kit and reference in the module the
// grader builds, whose go directive is older than this repository's. go vet's stdversion check
// then reports any use of the standard library newer than that directive, which this
// repository's own build would accept and a learner's older toolchain would not.
func TestHiddenTestsVet(t *testing.T) {
	if testing.Short() {
		t.Skip("vets every challenge")
	}
	set, err := challenges.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range set.All() {
		t.Run(c.Name, func(t *testing.T) {
			ref, err := c.ReferenceFiles()
			if err != nil {
				t.Fatal(err)
			}
			var srcs []workspace.Source
			for name, data := range ref {
				srcs = append(srcs, workspace.Source{Name: name, Data: data})
			}
			m, err := newModule(t.TempDir(), c, srcs)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("go", "vet", "./...")
			cmd.Dir = m.root
			cmd.Env = goEnv(os.Environ())
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("go vet in the grading module: %v\n%s", err, m.rewritePaths(string(out)))
			}
		})
	}
}
