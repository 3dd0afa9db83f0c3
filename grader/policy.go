package grader

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/packages"

	"github.com/prep-judge/prep/grader/report"
)

// The grader trusts a suite's pass only because the code under test cannot reach outside the
// test process's rules: it cannot exit the process, read or rewrite the hidden tests, change
// the test flags, escape the type system, or tell which suite is running it. Most of that is a
// question of which packages it may import, checked on every file's syntax before anything is
// built (see screen); the rest is which identifiers of those packages it may use, checked here
// on the type-checked package.

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
	"log/slog":      "a structured logger can report the caller's file and line, which tells a solution who calls it",
}

// identRule says which identifiers of an allowed package a solution may use. Packages without
// a rule may be used whole. A method or field is judged by its type's name and by
// "Type.Name", so that a denied type cannot be reached through a value of it either.
type identRule struct {
	// only, when set, lists everything of the package a solution may use, and why names
	// outside it are forbidden.
	only    []string
	onlyWhy string
	// deny lists forbidden identifiers, each with the reason.
	deny map[string]string
}

// callerWhy is the reason shared by everything that tells code who called it.
const callerWhy = "it reads the stack of callers, and a solution must behave the same whoever calls it"

// identRules are the packages a solution may import but not use whole. runtime, log and sync
// are windows onto the test process: with them code could tell which suite runs it (the
// caller's file, the number of processors or goroutines, how sync.Pool behaves in a race
// build) and behave well only there, or end a test's goroutines so that their checks never
// run.
var identRules = map[string]identRule{
	"runtime": {
		only:    []string{"GC", "Gosched", "KeepAlive", "NumCPU", "GOOS", "GOARCH", "Compiler", "Version", "Error", "TypeAssertionError"},
		onlyWhy: "of runtime a solution may use only Gosched, NumCPU, GC, KeepAlive and the runtime.Error type; the rest reads or changes the state of the test process the suites share",
		deny: map[string]string{
			"Caller":         callerWhy,
			"Callers":        callerWhy,
			"CallersFrames":  callerWhy,
			"FuncForPC":      callerWhy,
			"Stack":          callerWhy,
			"Goexit":         "it ends a goroutine without returning, which would skip the checks that follow a call",
			"GOMAXPROCS":     "a solution must not read or change how many processors the tests run on",
			"NumGoroutine":   "a solution must not depend on how many goroutines the tests run",
			"LockOSThread":   "a solution has no use for operating-system threads",
			"UnlockOSThread": "a solution has no use for operating-system threads",
			"SetFinalizer":   "finalizers run code at a time no test controls; release resources explicitly",
			"AddCleanup":     "cleanups run code at a time no test controls; release resources explicitly",
			"ReadMemStats":   "a solution must not read the memory statistics the performance suite measures with",
		},
	},
	"log": {
		deny: map[string]string{
			"New":        "a logger of its own can report the caller's file (log.Lshortfile), which tells code who calls it; use log.Printf",
			"Default":    "a logger of its own can report the caller's file (log.Lshortfile), which tells code who calls it; use log.Printf",
			"Logger":     "a logger of its own can report the caller's file (log.Lshortfile), which tells code who calls it; use log.Printf",
			"SetFlags":   "the file flags report the caller's file, which tells code who calls it",
			"Lshortfile": "it reports the caller's file, which tells code who calls it",
			"Llongfile":  "it reports the caller's file, which tells code who calls it",
			"Output":     "it reports a caller at any depth; use log.Printf",
			"Writer":     "it hands out the test process's standard error, which a solution must not close or hold",
		},
	},
	"sync": {
		deny: map[string]string{
			"Pool": "sync.Pool behaves differently in race-detector builds, so code using it can tell the suites apart; allocate, or keep a free list of your own",
		},
	},
}

// identifierDiagnostics reports every use, in the learner's files, of an identifier that
// identRules forbid. It reads the type checker's resolution of each name, so an import alias,
// a dot import, an embedded field or a method value of a denied type is seen for what it is.
func (m *module) identifierDiagnostics(p *packages.Package) []report.Diagnostic {
	var diags []report.Diagnostic
	seen := map[string]bool{}
	for _, f := range p.Syntax {
		owners := map[*ast.Ident]string{} // the type a selected field or method belongs to
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if s := p.TypesInfo.Selections[sel]; s != nil {
					owners[sel.Sel] = ownerOf(s)
				}
				return true
			}
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			obj := p.TypesInfo.Uses[id]
			if obj == nil || obj.Pkg() == nil {
				return true
			}
			rule, ok := identRules[obj.Pkg().Path()]
			if !ok {
				return true
			}
			name, why := forbiddenIdent(obj, owners[id], rule)
			if why == "" {
				return true
			}
			pos := p.Fset.PositionFor(id.Pos(), false)
			key := fmt.Sprintf("%s:%d:%s", pos.Filename, pos.Line, name)
			if seen[key] {
				return true
			}
			seen[key] = true
			diags = append(diags, report.Diagnostic{
				File: m.userFile(pos.Filename), Line: pos.Line, Column: pos.Column, Verdict: report.Rejected,
				Message: fmt.Sprintf("%s.%s is not allowed: %s", obj.Pkg().Name(), name, why),
			})
			return true
		})
	}
	sortDiagnostics(diags)
	return diags
}

// ownerOf returns the name of the type that declares a selected field or method: for a field
// promoted from an embedded struct, the embedded type.
func ownerOf(s *types.Selection) string {
	if f, ok := s.Obj().(*types.Func); ok {
		if recv := f.Origin().Signature().Recv(); recv != nil {
			return typeName(recv.Type())
		}
	}
	t := s.Recv()
	path := s.Index()
	for _, i := range path[:len(path)-1] {
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return ""
		}
		t = st.Field(i).Type()
	}
	return typeName(t)
}

// forbiddenIdent returns the name of obj as rules spell it (Name, or Type.Name for a method or
// field of the type owner) and why it is forbidden, or an empty reason when it is allowed.
func forbiddenIdent(obj types.Object, owner string, rule identRule) (name, why string) {
	name = obj.Name()
	if owner == "" {
		if f, ok := obj.(*types.Func); ok {
			if recv := f.Origin().Signature().Recv(); recv != nil {
				owner = typeName(recv.Type()) // a method expression, such as (*log.Logger).SetFlags
			}
		}
	}
	if owner != "" {
		full := owner + "." + name
		if why, ok := rule.deny[full]; ok {
			return full, why
		}
		if why, ok := rule.deny[owner]; ok {
			return full, why
		}
		if rule.only != nil && !slices.Contains(rule.only, owner) {
			return full, rule.onlyWhy
		}
		return full, ""
	}
	if why, ok := rule.deny[name]; ok {
		return name, why
	}
	if rule.only != nil && !slices.Contains(rule.only, name) {
		return name, rule.onlyWhy
	}
	return name, ""
}

// typeName is the name of a method's receiver type, without a pointer or type arguments.
func typeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}
