package grader

import (
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/rules"
	"github.com/prep-judge/prep/grader/workspace"
)

// screen reads each of the learner's files on its own, as source text, and reports what the
// rules forbid before anything is written or built. It looks at every file whatever build
// constraints or name it has, because a file that one build configuration leaves out (the
// type check's) may be compiled by another (the race build's): rules checked on one
// configuration's files alone would never see it. What it cannot settle from syntax (which
// identifiers a name resolves to) is checked on the type-checked package, which after screening
// holds every file.
//
// unsafeNames are the files that must not even be written into the grading module: names that
// collide with a file prep writes there, on a file system that ignores case.
func screen(srcs []workspace.Source, reserved []string, allowed []string) (diags []report.Diagnostic, unsafeNames map[string]bool) {
	unsafeNames = map[string]bool{}
	reject := func(file string, line, col int, format string, args ...any) {
		diags = append(diags, report.Diagnostic{
			File: file, Line: line, Column: col, Verdict: report.Rejected, Message: fmt.Sprintf(format, args...),
		})
	}
	for i, s := range srcs {
		if problem := badFileName(s.Name, reserved, srcs[:i]); problem != "" {
			reject(s.Name, 0, 0, "%s", problem)
			unsafeNames[s.Name] = true
			continue
		}
		fset := token.NewFileSet()
		// A file that does not parse is still screened as far as it goes: its comments and
		// imports are read before the first syntax error, which the type check reports.
		f, err := parser.ParseFile(fset, s.Name, s.Data, parser.ParseComments|parser.SkipObjectResolution)
		if f == nil {
			continue
		}
		for _, d := range screenFile(fset, f, err == nil, allowed) {
			d.File = s.Name
			diags = append(diags, d)
		}
	}
	sortDiagnostics(diags)
	return diags, unsafeNames
}

// screenFile checks one parsed file: its directives, build constraints, imports and, when
// the whole file parsed, its functions. Positions are the file's own, never those a //line
// directive claims.
func screenFile(fset *token.FileSet, f *ast.File, parsed bool, allowed []string) []report.Diagnostic {
	var diags []report.Diagnostic
	add := func(pos token.Pos, format string, args ...any) {
		p := fset.PositionFor(pos, false)
		diags = append(diags, report.Diagnostic{
			Line: p.Line, Column: p.Column, Verdict: report.Rejected, Message: fmt.Sprintf(format, args...),
		})
	}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if why := forbiddenComment(c.Text, c.Pos() < f.Package); why != "" {
				add(c.Pos(), "%s", why)
			}
		}
	}
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil || slices.Contains(allowed, path) {
			continue
		}
		if why := rules.WhyForbidden[path]; why != "" {
			add(imp.Pos(), "import %q is not allowed: %s", path, why)
		} else {
			add(imp.Pos(), "import %q is not allowed: it is not among the packages this challenge allows (%s)", path, strings.Join(allowed, ", "))
		}
	}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Body == nil && parsed {
			add(fn.Pos(), "func %s has no body: functions implemented in assembly are not allowed", fn.Name.Name)
		}
	}
	return diags
}

// forbiddenComment says why a comment is a directive the rules forbid, or returns "". header
// says whether the comment stands before the package clause, where build constraints live.
func forbiddenComment(text string, header bool) string {
	switch {
	case strings.HasPrefix(text, "//go:"):
		name, _, _ := strings.Cut(text[2:], " ")
		name = strings.TrimRight(name, "\t\r")
		if slices.Contains(rules.AllowedDirectives, name) {
			return ""
		}
		why := rules.WhyDirective[name]
		if why == "" {
			why = "a compiler directive changes how the code is built; only //go:generate and //go:noinline are allowed"
		}
		return fmt.Sprintf("//%s is not allowed: %s", name, why)
	case strings.HasPrefix(text, "//line ") || strings.HasPrefix(text, "/*line "):
		return "//line directives are not allowed: they make the compiler and the checks see other file names and lines than the file's own"
	case strings.HasPrefix(text, "//export ") || strings.HasPrefix(text, "//extern "):
		return "cgo directives are not allowed: a solution is plain Go"
	case header && constraint.IsPlusBuild(text):
		return fmt.Sprintf("build constraints are not allowed: every file of a solution must build in every mode the suites use; remove %q", text)
	}
	return ""
}

// badFileName says what is wrong with a learner's file name, or returns "". earlier are the
// learner's files screened before this one.
//
// The go command reads parts of a file name as build constraints (_linux.go, _arm64.go) and
// tells test files by a case-sensitive suffix, so Lru_Test.go is a solution file to it; on the
// case-insensitive file systems of macOS and Windows such a name would also be written over
// prep's own hidden test file, and an 8.3 short name (CORREC~1.go) can name one too. Names are
// therefore kept to a plain alphabet, and none may equal, ignoring case, a file prep writes.
func badFileName(name string, reserved []string, earlier []workspace.Source) string {
	base := strings.TrimSuffix(name, ".go")
	for _, r := range base {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return fmt.Sprintf("the file name %s holds %q: name solution files with letters, digits, '_', '-' and '.' only", name, r)
		}
	}
	if strings.HasSuffix(strings.ToLower(name), "_test.go") {
		return fmt.Sprintf("the file name %s ends in _test.go in another case: the go command would compile it as a solution file, and on macOS and Windows it would stand in for a test file; name it %s_test.go if it holds tests (prep leaves your tests alone) or drop the _test part",
			name, base[:len(base)-len("_test")])
	}
	if hasBuildSuffix(base) {
		return fmt.Sprintf("the file name %s limits it to some platforms (the part after the last _ is read as a build constraint): rename the file", name)
	}
	for _, r := range reserved {
		if strings.EqualFold(name, r) {
			return fmt.Sprintf("the file name %s is the name of one of prep's own files, ignoring case: rename the file", name)
		}
	}
	for _, e := range earlier {
		if strings.EqualFold(name, e.Name) {
			return fmt.Sprintf("the file names %s and %s differ only in case, so they are one file on macOS and Windows: rename one", e.Name, name)
		}
	}
	return ""
}

// knownOS and knownArch are the GOOS and GOARCH values the go command reads from file names.
var (
	knownOS = []string{"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
		"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos"}
	knownArch = []string{"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips",
		"mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv",
		"riscv64", "s390", "s390x", "sparc", "sparc64", "wasm"}
)

// hasBuildSuffix reports whether a file's base name ends in _GOOS, _GOARCH or _GOOS_GOARCH,
// which the go command treats as a build constraint. Case matters to the go command, but not to
// the file systems learners use, so it does not matter here either.
func hasBuildSuffix(base string) bool {
	parts := strings.Split(strings.ToLower(base), "_")
	if len(parts) < 2 {
		return false
	}
	last := parts[len(parts)-1]
	return slices.Contains(knownOS, last) || slices.Contains(knownArch, last)
}
