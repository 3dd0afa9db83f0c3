package initcmd

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prep-judge/prep/cmd/prep/internal/cmdtest"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/spf13/cobra"
)

func TestNewCmdInit(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    InitOptions
		wantErr string
	}{
		{name: "defaults", args: []string{}, want: InitOptions{Dir: ".", Version: "1.2.3"}},
		{
			name: "every flag", args: []string{"practice", "--ci", "gitlab", "--module", "example.com/me/practice", "--prep-version", "v1.4.0", "--force"},
			want: InitOptions{Dir: "practice", CI: "gitlab", Module: "example.com/me/practice", PrepVersion: "v1.4.0", Force: true, Version: "1.2.3"},
		},
		{name: "a commit", args: []string{"--prep-version", "0123abc"}, want: InitOptions{Dir: ".", PrepVersion: "0123abc", Version: "1.2.3"}},
		{name: "latest", args: []string{"--prep-version", "latest"}, want: InitOptions{Dir: ".", PrepVersion: "latest", Version: "1.2.3"}},
		{name: "unknown ci", args: []string{"--ci", "jenkins"}, wantErr: "unknown CI \"jenkins\" for `--ci`; use one of github, gitlab"},
		{name: "bad module", args: []string{"--module", "a b"}, wantErr: "`--module`: malformed import path \"a b\": invalid char ' '"},
		{name: "bad version", args: []string{"--prep-version", "main"}, wantErr: "`--prep-version` \"main\" is not a version `go install` takes: use a release such as v1.2.3, a commit, or latest"},
		{name: "dirty version", args: []string{"--prep-version", "v1.2.3+dirty"}, wantErr: "`--prep-version` \"v1.2.3+dirty\" is not a version `go install` takes: use a release such as v1.2.3, a commit, or latest"},
		{name: "two folders", args: []string{"a", "b"}, wantErr: "`prep init` takes one folder, got [\"a\" \"b\"]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
			var got *InitOptions
			cmd := NewCmdInit(f, func(o *InitOptions) error { got = o; return nil })
			// The version comes from the root command, as `prep --version` shows it.
			root := &cobra.Command{Use: "prep", Version: "1.2.3"}
			root.AddCommand(cmd)
			root.SetArgs(append([]string{"init"}, tt.args...))
			root.SetOut(io.Discard)
			root.SetErr(io.Discard)
			root.SilenceUsage, root.SilenceErrors = true, true
			root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return cmdutil.FlagErrorWrap(err) })
			err := root.Execute()
			if tt.wantErr != "" {
				var fe *cmdutil.FlagError
				if !errors.As(err, &fe) || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want the usage error %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Dir != tt.want.Dir || got.CI != tt.want.CI || got.Module != tt.want.Module ||
				got.PrepVersion != tt.want.PrepVersion || got.Force != tt.want.Force || got.Version != tt.want.Version {
				t.Errorf("options = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// newOptions returns the options of `prep init dir` by prep 1.2.3 built with go1.26.8, over
// the fixed challenges, with the buffer behind stdout.
func newOptions(t *testing.T, dir string) (*InitOptions, *bytes.Buffer) {
	t.Helper()
	f, out, errOut := cmdtest.Factory(&cmdtest.Grader{})
	t.Cleanup(func() {
		if errOut.Len() > 0 {
			t.Errorf("stderr = %q", errOut)
		}
	})
	return &InitOptions{IO: f.IOStreams, Challenges: f.Challenges, Version: "1.2.3", GoVersion: "go1.26.8", Dir: dir}, out
}

// goldenFiles holds every file under dir to a golden file under testdata/name.
func goldenFiles(t *testing.T, name, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		cmdtest.Golden(t, filepath.Join(name, strings.TrimPrefix(filepath.ToSlash(rel), ".")), b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestInitGitHub(t *testing.T) {
	t.Chdir(t.TempDir())
	opts, out := newOptions(t, "practice")
	opts.CI = "github"
	if err := initRun(opts); err != nil {
		t.Fatal(err)
	}
	cmdtest.Golden(t, "init-github.txt", out.Bytes())
	goldenFiles(t, "init-github", "practice")
}

func TestInitGitLab(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.Mkdir(".git", 0o755); err != nil {
		t.Fatal(err)
	}
	opts, out := newOptions(t, ".")
	opts.CI = "gitlab"
	opts.Module = "example.com/me/practice"
	opts.PrepVersion = "v1.4.0"
	if err := initRun(opts); err != nil {
		t.Fatal(err)
	}
	cmdtest.Golden(t, "init-gitlab.txt", out.Bytes())
	for _, name := range []string{".gitlab-ci.yml", "go.mod"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		cmdtest.Golden(t, filepath.Join("init-gitlab", strings.TrimPrefix(name, ".")), b)
	}
}

func TestInitKeepsExistingFiles(t *testing.T) {
	t.Chdir(t.TempDir())
	mine := map[string]string{"README.md": "# my notes\n", "go.mod": "module mine\n\ngo 1.25\n"}
	for name, data := range mine {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts, out := newOptions(t, ".")
	opts.CI = "github"
	if err := initRun(opts); err != nil {
		t.Fatal(err)
	}
	cmdtest.Golden(t, "init-kept.txt", out.Bytes())
	for name, data := range mine {
		if b, _ := os.ReadFile(name); string(b) != data {
			t.Errorf("%s was overwritten: %q", name, b)
		}
	}
	if _, err := os.Stat(filepath.Join(".github", "workflows", "prep.yml")); err != nil {
		t.Errorf("the missing workflow was not written: %v", err)
	}

	// Again: nothing left to write.
	opts, out = newOptions(t, ".")
	opts.CI = "github"
	if err := initRun(opts); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "this folder is a practice repository already") {
		t.Errorf("stdout = %q", out)
	}

	// --force overwrites.
	opts, _ = newOptions(t, ".")
	opts.Force = true
	if err := initRun(opts); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile("README.md"); string(b) == mine["README.md"] {
		t.Error("--force kept README.md")
	}
}

func TestInitDevelopmentBuild(t *testing.T) {
	for _, version := range []string{"dev", "(devel)", "v1.2.4-0.20251101120000-abcdef123456+dirty"} {
		t.Run(version, func(t *testing.T) {
			t.Chdir(t.TempDir())
			opts, out := newOptions(t, ".")
			opts.Version = version
			opts.CI = "github"
			err := initRun(opts)
			if err == nil || !strings.Contains(err.Error(), "pass `--prep-version`") {
				t.Errorf("err = %v, want one asking for --prep-version", err)
			}
			if entries, _ := os.ReadDir("."); len(entries) > 0 || out.Len() > 0 {
				t.Errorf("wrote %v despite the error", entries)
			}

			// Without CI nothing needs pinning, and the README installs the latest prep.
			opts, _ = newOptions(t, ".")
			opts.Version = version
			if err := initRun(opts); err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile("README.md"); !strings.Contains(string(b), "prep@latest") {
				t.Error("the README of a development build does not install the latest prep")
			}
		})
	}
}

func TestPinnable(t *testing.T) {
	for version, want := range map[string]string{
		"1.2.3":                              "v1.2.3",
		"v1.2.3":                             "v1.2.3",
		"v0.0.0-20251101120000-abcdef123456": "v0.0.0-20251101120000-abcdef123456",
		"dev":                                "",
		"(devel)":                            "",
		"v1.2.3+dirty":                       "",
		"":                                   "",
	} {
		if got := pinnable(version); got != want {
			t.Errorf("pinnable(%q) = %q, want %q", version, got, want)
		}
	}
}

func TestGoRelease(t *testing.T) {
	for version, want := range map[string]string{"go1.26.8": "1.26", "go1.27rc1": "1.27", "go1.30": "1.30", "devel go1.27-abcdef": minGoRelease} {
		if got := goRelease(version); got != want {
			t.Errorf("goRelease(%q) = %q, want %q", version, got, want)
		}
	}
}

func TestModuleName(t *testing.T) {
	base := t.TempDir()
	for dir, want := range map[string]string{"practice": "practice", "My Practice": "my-practice", "go-interview.2025": "go-interview.2025", "---": "practice"} {
		if got, err := moduleName(filepath.Join(base, dir)); err != nil || got != want {
			t.Errorf("moduleName(%q) = %q, %v; want %q", dir, got, err, want)
		}
	}
}
