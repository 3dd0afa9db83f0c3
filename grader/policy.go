package grader

import (
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/prep-judge/prep/grader/report"
)

// The grader trusts a suite's pass only because the code under test cannot reach outside the
// test process's rules: it cannot exit the process, read or rewrite the hidden tests, change
// the test flags, or escape the type system. Most of that is a question of which packages it
// may import, checked here on the type-checked syntax before anything is built.

// allowedImports are the packages an ordinary solution uses. A challenge may allow more.
var allowedImports = []string{
	"bufio", "bytes", "cmp", "container/heap", "container/list", "container/ring", "context",
	"crypto/md5", "crypto/sha1", "crypto/sha256", "encoding/base64", "encoding/binary",
	"encoding/hex", "encoding/json", "errors", "fmt", "hash", "hash/crc32", "hash/fnv",
	"hash/maphash", "io", "iter", "log", "maps", "math", "math/big", "math/bits", "math/rand",
	"math/rand/v2", "regexp", "runtime", "slices", "sort", "strconv", "strings", "sync",
	"sync/atomic", "text/tabwriter", "time", "unicode", "unicode/utf16", "unicode/utf8",
}

// whyForbidden explains the packages a learner is most likely to reach for.
var whyForbidden = map[string]string{
	"os":            "a solution has no use for files, the environment or exiting the process",
	"os/exec":       "a solution must not start programs",
	"os/signal":     "a solution must not handle signals",
	"syscall":       "a solution must not make system calls",
	"unsafe":        "unsafe can read and write any memory, the tests' included",
	"C":             "cgo is not allowed: a solution is plain Go",
	"testing":       "a solution must not use the testing package: it could change how the tests run",
	"flag":          "a solution must not read or change command-line flags, the tests' included",
	"embed":         "//go:embed could read the hidden tests",
	"reflect":       "reflection is not needed here",
	"runtime/debug": "a solution must not change the runtime's settings",
	"net":           "grading is offline: a solution must not use the network",
	"net/http":      "grading is offline: a solution must not use the network",
	"plugin":        "a solution must not load code at run time",
	"io/ioutil":     "a solution has no use for files",
	"path/filepath": "a solution has no use for files",
}

// policyDiagnostics reports what in the learner's files the rules forbid: imports outside the
// allowed set, //go:linkname, and build constraints, which would let a file take part in one
// build (the race detector's, say) and not another.
func (m *module) policyDiagnostics(p *packages.Package, extra []string) []report.Diagnostic {
	allowed := append(slices.Clone(allowedImports), extra...)
	var diags []report.Diagnostic
	add := func(pos token.Pos, format string, args ...any) {
		position := p.Fset.Position(pos)
		diags = append(diags, report.Diagnostic{
			File: m.userFile(position.Filename), Line: position.Line, Column: position.Column,
			Verdict: report.Rejected, Message: fmt.Sprintf(format, args...),
		})
	}
	for _, f := range p.Syntax {
		name := filepath.Base(p.Fset.Position(f.Package).Filename)
		if base := strings.TrimSuffix(name, ".go"); hasBuildSuffix(base) {
			add(f.Package, "the file name %s limits it to some platforms (the part after the last _ is read as a build constraint): rename the file", name)
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil || slices.Contains(allowed, path) {
				continue
			}
			if why := whyForbidden[path]; why != "" {
				add(imp.Pos(), "import %q is not allowed: %s", path, why)
			} else {
				add(imp.Pos(), "import %q is not allowed: it is not among the packages this challenge allows (%s)", path, strings.Join(allowed, ", "))
			}
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				text := c.Text
				switch {
				case strings.HasPrefix(text, "//go:linkname"):
					add(c.Pos(), "//go:linkname is not allowed: it reaches into other packages' private code")
				case constraint.IsGoBuild(text) || constraint.IsPlusBuild(text):
					if c.Pos() < f.Package {
						add(c.Pos(), "build constraints are not allowed: every file of a solution must build in every mode the suites use; remove %q", text)
					}
				case strings.HasPrefix(text, "//go:embed"):
					add(c.Pos(), "//go:embed is not allowed: it could read the hidden tests")
				case strings.HasPrefix(text, "//go:cgo_") || strings.HasPrefix(text, "//export "):
					add(c.Pos(), "cgo directives are not allowed: a solution is plain Go")
				}
			}
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Body == nil {
				add(fn.Pos(), "func %s has no body: functions implemented in assembly are not allowed", fn.Name.Name)
			}
		}
	}
	sortDiagnostics(diags)
	return diags
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
// which the go command treats as a build constraint.
func hasBuildSuffix(base string) bool {
	parts := strings.Split(base, "_")
	if len(parts) < 2 {
		return false
	}
	last := parts[len(parts)-1]
	if slices.Contains(knownOS, last) || slices.Contains(knownArch, last) {
		return true
	}
	return false
}
