package root

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/factory"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"go.yaml.in/yaml/v3"
)

// prep runs prep as the command line does, with the real grader and printers, and returns
// its exit code, stdout and stderr.
func prep(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	f := factory.New()
	ios, _, out, errOut := iostreams.Test()
	f.IOStreams = ios
	code := Execute(context.Background(), f, "v1.2.3", args)
	return code, out.String(), errOut.String()
}

// TestPracticeRepositoryEndToEnd is the practice repository of the issue, graded for real:
// `prep init --ci github` in a fresh folder, two folders started, a correct solution in one
// and the stub left in the other, then the grading step of the generated workflow, run as it
// is written there.
func TestPracticeRepositoryEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("grades two solutions for real")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH")
	}
	t.Chdir(t.TempDir())
	must := func(wantCode int, args ...string) string {
		t.Helper()
		code, out, errOut := prep(t, args...)
		if code != wantCode {
			t.Fatalf("prep %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, wantCode, out, errOut)
		}
		return out
	}

	must(0, "init", "--ci", "github")
	must(0, "start", "lru")
	must(0, "start", "lru", "--dir", "lru-again")
	if _, err := os.Stat(filepath.Join("lru", "go.mod")); err == nil {
		t.Error("prep start made a module inside the practice repository's module")
	}
	// The correct solution: challenges/lru/reference/lru.go, as embedded in prep.
	solution := regexp.MustCompile(`(?m)^package \w+`).ReplaceAll(readReference(t), []byte("package lru"))
	if err := os.WriteFile(filepath.Join("lru", "lru.go"), solution, 0o644); err != nil {
		t.Fatal(err)
	}

	// The workflow is valid YAML, installs this very prep, and uploads the report its
	// grading step writes.
	workflow, err := os.ReadFile(filepath.Join(".github", "workflows", "prep.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Jobs map[string]struct {
			Steps []struct {
				Name string            `yaml:"name"`
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				If   string            `yaml:"if"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(workflow, &doc); err != nil {
		t.Fatalf("the workflow is not valid YAML: %v\n%s", err, workflow)
	}
	var install, grade, uploaded string
	for _, step := range doc.Jobs["grade"].Steps {
		switch {
		case strings.HasPrefix(step.Run, "go install "):
			install = step.Run
		case strings.HasPrefix(step.Run, "prep "):
			grade = step.Run
		case strings.HasPrefix(step.Uses, "actions/upload-artifact@"):
			uploaded = step.With["path"]
		}
	}
	if want := "go install " + challenges.ModulePath + "/cmd/prep@v1.2.3"; install != want {
		t.Errorf("the workflow installs with %q, want %q", install, want)
	}

	// The grading step, exactly as the workflow runs it, on GitHub Actions.
	summary := filepath.Join(t.TempDir(), "summary.md")
	t.Setenv("GITHUB_STEP_SUMMARY", summary)
	args := strings.Fields(grade)
	if len(args) < 2 || args[0] != "prep" {
		t.Fatalf("the grading step runs %q, want a prep command", grade)
	}
	begin := time.Now()
	annotations := must(1, args[1:]...)
	t.Logf("%s: %v for two folders", grade, time.Since(begin).Round(time.Millisecond))

	// The annotations point at the failing file, at the method the failing calls call.
	stub, err := os.ReadFile(filepath.Join("lru-again", "lru.go"))
	if err != nil {
		t.Fatal(err)
	}
	getLine := 0
	for i, line := range strings.Split(string(stub), "\n") {
		if strings.HasPrefix(line, "func (c *LRUCache) Get(") {
			getLine = i + 1
		}
	}
	errors := 0
	for _, line := range strings.Split(annotations, "\n") {
		if !strings.HasPrefix(line, "::error ") {
			continue
		}
		errors++
		if want := "::error file=lru-again/lru.go,line=" + strconv.Itoa(getLine) + ","; !strings.HasPrefix(line, want) {
			t.Errorf("annotation %.120q does not start %q", line, want)
		}
	}
	if errors == 0 {
		t.Errorf("no annotations:\n%s", annotations)
	}
	if !strings.Contains(annotations, "prep: 1 of 2 passed") {
		t.Errorf("no total:\n%s", annotations)
	}
	if b, err := os.ReadFile(summary); err != nil || !strings.Contains(string(b), "| ✅ | lru | lru | `accepted`") ||
		!strings.Contains(string(b), "| ❌ | lru | lru-again | `wrong_answer`") {
		t.Errorf("job summary = %q, %v", b, err)
	}

	// The JUnit file the workflow uploads is well-formed and has one failing challenge: every
	// suite of lru-again fails, none of lru.
	junit, err := os.ReadFile(uploaded)
	if err != nil {
		t.Fatalf("the file the workflow uploads: %v", err)
	}
	var report struct {
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Failures int    `xml:"failures,attr"`
			Errors   int    `xml:"errors,attr"`
		} `xml:"testsuite"`
	}
	dec := xml.NewDecoder(bytes.NewReader(junit))
	dec.Strict = true
	if err := dec.Decode(&report); err != nil {
		t.Fatalf("%s is not well-formed: %v", uploaded, err)
	}
	failing := map[string]bool{}
	for _, s := range report.Suites {
		challenge, _, _ := strings.Cut(s.Name, "/")
		if s.Failures+s.Errors > 0 {
			failing[challenge] = true
		} else if challenge == "lru-again" {
			t.Errorf("suite %s of the stub does not fail", s.Name)
		}
	}
	if len(failing) != 1 || !failing["lru-again"] || report.Failures == 0 || len(report.Suites) != 6 {
		t.Errorf("JUnit: failing challenges %v, %d failures in %d suites; want lru-again alone failing, in 6 suites\n%s",
			failing, report.Failures, len(report.Suites), junit)
	}

	// Status shows both folders.
	status := must(0, "status")
	for _, want := range []string{
		`(?m)^lru +medium +lru +passed +100/100 +accepted +just now +0/3$`,
		`(?m)^lru +medium +lru-again +not passed +0/100 +wrong_answer +just now +0/3$`,
	} {
		if !regexp.MustCompile(want).MatchString(status) {
			t.Errorf("status does not match %s:\n%s", want, status)
		}
	}

	// Passing lru opens its solution; hints count up.
	if out := must(0, "solution", "lru"); !strings.Contains(out, "## The code: lru.go\n\n```go\n") {
		t.Errorf("prep solution lru:\n%s", out)
	}
	if out := must(0, "hint", "lru"); !strings.HasPrefix(out, "Hint 1 of ") {
		t.Errorf("prep hint lru:\n%s", out)
	}
}

// readReference reads the LRU reference from the embedded challenges.
func readReference(t *testing.T) []byte {
	t.Helper()
	set, err := challenges.Default()
	if err != nil {
		t.Fatal(err)
	}
	c, err := set.Lookup("lru")
	if err != nil {
		t.Fatal(err)
	}
	files, err := c.ReferenceFiles()
	if err != nil {
		t.Fatal(err)
	}
	return files["lru.go"]
}
