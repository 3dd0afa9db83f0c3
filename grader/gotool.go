package grader

import (
	"bytes"
	"context"
	"fmt"
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/prep-judge/prep/grader/internal/proc"
	"github.com/prep-judge/prep/grader/internal/robust"
)

// minGo is the oldest Go release that can build the hidden tests and the kit: the go directive
// of the temporary module (goDirective), as a GOVERSION. Hidden tests run code that reads the
// clock in virtual time with testing/synctest, new in Go 1.25.
const minGo = "go" + goDirective

// toolchain is the go command prep grades with.
type toolchain struct {
	goCmd   string
	version string // such as go1.26.8
	// goos and goarch are the platform the go command builds for when prep has cleared
	// GOOS and GOARCH: its own.
	goos, goarch string
	// cc is the C compiler the go command would use for cgo, the race build's: `go env CC`.
	cc string
	// test2json is found in the background: asking the go command where it is costs tens of
	// milliseconds (hundreds on a busy machine), and nothing needs it until the builds are done.
	test2json *pendingPath
}

// pendingPath is a path being looked up.
type pendingPath struct {
	done chan struct{}
	path string
	err  error
}

// wait returns the path once it is known, or ctx's error if that comes first.
func (p *pendingPath) wait(ctx context.Context) (string, error) {
	select {
	case <-p.done:
		return p.path, p.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

var (
	toolOnce sync.Once
	toolErr  error
	tools    toolchain
)

// findToolchain locates go and checks its version, once per process, and starts looking for
// test2json.
func findToolchain(ctx context.Context) (toolchain, error) {
	toolOnce.Do(func() { tools, toolErr = lookToolchain(ctx) })
	return tools, toolErr
}

func lookToolchain(ctx context.Context) (toolchain, error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return toolchain{}, ErrNoGo
	}
	t := toolchain{goCmd: goCmd}
	// Shared by every grading of the process, like the result: no one grading's cancellation
	// may spoil it.
	ctx = context.WithoutCancel(ctx)
	out, err := goOutput(ctx, goCmd, "", "env", "GOVERSION", "GOHOSTOS", "GOHOSTARCH", "CC")
	if err != nil {
		return t, fmt.Errorf("running `go env`: %w", err)
	}
	// One value a line; a development build's version has spaces in it, and CC may be empty.
	vars := strings.Split(strings.TrimRight(strings.ReplaceAll(out, "\r\n", "\n"), "\n"), "\n")
	if len(vars) != 4 {
		return t, fmt.Errorf("`go env GOVERSION GOHOSTOS GOHOSTARCH CC` printed %q, not four lines", out)
	}
	t.version, t.goos, t.goarch, t.cc = strings.TrimSpace(vars[0]), strings.TrimSpace(vars[1]), strings.TrimSpace(vars[2]), strings.TrimSpace(vars[3])
	if err := checkGoVersion(t.version); err != nil {
		return t, err
	}
	t.test2json = &pendingPath{done: make(chan struct{})}
	kept := keptToolPath(t.version, "test2json")
	if fi, err := os.Stat(kept); err == nil && fi.Mode().IsRegular() {
		t.test2json.path = kept
		close(t.test2json.done)
		return t, nil
	}
	go func(p *pendingPath) {
		defer close(p.done)
		// Since Go 1.24 test2json is built on first use and kept in the build cache; -n
		// prints where it is.
		out, err := goOutput(ctx, goCmd, "", "tool", "-n", "test2json")
		if err != nil {
			p.err = fmt.Errorf("finding test2json with `go tool -n test2json`: %w", err)
			return
		}
		p.path = strings.TrimSpace(out)
		if keepTool(p.path, kept) == nil {
			p.path = kept
		}
	}(t.test2json)
	return t, nil
}

// keptToolPath is where prep keeps its own copy of a tool of Go release version. Building
// test2json costs several seconds of CPU beside the grading builds; a copy outside the build
// cache is built once per release, however often the build cache is emptied (go clean -cache,
// a CI cache restored without it).
func keptToolPath(version, tool string) string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	release := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, version)
	name := tool
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return filepath.Join(base, "prep", "tools", release+"-"+runtime.GOOS+"-"+runtime.GOARCH, name)
}

// keepTool copies the tool at from to path, atomically, so that a grading running at the same
// time never sees half a file.
func keepTool(from, path string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tool-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o755); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// On Windows an antivirus scanner may still hold path, or the copy, for a moment.
	return robust.Rename(tmp.Name(), path)
}

// checkGoVersion says, for a go command of GOVERSION v that is too old to grade with, what is
// too old, what is needed and where to get it.
func checkGoVersion(v string) error {
	if goAtLeast(v, minGo) {
		return nil
	}
	return fmt.Errorf("%s is too old to grade with: prep needs Go %s or newer (the hidden tests use testing/synctest); install a newer Go from https://go.dev/dl", v, goDirective)
}

// goAtLeast reports whether a GOVERSION such as go1.26.8 or go1.27rc1 is of language version
// min (such as go1.25) or newer: a release candidate counts as its release. Development builds
// ("devel ...") are taken to be new enough.
func goAtLeast(v, min string) bool {
	if strings.HasPrefix(v, "devel") {
		return true
	}
	lang := version.Lang(v)
	return lang != "" && version.Compare(lang, min) >= 0
}

// goOutput runs the go command and returns its standard output; on failure the error holds
// its standard error.
func goOutput(ctx context.Context, goCmd, dir string, args ...string) (string, error) {
	cmd := proc.Command(ctx, goCmd, args...)
	cmd.Dir = dir
	cmd.Env = goEnv(os.Environ())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return stdout.String(), fmt.Errorf("%w: %s", err, msg)
		}
		return stdout.String(), err
	}
	return stdout.String(), nil
}

// goEnv returns the environment for the go command while grading: the user's own (so that
// the build cache is shared and the standard library is not built again), with everything
// that could reach the network or change how the temporary module builds set explicitly.
func goEnv(base []string) []string { return goEnvFor(runtime.GOOS, base) }

func goEnvFor(goos string, base []string) []string {
	env := make([]string, 0, len(base)+8)
	for _, kv := range base {
		switch envName(goos, kv) {
		case "GOFLAGS", "GOPROXY", "GOWORK", "GOTOOLCHAIN", "GOENV", "GO111MODULE", "GONOSUMDB", "GOSUMDB",
			"GOARCH", "GOOS", "CGO_ENABLED", "GOEXPERIMENT", "GODEBUG", "GOAMD64", "GOARM64":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"GOFLAGS=-mod=mod -buildvcs=false",
		"GOPROXY=off",
		"GOSUMDB=off",
		"GOWORK=off",
		"GOTOOLCHAIN=local",
		"GO111MODULE=on",
	)
}

// testEnv returns the environment a test binary runs in: little of the user's, so that the
// same code behaves the same on every machine, and nothing that names their files.
func testEnv(base []string, tmpDir string) []string { return testEnvFor(runtime.GOOS, base, tmpDir) }

func testEnvFor(goos string, base []string, tmpDir string) []string {
	keep := map[string]bool{"PATH": true, "HOME": true, "USERPROFILE": true, "SYSTEMROOT": true, "LANG": true, "TZ": true}
	var env []string
	for _, kv := range base {
		if keep[envName(goos, kv)] {
			env = append(env, kv)
		}
	}
	env = append(env, tempDirEnv(goos, tmpDir)...)
	return append(env,
		// Report every race rather than stopping at the first, and do not sleep a second at
		// exit as the race runtime does by default.
		"GORACE=halt_on_error=0 atexit_sleep_ms=0",
	)
}

// envName is the name of the environment variable kv sets, as goos compares names: Windows
// ignores case, and names its search path "Path", so that a name spelt there in any case is
// still found, and one prep sets is never left beside a differently spelt copy of the user's.
func envName(goos, kv string) string {
	k, _, _ := strings.Cut(kv, "=")
	if goos == "windows" {
		return strings.ToUpper(k)
	}
	return k
}

// tempDirEnv sets the folder for temporary files, as the platform names it: os.TempDir reads
// TMPDIR on Unix and TMP, then TEMP, on Windows.
func tempDirEnv(goos, dir string) []string {
	if goos == "windows" {
		return []string{"TMP=" + dir, "TEMP=" + dir}
	}
	return []string{"TMPDIR=" + dir}
}

// buildEnv is the go command's environment while grading: goEnv, with every temporary folder
// it or the compiler and linker make inside dir, the grading folder's, so that a build stopped
// midway (by a rejection found meanwhile, or Ctrl-C) leaves nothing where the grading folder's
// removal does not reach.
func buildEnv(base []string, dir string) []string {
	env := slices.DeleteFunc(goEnv(base), func(kv string) bool {
		k := envName(runtime.GOOS, kv)
		return k == "GOTMPDIR" || k == "TMPDIR" || k == "TMP" || k == "TEMP"
	})
	env = append(env, "GOTMPDIR="+dir)
	return append(env, tempDirEnv(runtime.GOOS, dir)...)
}
