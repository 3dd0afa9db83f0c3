package kit

import (
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
)

// PanicMessage is the first line of what Catch caught: the panic's value.
func PanicMessage(caught string) string {
	first, _, _ := strings.Cut(caught, "\n")
	return strings.TrimPrefix(first, "panic: ")
}

// PanicSite names where in the solution's own files a panic that Catch caught happened, as
// " (at lru.go:31, in (*LRUCache).Get)", or "" when no frame of the stack is in them: the
// learner looks first where their code was when it panicked, not where the tests called it.
// solution is any function the solution's package declares, such as its constructor: the
// frames of that package count, those of the hidden tests beside it (files ending _test.go)
// do not.
func PanicSite(caught string, solution any) string {
	pkg := packagePrefix(solution)
	if pkg == "" {
		return ""
	}
	lines := strings.Split(caught, "\n")
	for i := 1; i+1 < len(lines); i++ {
		fn, loc := strings.TrimSpace(lines[i]), strings.TrimSpace(lines[i+1])
		if !strings.HasPrefix(fn, pkg) || !strings.Contains(loc, ".go:") {
			continue
		}
		if j := strings.LastIndex(loc, " +0x"); j >= 0 {
			loc = loc[:j]
		}
		if j := strings.LastIndex(loc, ":"); j >= 0 && strings.HasSuffix(loc[:j], "_test.go") {
			continue
		}
		fn = strings.TrimPrefix(fn, pkg)
		if j := strings.LastIndex(fn, "("); j > 0 {
			fn = fn[:j]
		}
		return fmt.Sprintf(" (at %s, in %s)", filepath.Base(loc), fn)
	}
	return ""
}

// packagePrefix is how a stack trace prefixes the functions of fn's package: its import path
// and a dot, such as "github.com/prep-judge/prep/challenges/lru.".
func packagePrefix(fn any) string {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return ""
	}
	f := runtime.FuncForPC(v.Pointer())
	if f == nil {
		return ""
	}
	name := f.Name()
	// The package path may hold dots (github.com), but not after its last slash.
	slash := strings.LastIndex(name, "/")
	dot := strings.Index(name[slash+1:], ".")
	if dot < 0 {
		return ""
	}
	return name[:slash+1+dot+1]
}
