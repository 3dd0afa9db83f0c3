package templates

import (
	"bytes"
	"embed"
	"strings"
	"text/template"
)

// The files of a practice repository. Their templates use [[ ]] as delimiters, since GitHub
// Actions expressions are written ${{ }}.
//
//go:embed practice/*.tmpl
var practiceFiles embed.FS

var practice = template.Must(template.New("practice").Delims("[[", "]]").Funcs(template.FuncMap{
	"join": strings.Join,
	// cell escapes text for a Markdown table cell, where '|' would end the cell.
	"cell": strings.NewReplacer("|", `\|`, "\n", " ").Replace,
	// pad returns the spaces that make s width columns wide, at least one.
	"pad": func(s string, width int) string { return strings.Repeat(" ", max(1, width-len(s))) },
}).ParseFS(practiceFiles, "practice/*.tmpl"))

// Practice is what the files of a new practice repository are made from.
type Practice struct {
	// Module is the module path of the repository's go.mod.
	Module string
	// CI is the CI system the repository is graded by: "github", "gitlab" or empty for none.
	CI string
	// PrepVersion is the version of prep that CI installs: a release such as v1.2.3, a
	// commit, or "latest". Empty when not known, and then no CI file can be written.
	PrepVersion string
	// GoRelease is the Go release CI grades with, such as 1.26.
	GoRelease string
	// Challenges are listed in the README, in this order; the first is the README's example.
	Challenges []PracticeChallenge
}

// PracticeChallenge is a challenge as the README lists it.
type PracticeChallenge struct {
	Name, Title, Difficulty string
	Topics                  []string
}

// PracticeReadme returns the README of a practice repository: how to start a challenge, the
// challenges there are, and how the repository is graded.
func PracticeReadme(p Practice) []byte { return execute("README.md.tmpl", p) }

// PracticeGitignore returns the .gitignore of a practice repository.
func PracticeGitignore(p Practice) []byte { return execute("gitignore.tmpl", p) }

// GitHubWorkflow returns the GitHub Actions workflow that grades a practice repository, to be
// written to .github/workflows/prep.yml.
func GitHubWorkflow(p Practice) []byte { return execute("github.yml.tmpl", p) }

// GitLabCI returns the .gitlab-ci.yml that grades a practice repository.
func GitLabCI(p Practice) []byte { return execute("gitlab-ci.yml.tmpl", p) }

func execute(name string, p Practice) []byte {
	data := struct {
		Practice
		Example, InstallVersion string
	}{Practice: p, Example: "NAME", InstallVersion: p.PrepVersion}
	if len(p.Challenges) > 0 {
		data.Example = p.Challenges[0].Name
	}
	if data.InstallVersion == "" {
		data.InstallVersion = "latest"
	}
	var b bytes.Buffer
	// The templates are fixed here and their data is plain strings, so execution cannot fail
	// but by a bug in a template, which the package's tests catch.
	if err := practice.ExecuteTemplate(&b, name, data); err != nil {
		panic(err)
	}
	return b.Bytes()
}
