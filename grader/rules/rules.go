// Package rules holds what a solution may use: the standard packages it may import, the
// identifiers of some of them it may not, and the compiler directives it may carry. The
// grader checks these (grader's screen and policy) and `prep start` states them in the
// problem statement it writes, both from the data here, so that what the learner reads and
// what the grader enforces cannot disagree.
package rules

import (
	"fmt"
	"sort"
	"strings"
)

// AllowedImports are the packages an ordinary solution uses. A challenge may allow more.
var AllowedImports = []string{
	"bufio", "bytes", "cmp", "container/heap", "container/list", "container/ring", "context",
	"crypto/md5", "crypto/sha1", "crypto/sha256", "encoding/base64", "encoding/binary",
	"encoding/hex", "encoding/json", "errors", "fmt", "hash", "hash/crc32", "hash/fnv",
	"hash/maphash", "io", "iter", "log", "maps", "math", "math/big", "math/bits", "math/rand",
	"math/rand/v2", "regexp", "runtime", "slices", "sort", "strconv", "strings", "sync",
	"sync/atomic", "text/tabwriter", "time", "unicode", "unicode/utf16", "unicode/utf8",
}

// WhyForbidden explains the packages a learner is most likely to reach for.
var WhyForbidden = map[string]string{
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

// IdentRule says which identifiers of an allowed package a solution may use. Packages without
// a rule may be used whole. A method or field is judged by its type's name and by
// "Type.Name", so that a denied type cannot be reached through a value of it either.
type IdentRule struct {
	// Only, when set, lists everything of the package a solution may use, and OnlyWhy says why
	// names outside it are forbidden.
	Only    []string
	OnlyWhy string
	// Deny lists forbidden identifiers, each with the reason.
	Deny map[string]string
}

// callerWhy is the reason shared by everything that tells code who called it.
const callerWhy = "it reads the stack of callers, and a solution must behave the same whoever calls it"

// IdentRules are the packages a solution may import but not use whole. runtime, log and sync
// are windows onto the test process: with them code could tell which suite runs it (the
// caller's file, the number of processors or goroutines, how sync.Pool behaves in a race
// build) and behave well only there, or end a test's goroutines so that their checks never
// run.
var IdentRules = map[string]IdentRule{
	"runtime": {
		Only:    []string{"GC", "Gosched", "KeepAlive", "NumCPU", "GOOS", "GOARCH", "Compiler", "Version", "Error", "TypeAssertionError"},
		OnlyWhy: "of runtime a solution may use only Gosched, NumCPU, GC, KeepAlive and the runtime.Error type; the rest reads or changes the state of the test process the suites share",
		Deny: map[string]string{
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
		Deny: map[string]string{
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
		Deny: map[string]string{
			"Pool": "sync.Pool behaves differently in race-detector builds, so code using it can tell the suites apart; allocate, or keep a free list of your own",
		},
	},
}

// AllowedDirectives are the //go: directives a solution may carry: they change nothing about
// what the code does or how the tests see it.
var AllowedDirectives = []string{"go:generate", "go:noinline", "go:fix"}

// WhyDirective explains the directives a solution could use to change how it is judged.
var WhyDirective = map[string]string{
	"go:linkname":   "it reaches into other packages' private code",
	"go:embed":      "it could read the hidden tests",
	"go:norace":     "it turns the race detector off for a function",
	"go:debug":      "it changes how the runtime behaves",
	"go:build":      "a build constraint lets a file take part in one build and not another; every file of a solution must build in every mode the suites use",
	"go:nosplit":    "it changes how the runtime checks the stack",
	"go:nocheckptr": "it turns the runtime's pointer checks off",
}

// Markdown states the rules for a problem statement: the packages, the identifiers, the
// directives, and what else the checks reject. extra are the packages a challenge allows
// beyond AllowedImports.
func Markdown(extra []string) string {
	var b strings.Builder
	b.WriteString("## What your solution may use\n\n")
	b.WriteString("prep checks every file of your solution against these rules before it builds anything, and rejects (`rejected`) a solution that breaks one, naming the file and line. The rules keep grading honest: your code runs in the same process as the hidden tests.\n\n")
	imports := append(append([]string(nil), AllowedImports...), extra...)
	sort.Strings(imports)
	b.WriteString("- **Imports**: only these standard packages: ")
	for i, p := range imports {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "`%s`", p)
	}
	b.WriteString(". In particular not ")
	var denied []string
	for p := range WhyForbidden {
		denied = append(denied, p)
	}
	sort.Strings(denied)
	for i, p := range denied {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "`%s`", p)
	}
	b.WriteString(".\n")
	pkgs := make([]string, 0, len(IdentRules))
	for p := range IdentRules {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, p := range pkgs {
		r := IdentRules[p]
		if r.Only != nil {
			fmt.Fprintf(&b, "- **%s**: only %s.\n", p, codeList(p, r.Only))
			continue
		}
		names := make([]string, 0, len(r.Deny))
		for n := range r.Deny {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(&b, "- **%s**: all but %s.\n", p, codeList(p, names))
	}
	b.WriteString("- **Directives**: no `//go:` directive but ")
	for i, d := range AllowedDirectives {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "`//%s`", d)
	}
	b.WriteString("; no `//line` directive, no cgo, no function without a body.\n")
	b.WriteString("- **Files**: no build constraints, in a `//go:build` line or a file name such as `cache_linux.go`; file names of letters, digits, `_`, `-` and `.`; none ending in `_test.go` in another case (your own `_test.go` files are yours and never graded).\n")
	return b.String()
}

func codeList(pkg string, names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = "`" + pkg + "." + n + "`"
	}
	return strings.Join(parts, ", ")
}
