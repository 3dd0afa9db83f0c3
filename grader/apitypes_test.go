package grader

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/prep-judge/prep/challenges"
)

// typeCheck type-checks src as the package at path below prep's module.
func typeCheck(t *testing.T, fset *token.FileSet, imp types.Importer, path, src string) *types.Package {
	t.Helper()
	f, err := parser.ParseFile(fset, path+".go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	p, err := (&types.Config{Importer: imp}).Check(challenges.ModulePath+"/"+path, fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The stub's types and a solution's match by what they are, whatever the names of parameters
// and results at any depth, `any` or `interface{}`, grouped parameters or aliases.
func TestSameType(t *testing.T) {
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	stub := typeCheck(t, fset, imp, "challenges/x/prepapi", `package x
import "context"
type Pool struct{ N int }
type Job func(ctx context.Context, in int) (out int, err error)
func Map(ctx context.Context, workers int, inputs []int, fn func(ctx context.Context, in int) (int, error)) ([]int, error) { return nil, nil }
func (p *Pool) Run(jobs ...Job) (results map[string]any) { return nil }
func Keys(m map[string]interface{}) []string { return nil }
func Each(f func(key, value string) bool) {}
func Chan(c <-chan int) {}
`)
	for _, tc := range []struct {
		name string
		src  string
		same bool
	}{
		{"names free at every depth", `package x
import "context"
type Pool struct{ N int }
type Job func(context.Context, int) (int, error)
func Map(c context.Context, w int, in []int, fn func(context.Context, int) (int, error)) (res []int, err error) { return nil, nil }
func (p *Pool) Run(jobs ...Job) map[string]interface{} { return nil }
func Keys(m map[string]any) (out []string) { return nil }
func Each(f func(k string, v string) (more bool)) {}
func Chan(c <-chan int) {}
`, true},
		{"an alias for a type", `package x
import "context"
type C = context.Context
type Pool struct{ N int }
type Job func(C, int) (int, error)
func Map(c C, w int, in []int, fn func(C, int) (int, error)) ([]int, error) { return nil, nil }
func (p *Pool) Run(jobs ...Job) map[string]any { return nil }
func Keys(m map[string]any) []string { return nil }
func Each(f func(string, string) bool) {}
func Chan(c <-chan int) {}
`, true},
		{"an alias where the stub defines a type", `package x
import "context"
type Pool struct{ N int }
type Job = func(context.Context, int) (int, error)
func Map(c context.Context, w int, in []int, fn Job) ([]int, error) { return nil, nil }
func (p *Pool) Run(jobs ...Job) map[string]any { return nil }
func Keys(m map[string]any) []string { return nil }
func Each(f func(string, string) bool) {}
func Chan(c <-chan int) {}
`, false},
		{"another parameter type", `package x
import "context"
type Pool struct{ N int }
type Job func(context.Context, int) (int, error)
func Map(c context.Context, w int, in []int, fn func(context.Context, int64) (int, error)) ([]int, error) { return nil, nil }
func (p *Pool) Run(jobs ...Job) map[string]any { return nil }
func Keys(m map[string]any) []string { return nil }
func Each(f func(string, string) bool) {}
func Chan(c <-chan int) {}
`, false},
		{"a channel of another direction", `package x
import "context"
type Pool struct{ N int }
type Job func(context.Context, int) (int, error)
func Map(c context.Context, w int, in []int, fn func(context.Context, int) (int, error)) ([]int, error) { return nil, nil }
func (p *Pool) Run(jobs ...Job) map[string]any { return nil }
func Keys(m map[string]any) []string { return nil }
func Each(f func(string, string) bool) {}
func Chan(c chan int) {}
`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sol := typeCheck(t, fset, imp, "challenges/x", tc.src)
			same := true
			for _, name := range stub.Scope().Names() {
				w, h := stub.Scope().Lookup(name), sol.Scope().Lookup(name)
				if h == nil {
					t.Fatalf("%s missing", name)
				}
				if _, isType := w.(*types.TypeName); isType {
					same = same && sameType(w.Type().Underlying(), h.Type().Underlying())
					continue
				}
				same = same && sameType(w.Type(), h.Type())
			}
			wRun, _, _ := types.LookupFieldOrMethod(types.NewPointer(stub.Scope().Lookup("Pool").Type()), false, stub, "Run")
			hRun, _, _ := types.LookupFieldOrMethod(types.NewPointer(sol.Scope().Lookup("Pool").Type()), false, sol, "Run")
			same = same && sameSignature(wRun.(*types.Func).Signature(), hRun.(*types.Func).Signature())
			if same != tc.same {
				t.Errorf("same = %v, want %v", same, tc.same)
			}
		})
	}
}
