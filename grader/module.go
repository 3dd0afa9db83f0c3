package grader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/grader/internal/proc"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/workspace"
)

// goDirective is the language version of the temporary module: the oldest the kit and the
// hidden tests need, so that the learner's toolchain only has to be that new. Go 1.25 brings
// testing/synctest, with which hidden tests run code that reads the clock in virtual time; a
// module older than Go 1.23 would also turn its timers' channels back to the asynchronous
// ones synctest refuses to run with (GODEBUG asynctimerchan=1).
const goDirective = "1.25"

// module is the temporary module a submission is graded in. It has this repository's module
// path and mirrors its layout, so the hidden tests import the kit and the reference exactly
// as they do here:
//
//	go.mod
//	challenges/kit/              the test kit
//	challenges/NAME/             the learner's files and the hidden tests
//	challenges/NAME/reference/   the reference solution
//	challenges/NAME/_api/        the stub, to compare the learner's API with
//	bin/                         the test binaries
//	tmp/                         the tests' TMPDIR
//	gotmp/                       the go command's GOTMPDIR, so that a build stopped midway
//	                             leaves nothing outside this folder
//	results/                     the kit's records and the judge's outcomes, per suite
type module struct {
	root         string
	pkgName      string
	solutionRel  string // challenges/NAME, slash-separated
	solutionPath string // import path of the learner's package
	apiRel       string
	apiPath      string
	userFiles    map[string]bool
	hidden       map[string][]byte // as the challenge holds them, before judgeHidden
}

// reservedNames are the files prep writes into the learner's package folder of the module:
// no file of the learner's may have one of these names, in any case.
func reservedNames(hidden map[string][]byte) []string {
	names := []string{judgeFile, challenges.BudgetsFile}
	for name := range hidden {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// newModule writes the temporary module for challenge c and the learner's sources. Every file
// is created anew, never written over another: on a file system that ignores case, a learner's
// file named like a hidden test would otherwise replace it.
func newModule(root string, c *challenges.Challenge, srcs []workspace.Source) (*module, error) {
	m := &module{
		root:        root,
		pkgName:     c.Package,
		solutionRel: path.Join(challenges.Dir, c.Name),
		apiRel:      path.Join(challenges.Dir, c.Name, "prepapi"),
		userFiles:   map[string]bool{},
	}
	m.solutionPath = challenges.ModulePath + "/" + m.solutionRel
	m.apiPath = challenges.ModulePath + "/" + m.apiRel
	write := func(rel string, data []byte) error {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return writeNew(p, data)
	}
	gomod := fmt.Sprintf("module %s\n\ngo %s\n", challenges.ModulePath, goDirective)
	if err := write("go.mod", []byte(gomod)); err != nil {
		return nil, err
	}
	hidden := func() (map[string][]byte, error) {
		files, err := c.HiddenTests()
		if err != nil {
			return nil, err
		}
		m.hidden = files
		return judgeHidden(c.Package, files)
	}
	groups := []struct {
		dir   string
		files func() (map[string][]byte, error)
	}{
		{path.Join(challenges.Dir, challenges.KitDir), challenges.KitFiles},
		{path.Join(m.solutionRel, "reference"), c.ReferenceFiles},
		{m.apiRel, c.StubFiles},
		{m.solutionRel, hidden},
	}
	for _, g := range groups {
		files, err := g.files()
		if err != nil {
			return nil, fmt.Errorf("reading the embedded challenge %s: %w", c.Name, err)
		}
		for name, data := range files {
			if err := write(path.Join(g.dir, name), data); err != nil {
				return nil, err
			}
		}
	}
	// The performance tests read their budgets, as JSON, in the folder they run in.
	budgets, err := c.BudgetsJSON()
	if err != nil {
		return nil, fmt.Errorf("the embedded challenge %s: %w", c.Name, err)
	}
	if err := write(path.Join(m.solutionRel, challenges.BudgetsFile), budgets); err != nil {
		return nil, err
	}
	for _, s := range srcs {
		if err := write(path.Join(m.solutionRel, s.Name), s.Data); err != nil {
			return nil, err
		}
		m.userFiles[s.Name] = true
	}
	for _, d := range []string{"bin", "tmp", "gotmp", "results"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// suiteTests returns the top-level tests the named suite's hidden file declares, read from the
// embedded source: the grader expects each of them to run and pass, whatever the test binary
// claims about itself.
func (m *module) suiteTests(suite string) ([]string, error) {
	file := challenges.SuiteFile(suite)
	src, ok := m.hidden[file]
	if !ok {
		return nil, nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("the hidden %s does not parse: %w", file, err)
	}
	var names []string
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && isTopLevelTest(fn) {
			names = append(names, fn.Name.Name)
		}
	}
	sort.Strings(names)
	return names, nil
}

// build compiles the test binary of the learner's package, with the race detector or
// without. Compile errors come back as diagnostics.
func (m *module) build(ctx context.Context, tc toolchain, env []string, race bool) (string, []report.Diagnostic, error) {
	name := "plain.test"
	args := []string{"test", "-c", "-vet=off"}
	cgo := "CGO_ENABLED=0" // a submission has no use for cgo, and it slows the build
	if race {
		name = "race.test"
		args = append(args, "-race")
		cgo = raceCgo(tc.goos)
	}
	bin := filepath.Join(m.root, "bin", name)
	args = append(args, "-o", bin, "./"+m.solutionRel)
	cmd := proc.Command(ctx, tc.goCmd, args...)
	cmd.Dir = m.root
	// Both builds run at once from the same env: appending must not share its spare capacity.
	cmd.Env = append(slices.Clip(env), cgo)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", nil, errCanceled
		}
		if race && raceUnavailable(out.String()) {
			// raceBlocker found a compiler, but it does not work (a broken install, a
			// licence not accepted): still the machine's problem, not the solution's.
			return "", nil, fmt.Errorf("%w: the C compiler the race detector needs does not work here; %s, make sure `go env CC` names it, then submit again. The go command said: %s",
				errRaceUnavailable, installCompiler(tc.goos), strings.TrimSpace(out.String()))
		}
		diags := m.buildDiagnostics(out.String())
		if len(diags) == 0 {
			return "", nil, fmt.Errorf("building the tests: %v\n%s", err, strings.TrimSpace(m.rewritePaths(out.String())))
		}
		return "", diags, nil
	}
	return bin, nil, nil
}

var compilerLine = regexp.MustCompile(`^(\S.*?\.go):(\d+)(?::(\d+))?: (.*)$`)

// errRaceUnavailable marks a race build that failed for want of a working C compiler.
var errRaceUnavailable = errors.New("the race suite could not be built on this machine")

// raceUnavailable reports whether a race build failed for want of cgo or a C compiler, which
// is the machine's problem, not the solution's.
func raceUnavailable(out string) bool {
	for _, sign := range []string{"-race requires cgo", "C compiler", `exec: "gcc"`, `exec: "clang"`, "race detector is not supported"} {
		if strings.Contains(out, sign) {
			return true
		}
	}
	return false
}

var redeclared = regexp.MustCompile(`^(\w+) redeclared in this block`)

// buildDiagnostics reads the go command's compile errors. A name the learner's code and the
// hidden tests both declare is reported once, at the learner's declaration, with the errors
// it causes in the hidden tests left out: they say nothing the learner can act on.
func (m *module) buildDiagnostics(out string) []report.Diagnostic {
	diags := m.compilerDiagnostics(out)
	clashes := map[string]bool{}
	for _, d := range diags {
		if match := redeclared.FindStringSubmatch(d.hiddenMessage); match != nil {
			clashes[match[1]] = true
		}
	}
	var kept []report.Diagnostic
	for _, d := range diags {
		switch {
		case len(clashes) == 0:
			kept = append(kept, d.Diagnostic)
		case strings.HasPrefix(d.Message, "other declaration of "):
			name := strings.TrimPrefix(d.Message, "other declaration of ")
			if clashes[name] {
				d.Message = fmt.Sprintf("%s is also declared by the hidden tests, so the two cannot compile together: rename yours", name)
				kept = append(kept, d.Diagnostic)
			}
		case d.hiddenMessage == "":
			kept = append(kept, d.Diagnostic)
		}
	}
	return kept
}

type compilerDiagnostic struct {
	report.Diagnostic
	hiddenMessage string // the compiler's message, when the error is in a hidden test
}

func (m *module) compilerDiagnostics(out string) []compilerDiagnostic {
	var diags []compilerDiagnostic
	for _, line := range strings.Split(out, "\n") {
		match := compilerLine.FindStringSubmatch(strings.TrimSpace(line))
		if match == nil {
			continue
		}
		pos := match[1] + ":" + match[2]
		if match[3] != "" {
			pos += ":" + match[3]
		}
		d := compilerDiagnostic{Diagnostic: m.diagnosticAt(pos, match[4])}
		d.Verdict = report.CompileError
		if d.File != "" && !m.userFiles[d.File] {
			// An error in a hidden test means the learner's code clashes with it: a name
			// declared twice, or a type that does not fit how the tests use it.
			d.hiddenMessage = d.Message
			d.Message = fmt.Sprintf("the hidden tests do not compile against your code: %s (in hidden test %s)", d.Message, d.File)
			d.File, d.Line, d.Column = "", 0, 0
		}
		diags = append(diags, d)
	}
	return diags
}

// writeNew creates the file at p with data; it fails if p names an existing file, under
// whatever case or short name the file system takes it for.
func writeNew(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// rewritePaths replaces the temporary module's paths in text with the learner's names, so
// that messages and stack traces point at their files, and the hidden tests' functions with
// the names their source gives them (see judgeHidden).
func (m *module) rewritePaths(s string) string {
	s = strings.ReplaceAll(s, "."+judgedPrefix+"Test", ".Test")
	for _, p := range pathSpellings(runtime.GOOS, m.root, m.solutionRel) {
		s = strings.ReplaceAll(s, p, "")
	}
	return s
}

// pathSpellings returns the prefixes that rewritePaths strips, in the order it strips them,
// for a module at root (an absolute path as goos writes it) whose learner's package is at
// solutionRel (slash-separated): the package folder's path, then the module's, then the
// package folder relative to the module, each ending in a separator. On Windows the compiler
// writes backslashes, stack traces forward slashes, and a path may come with its drive letter
// in either case (the go command takes the case of the folder it is run in, which a terminal
// or an editor may have lowercased), so each comes in all of those spellings.
func pathSpellings(goos, root, solutionRel string) []string {
	if goos != "windows" {
		return []string{root + "/" + solutionRel + "/", root + "/", solutionRel + "/"}
	}
	back := func(p string) string { return strings.ReplaceAll(p, "/", `\`) }
	fwd := func(p string) string { return strings.ReplaceAll(p, `\`, "/") }
	var out []string
	add := func(p string) {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	for _, abs := range []string{back(root) + `\` + back(solutionRel) + `\`, back(root) + `\`} {
		for _, p := range []string{abs, fwd(abs)} {
			add(p)
			if len(p) >= 2 && p[1] == ':' {
				add(strings.ToUpper(p[:1]) + p[1:])
				add(strings.ToLower(p[:1]) + p[1:])
			}
		}
	}
	add(back(solutionRel) + `\`)
	add(solutionRel + "/")
	return out
}

// diagnosticAt builds a diagnostic from a "file:line:col" position.
func (m *module) diagnosticAt(pos, msg string) report.Diagnostic {
	d := report.Diagnostic{Message: m.rewritePaths(msg)}
	if pos == "" || pos == "-" {
		return d
	}
	// The file name may itself hold colons (a Windows drive), so read the numbers from the end.
	parts := strings.Split(pos, ":")
	nums := []int{}
	for len(parts) > 1 {
		n, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil {
			break
		}
		nums = append([]int{n}, nums...)
		parts = parts[:len(parts)-1]
	}
	d.File = m.userFile(strings.Join(parts, ":"))
	if len(nums) > 0 {
		d.Line = nums[0]
	}
	if len(nums) > 1 {
		d.Column = nums[1]
	}
	return d
}

// userFile turns a path in the temporary module into the learner's name for the file, or
// the hidden tests' file name marked as such.
func (m *module) userFile(path string) string {
	if path == "" {
		return ""
	}
	abs := path
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(m.root, abs)
	}
	abs = filepath.Clean(abs)
	if rel, err := filepath.Rel(filepath.Join(m.root, m.solutionRel), abs); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.Base(path)
}
