// Package initcmd implements `prep init`: a practice repository, ready to start challenges
// in and, with --ci, graded by GitHub Actions or GitLab CI on every push. (The package cannot
// be called init, which Go reserves for functions.)
package initcmd

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/templates"
	"github.com/spf13/cobra"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// CISystems are the values of --ci.
var CISystems = []string{"github", "gitlab"}

// InitOptions are the inputs of `prep init`.
type InitOptions struct {
	IO         *iostreams.IOStreams
	Challenges func() (*challenges.Set, error)
	// Version is the running prep's version, which CI installs unless PrepVersion says else.
	Version string
	// GoVersion is the running prep's Go release, as runtime.Version gives it; CI grades with
	// the same release.
	GoVersion string

	Dir         string
	CI          string
	Module      string
	PrepVersion string
	Force       bool
}

// NewCmdInit returns the `prep init` command. runF replaces initRun in tests.
func NewCmdInit(f *cmdutil.Factory, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{IO: f.IOStreams, Challenges: f.Challenges, GoVersion: runtime.Version()}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Create a practice repository, graded by CI",
		Long: `Create a practice repository in DIR (default: the current folder): a go.mod that makes it one
Go module, a README.md listing the challenges and how to start one, and a .gitignore. Start
challenges in it with ` + "`prep start NAME`" + `, each in a folder of its own.

--ci github adds .github/workflows/prep.yml, a GitHub Actions workflow that installs this
version of prep and runs ` + "`prep ci`" + ` on every push and pull request: annotations on the
failing lines, a table on the run's summary page and the JUnit report as an artifact.
--ci gitlab adds .gitlab-ci.yml, a GitLab CI job that does the same with GitLab's JUnit
report. CI installs the prep version you run now, so that grading does not change under
you; --prep-version pins another (a release such as v1.2.3, a commit, or latest).

prep never overwrites a file: files that exist are kept and listed; --force overwrites them.`,
		Example: `  # a practice repository graded by GitHub Actions
  prep init ~/practice --ci github

  # add GitLab CI to the repository you are in
  prep init --ci gitlab

  # pin the prep release CI grades with
  prep init --ci github --prep-version v1.4.0`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return cmdutil.FlagErrorf("`prep init` takes one folder, got %q", args)
			}
			return nil
		},
		ValidArgsFunction: cmdutil.CompleteFolder,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.CI != "" && !slices.Contains(CISystems, opts.CI) {
				return cmdutil.FlagErrorf("unknown CI %q for `--ci`; use one of %s", opts.CI, strings.Join(CISystems, ", "))
			}
			if opts.Module != "" {
				if err := module.CheckImportPath(opts.Module); err != nil {
					return cmdutil.FlagErrorf("`--module`: %w", err)
				}
			}
			if opts.PrepVersion != "" && !installable(opts.PrepVersion) {
				return cmdutil.FlagErrorf("`--prep-version` %q is not a version `go install` takes: use a release such as v1.2.3, a commit, or latest", opts.PrepVersion)
			}
			opts.Dir = "."
			if len(args) > 0 {
				opts.Dir = args[0]
			}
			opts.Version = cmd.Root().Version
			if runF != nil {
				return runF(opts)
			}
			return initRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.CI, "ci", "", "add a CI job that grades every push: `SYSTEM` is "+strings.Join(CISystems, " or "))
	cmd.Flags().StringVar(&opts.Module, "module", "", "the module `PATH` of go.mod (default: the folder's name)")
	cmd.Flags().StringVar(&opts.PrepVersion, "prep-version", "", "the `VERSION` of prep CI installs (default: this prep's own)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite files that already exist")
	_ = cmd.RegisterFlagCompletionFunc("ci", cobra.FixedCompletions(CISystems, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// file is one file initRun writes, named relative to the repository.
type file struct {
	name string
	data []byte
	why  string
}

func initRun(opts *InitOptions) error {
	set, err := opts.Challenges()
	if err != nil {
		return err
	}
	if info, err := os.Stat(opts.Dir); err == nil && !info.IsDir() {
		return fmt.Errorf("%s is a file, not a folder", opts.Dir)
	}
	p := templates.Practice{
		Module:      opts.Module,
		CI:          opts.CI,
		PrepVersion: pinnable(opts.Version),
		GoRelease:   goRelease(opts.GoVersion),
	}
	if opts.PrepVersion != "" {
		p.PrepVersion = canonical(opts.PrepVersion)
	}
	if opts.CI != "" && p.PrepVersion == "" {
		return fmt.Errorf("this prep is a development build (version %q), so CI cannot install the same one; pass `--prep-version` with a release such as v1.2.3, a commit, or latest", opts.Version)
	}
	if p.Module == "" {
		if p.Module, err = moduleName(opts.Dir); err != nil {
			return err
		}
	}
	for _, c := range set.All() {
		p.Challenges = append(p.Challenges, templates.PracticeChallenge{Name: c.Name, Title: c.Title, Difficulty: c.Difficulty, Topics: c.Topics})
	}

	plan := []file{
		{"go.mod", templates.GoMod(p.Module), "makes the repository one Go module"},
		{"README.md", templates.PracticeReadme(p), "the challenges, and how to start one"},
		{".gitignore", templates.PracticeGitignore(p), "keeps prep's history and reports out of git"},
	}
	switch opts.CI {
	case "github":
		plan = append(plan, file{filepath.Join(".github", "workflows", "prep.yml"), templates.GitHubWorkflow(p),
			"grades every push on GitHub Actions, with prep " + p.PrepVersion})
	case "gitlab":
		plan = append(plan, file{".gitlab-ci.yml", templates.GitLabCI(p), "grades every push on GitLab CI, with prep " + p.PrepVersion})
	}

	var written, kept []file
	for _, f := range plan {
		path := filepath.Join(opts.Dir, f.name)
		_, err := os.Lstat(path)
		switch {
		case err == nil && !opts.Force:
			kept = append(kept, f)
			continue
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, f.data, 0o644); err != nil {
			return err
		}
		written = append(written, f)
	}

	out := opts.IO.Out
	where := opts.Dir
	if filepath.Clean(where) == "." {
		where = "this folder"
	}
	if len(written) == 0 {
		fmt.Fprintf(out, "%s is a practice repository already: every file prep init writes is there.\n", where)
	} else {
		fmt.Fprintf(out, "Made %s a practice repository:\n", where)
		list(out, written, true)
	}
	if len(kept) > 0 {
		fmt.Fprintln(out, "Kept these, since they exist (`--force` overwrites them):")
		list(out, kept, false)
	}

	fmt.Fprintln(out, "\nNext:")
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	if filepath.Clean(opts.Dir) != "." {
		fmt.Fprintf(tw, "  cd %s\n", shellQuote(opts.Dir))
	}
	example := "NAME"
	if len(p.Challenges) > 0 {
		example = p.Challenges[0].Name
	}
	fmt.Fprintf(tw, "  prep list\t# choose a challenge\n")
	fmt.Fprintf(tw, "  prep start %s\t# start it in ./%s\n", example, example)
	if opts.CI != "" {
		host := map[string]string{"github": "GitHub", "gitlab": "GitLab"}[opts.CI]
		if !inGitRepository(opts.Dir) {
			fmt.Fprintf(tw, "  git init\t# then commit, and push to %s: every push is graded\n", host)
		} else {
			fmt.Fprintf(tw, "  git add -A && git commit && git push\t# every push is graded on %s\n", host)
		}
	}
	return tw.Flush()
}

// list writes files, one a line, with why each is there when why is set.
func list(w io.Writer, files []file, why bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, f := range files {
		if why {
			fmt.Fprintf(tw, "  %s\t%s\n", filepath.ToSlash(f.name), f.why)
		} else {
			fmt.Fprintf(tw, "  %s\n", filepath.ToSlash(f.name))
		}
	}
	tw.Flush()
}

// commit matches a commit hash, which `go install` resolves to a pseudo-version.
var commit = regexp.MustCompile(`^[0-9a-f]{7,40}$`)

// installable reports whether `go install ...@v` takes v and always installs the same prep,
// or v is latest, which the user asked for by name.
func installable(v string) bool {
	if v == "latest" || commit.MatchString(v) {
		return true
	}
	return pinnable(v) != ""
}

// canonical is v as `go install` wants it: a release with its leading v.
func canonical(v string) string {
	if v == "latest" || commit.MatchString(v) || strings.HasPrefix(v, "v") {
		return v
	}
	return "v" + v
}

// pinnable returns the module version of the running prep, which CI can install to grade
// exactly as it does here: a release or the pseudo-version of a commit. It returns "" for a
// development build, and for a build from a modified checkout, whose "+dirty" version names
// code that exists nowhere but on this machine.
func pinnable(version string) string {
	v := canonical(version)
	if !semver.IsValid(v) || semver.Build(v) != "" {
		return ""
	}
	return v
}

// minGoRelease is the oldest Go release that builds prep, for a prep that cannot tell which
// release built it.
const minGoRelease = "1.26"

// goRelease is the Go release, such as 1.26, of a runtime.Version such as go1.26.8.
func goRelease(version string) string {
	m := regexp.MustCompile(`^go(\d+\.\d+)`).FindStringSubmatch(version)
	if m == nil {
		return minGoRelease
	}
	return m[1]
}

// moduleName makes a module path of the name of the folder dir, such as practice for
// ~/practice, for a go.mod that nothing outside the repository imports.
func moduleName(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		case r >= 'A' && r <= 'Z':
			return r - 'A' + 'a'
		}
		return '-'
	}, filepath.Base(abs))
	name = strings.Trim(name, "-.")
	if name == "" || module.CheckImportPath(name) != nil {
		return "practice", nil
	}
	return name, nil
}

// inGitRepository reports whether dir is in a git repository already.
func inGitRepository(dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for {
		if _, err := os.Stat(filepath.Join(abs, ".git")); err == nil {
			return true
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return false
		}
		abs = parent
	}
}

// shellQuote quotes a path with spaces in the one way sh, cmd.exe and PowerShell all accept.
func shellQuote(path string) string {
	if strings.ContainsAny(path, " \t") {
		return `"` + path + `"`
	}
	return path
}
