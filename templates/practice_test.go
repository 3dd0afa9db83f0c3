package templates

import (
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

var practiceData = Practice{
	Module:      "practice",
	PrepVersion: "v1.2.3",
	GoRelease:   "1.26",
	Challenges: []PracticeChallenge{
		{Name: "twosum", Title: "Two sum", Difficulty: "easy", Topics: []string{"arrays"}},
		{Name: "lru", Title: "LRU | cache", Difficulty: "medium", Topics: []string{"caching", "concurrency"}},
	},
}

// parseYAML parses a generated CI file as the CI system would, failing t when it is not YAML.
func parseYAML(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("not valid YAML: %v\n%s", err, b)
	}
	if strings.Contains(string(b), "<no value>") || strings.Contains(string(b), "[[") {
		t.Errorf("a template field was left unfilled:\n%s", b)
	}
	return doc
}

// get walks doc by keys (strings) and list indexes (ints), failing t where the path ends.
func get(t *testing.T, doc any, path ...any) any {
	t.Helper()
	v := doc
	for i, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("%v is not a mapping", path[:i])
			}
			if v, ok = m[k]; !ok {
				t.Fatalf("no key %v", path[:i+1])
			}
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				t.Fatalf("%v is not a list of %d items", path[:i], k+1)
			}
			v = l[k]
		}
	}
	return v
}

func TestGitHubWorkflow(t *testing.T) {
	doc := parseYAML(t, GitHubWorkflow(practiceData))
	on := get(t, doc, "on").(map[string]any)
	for _, event := range []string{"push", "pull_request"} {
		if _, ok := on[event]; !ok {
			t.Errorf("the workflow does not run on %s", event)
		}
	}
	if got := get(t, doc, "permissions", "contents"); got != "read" {
		t.Errorf("permissions.contents = %v, want read", got)
	}
	job := get(t, doc, "jobs", "grade")
	if got := get(t, job, "runs-on"); got != "ubuntu-latest" {
		t.Errorf("runs-on = %v", got)
	}
	steps := get(t, job, "steps").([]any)
	var runs []string
	uses := map[string]map[string]any{}
	for i := range steps {
		step := get(t, steps, i).(map[string]any)
		if r, ok := step["run"].(string); ok {
			runs = append(runs, r)
		}
		if u, ok := step["uses"].(string); ok {
			action, version, _ := strings.Cut(u, "@")
			if !regexp.MustCompile(`^v\d+$`).MatchString(version) {
				t.Errorf("%s is not pinned to a major version", u)
			}
			uses[action] = step
		}
	}
	wantRuns := []string{
		"go install github.com/prep-judge/prep/cmd/prep@v1.2.3",
		"prep ci --format github --junit prep-junit.xml",
	}
	if strings.Join(runs, "\n") != strings.Join(wantRuns, "\n") {
		t.Errorf("run steps = %q, want %q", runs, wantRuns)
	}
	for _, action := range []string{"actions/checkout", "actions/setup-go", "actions/upload-artifact"} {
		if uses[action] == nil {
			t.Errorf("no step uses %s", action)
		}
	}
	if got := get(t, uses["actions/setup-go"], "with", "go-version"); got != "1.26.x" {
		t.Errorf("setup-go go-version = %v, want 1.26.x", got)
	}
	upload := uses["actions/upload-artifact"]
	if got := get(t, upload, "with", "path"); got != "prep-junit.xml" {
		t.Errorf("the artifact uploads %v, want prep-junit.xml", got)
	}
	// The report matters most when grading failed, so the upload must run then too.
	if got, _ := upload["if"].(string); !strings.Contains(got, "!cancelled()") {
		t.Errorf("the upload runs if %q, want it to run unless cancelled", got)
	}
}

func TestGitLabCI(t *testing.T) {
	doc := parseYAML(t, GitLabCI(practiceData))
	job := get(t, doc, "prep")
	if got := get(t, job, "image"); got != "golang:1.26" {
		t.Errorf("image = %v, want golang:1.26", got)
	}
	script := get(t, job, "script").([]any)
	want := []any{"go install github.com/prep-judge/prep/cmd/prep@v1.2.3", "prep ci --junit prep-junit.xml"}
	if len(script) != len(want) || script[0] != want[0] || script[1] != want[1] {
		t.Errorf("script = %q, want %q", script, want)
	}
	if got := get(t, job, "artifacts", "when"); got != "always" {
		t.Errorf("artifacts are kept %v, want always: the report matters most when grading failed", got)
	}
	if got := get(t, job, "artifacts", "reports", "junit"); got != "prep-junit.xml" {
		t.Errorf("artifacts.reports.junit = %v, want prep-junit.xml", got)
	}
}

func TestPracticeReadme(t *testing.T) {
	for _, ci := range []string{"", "github", "gitlab"} {
		p := practiceData
		p.CI = ci
		readme := string(PracticeReadme(p))
		for _, want := range []string{
			"# practice\n",
			"prep start twosum ",
			"| `twosum` | easy | Two sum | arrays |\n",
			"| `lru` | medium | LRU \\| cache | caching, concurrency |\n",
			"go install github.com/prep-judge/prep/cmd/prep@v1.2.3\n",
		} {
			if !strings.Contains(readme, want) {
				t.Errorf("ci %q: the README lacks %q:\n%s", ci, want, readme)
			}
		}
		if !strings.HasSuffix(readme, ".\n") || strings.Contains(readme, "\n\n\n") {
			t.Errorf("ci %q: the README has stray blank lines:\n%s", ci, readme)
		}
	}
	p := practiceData
	p.PrepVersion = ""
	if readme := string(PracticeReadme(p)); !strings.Contains(readme, "prep@latest\n") {
		t.Errorf("without a known version the README should install the latest prep:\n%s", readme)
	}
}

// The marker in each challenge folder's .prep tells `prep ci` what to grade, so only the
// root's .prep may be ignored.
func TestPracticeGitignore(t *testing.T) {
	for _, line := range strings.Split(string(PracticeGitignore(practiceData)), "\n") {
		if line == ".prep" || line == ".prep/" || line == "**/.prep/" || strings.HasSuffix(line, "challenge.json") {
			t.Errorf(".gitignore line %q would keep the challenge folders' markers out of git", line)
		}
	}
}
