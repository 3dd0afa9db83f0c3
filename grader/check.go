package grader

import (
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/grader/report"
)

// check type-checks the learner's package and compares its API with the stub's, before any
// test is built: a compile error or a missing method then reads as such, with the learner's
// file and line, instead of as a wall of errors from hidden tests they cannot see.
//
// Both packages are loaded in one go/packages call, so the go command runs once.
func (m *module) check(ctx context.Context, env []string) ([]report.Diagnostic, error) {
	if diags := m.checkPackageClauses(); len(diags) > 0 {
		return diags, nil
	}
	cfg := &packages.Config{
		Context: ctx,
		Mode:    packages.NeedName | packages.NeedFiles | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:     m.root,
		// The plain build's configuration. Screening has already rejected whatever could make
		// the race build's files differ from it (build constraints, platform file names, cgo),
		// and everyFileChecked below holds the check to that.
		Env:  append(slices.Clip(env), "CGO_ENABLED=0"),
		Fset: token.NewFileSet(),
	}
	pkgs, err := packages.Load(cfg, "./"+m.solutionRel, "./"+m.apiRel)
	if err != nil {
		if ctx.Err() != nil {
			return nil, errCanceled
		}
		return nil, fmt.Errorf("loading your package with go/packages: %w", err)
	}
	var solution, api *packages.Package
	for _, p := range pkgs {
		switch p.PkgPath {
		case m.solutionPath:
			solution = p
		case m.apiPath:
			api = p
		}
	}
	if solution == nil || api == nil {
		return nil, fmt.Errorf("loading your package: go/packages did not return it")
	}
	if len(api.Errors) > 0 {
		return nil, fmt.Errorf("the challenge's own stub does not type-check: %v", api.Errors[0])
	}
	if diags := m.packageErrors(solution); len(diags) > 0 {
		return diags, nil
	}
	diags := append(m.compareAPI(solution, api), m.everyFileChecked(solution)...)
	diags = append(diags, m.identifierDiagnostics(solution)...)
	sortDiagnostics(diags)
	return diags, nil
}

// notChecked says why a file the type check did not see is rejected.
const notChecked = "this file is not part of the package in every build, so the rules could not be checked on it: remove any build constraint, and make sure it declares the same package as the other files"

// everyFileChecked rejects any of the learner's files that the type check did not see: the
// rules on identifiers hold only for files they were checked on, and a file left out of this
// build configuration for any reason could be compiled into another.
func (m *module) everyFileChecked(p *packages.Package) []report.Diagnostic {
	checked := map[string]bool{}
	for _, f := range p.Syntax {
		checked[m.userFile(p.Fset.File(f.Pos()).Name())] = true
	}
	var diags []report.Diagnostic
	for _, name := range slices.Sorted(maps.Keys(m.userFiles)) {
		if !checked[name] {
			diags = append(diags, report.Diagnostic{File: name, Verdict: report.Rejected, Message: notChecked})
		}
	}
	return diags
}

// checkPackageClauses reads the package clause of every learner's file, to say plainly when
// the package is misnamed or the files disagree, before the go command says it less plainly.
func (m *module) checkPackageClauses() []report.Diagnostic {
	type clause struct {
		file string
		name string
		pos  token.Position
	}
	var clauses []clause
	names := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range slices.Sorted(maps.Keys(m.userFiles)) {
		path := filepath.Join(m.root, filepath.FromSlash(m.solutionRel), name)
		f, err := parser.ParseFile(fset, path, nil, parser.PackageClauseOnly)
		if err != nil {
			return nil // go/packages reports syntax errors with their positions
		}
		clauses = append(clauses, clause{name, f.Name.Name, fset.Position(f.Name.Pos())})
		names[f.Name.Name] = true
	}
	var diags []report.Diagnostic
	for _, c := range clauses {
		d := report.Diagnostic{File: c.file, Line: c.pos.Line, Column: c.pos.Column}
		switch {
		case len(names) > 1:
			d.Verdict = report.CompileError
			d.Message = fmt.Sprintf("this file declares package %s, but the solution's files declare %d different packages: every file must declare `package %s`",
				c.name, len(names), m.pkgName)
		case c.name != m.pkgName:
			d.Verdict = report.APIMismatch
			d.Message = fmt.Sprintf("the package is named %s; this challenge expects `package %s`", c.name, m.pkgName)
		default:
			continue
		}
		diags = append(diags, d)
	}
	return diags
}

// packageErrors turns the errors go/packages found in the learner's package into diagnostics,
// sorted by position, with file names relative to the learner's folder.
func (m *module) packageErrors(p *packages.Package) []report.Diagnostic {
	var diags []report.Diagnostic
	seen := map[string]bool{}
	// The go command's own error repeats what the parser and type checker say, less
	// precisely; keep it only when they said nothing.
	errs := slices.DeleteFunc(slices.Clone(p.Errors), func(e packages.Error) bool { return e.Kind == packages.ListError })
	if len(errs) == 0 {
		errs = p.Errors
	}
	for _, e := range errs {
		d := m.diagnosticAt(e.Pos, e.Msg)
		d.Verdict = report.CompileError
		if strings.Contains(e.Msg, "found packages") || strings.Contains(e.Msg, "package "+m.pkgName+";") {
			d.Message = m.explainPackageClash(e.Msg)
		}
		key := d.String()
		if seen[key] {
			continue
		}
		seen[key] = true
		diags = append(diags, d)
	}
	sortDiagnostics(diags)
	return diags
}

func (m *module) explainPackageClash(msg string) string {
	return fmt.Sprintf("%s: every file must declare `package %s`", m.rewritePaths(msg), m.pkgName)
}

// compareAPI checks that the learner's package declares everything the stub declares, with
// the same signatures. Names of parameters and the fields of the learner's own types are
// theirs to choose; exported fields the stub declares are part of the API.
func (m *module) compareAPI(sol, api *packages.Package) []report.Diagnostic {
	if sol.Name != api.Name {
		return []report.Diagnostic{{
			File: m.firstUserFile(sol), Line: 1, Column: 1, Verdict: report.APIMismatch,
			Message: fmt.Sprintf("the package is named %s; this challenge expects `package %s`", sol.Name, api.Name),
		}}
	}
	var diags []report.Diagnostic
	mismatch := func(obj types.Object, format string, args ...any) {
		d := report.Diagnostic{Verdict: report.APIMismatch, Message: fmt.Sprintf(format, args...)}
		if obj != nil && obj.Pos().IsValid() {
			p := sol.Fset.Position(obj.Pos())
			d.File, d.Line, d.Column = m.userFile(p.Filename), p.Line, p.Column
		} else {
			d.File = m.firstUserFile(sol)
		}
		diags = append(diags, d)
	}
	want, have := api.Types.Scope(), sol.Types.Scope()
	for _, name := range want.Names() {
		w := want.Lookup(name)
		h := have.Lookup(name)
		if h == nil {
			mismatch(nil, "%s is missing: declare %s", name, describe(w))
			continue
		}
		switch w := w.(type) {
		case *types.Func:
			hf, ok := h.(*types.Func)
			if !ok {
				mismatch(h, "%s must be a function: %s", name, describe(w))
				continue
			}
			if !sameSignature(w.Signature(), hf.Signature()) {
				mismatch(h, "%s has the wrong signature: found %s, want %s", name, sigString(hf.Signature()), sigString(w.Signature()))
			}
		case *types.TypeName:
			ht, ok := h.(*types.TypeName)
			if !ok {
				mismatch(h, "%s must be a type: %s", name, describe(w))
				continue
			}
			m.compareType(w, ht, mismatch)
		case *types.Var, *types.Const:
			if !sameType(w.Type(), h.Type()) {
				mismatch(h, "%s has type %s, want %s", name, typeKey(h.Type()), typeKey(w.Type()))
			}
		}
	}
	sortDiagnostics(diags)
	return diags
}

func (m *module) compareType(want, have *types.TypeName, mismatch func(types.Object, string, ...any)) {
	// Methods: those the stub declares must be in the method set of *T, which includes the
	// methods declared on T.
	wantSet := types.NewMethodSet(types.NewPointer(want.Type()))
	haveSet := types.NewMethodSet(types.NewPointer(have.Type()))
	for i := 0; i < wantSet.Len(); i++ {
		wm := wantSet.At(i).Obj().(*types.Func)
		sel := haveSet.Lookup(wm.Pkg(), wm.Name())
		if sel == nil {
			sel = haveSet.Lookup(have.Pkg(), wm.Name())
		}
		if sel == nil {
			mismatch(have, "method %s.%s is missing: declare func (%s) %s%s",
				want.Name(), wm.Name(), recvString(wm, want.Name()), wm.Name(), strings.TrimPrefix(sigString(wm.Signature()), "func"))
			continue
		}
		hm := sel.Obj().(*types.Func)
		if !sameSignature(wm.Signature(), hm.Signature()) {
			mismatch(hm, "method %s.%s has the wrong signature: found %s, want %s",
				want.Name(), wm.Name(), sigString(hm.Signature()), sigString(wm.Signature()))
		}
	}
	// Underlying types: a struct's exported fields, or the whole type when the stub declares
	// something other than a struct (a func type, an interface, a named int ...).
	wu, hu := want.Type().Underlying(), have.Type().Underlying()
	ws, wIsStruct := wu.(*types.Struct)
	if !wIsStruct {
		if !sameType(wu, hu) {
			mismatch(have, "type %s must be %s, found %s", want.Name(), typeKey(wu), typeKey(hu))
		}
		return
	}
	hs, ok := hu.(*types.Struct)
	exported := 0
	for i := 0; i < ws.NumFields(); i++ {
		if ws.Field(i).Exported() {
			exported++
		}
	}
	if exported == 0 {
		return // the learner's representation is theirs to choose
	}
	if !ok {
		mismatch(have, "type %s must be a struct", want.Name())
		return
	}
	for i := 0; i < ws.NumFields(); i++ {
		wf := ws.Field(i)
		if !wf.Exported() {
			continue
		}
		var hf *types.Var
		for j := 0; j < hs.NumFields(); j++ {
			if hs.Field(j).Name() == wf.Name() {
				hf = hs.Field(j)
			}
		}
		switch {
		case hf == nil:
			mismatch(have, "type %s is missing field %s %s", want.Name(), wf.Name(), typeKey(wf.Type()))
		case !sameType(wf.Type(), hf.Type()):
			mismatch(hf, "field %s.%s has type %s, want %s", want.Name(), wf.Name(), typeKey(hf.Type()), typeKey(wf.Type()))
		}
	}
}

// qualifier prints types of the challenge package without a package name and others by their
// package name, as they read in source.
func qualifier(p *types.Package) string {
	if p == nil || strings.HasPrefix(p.Path(), challenges.ModulePath+"/") {
		return ""
	}
	return p.Name()
}

// typeKey is a type as source would spell it, the same for the stub and the solution.
func typeKey(t types.Type) string { return types.TypeString(t, qualifier) }

// sigString is a signature as source spells it, parameter names included.
func sigString(sig *types.Signature) string {
	return types.TypeString(types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic()), qualifier)
}

func recvString(f *types.Func, typeName string) string {
	if recv := f.Signature().Recv(); recv != nil {
		if _, ok := recv.Type().(*types.Pointer); ok {
			return "c *" + typeName
		}
	}
	return "c " + typeName
}

// describe spells a declaration of the stub, for a message that says what to declare.
func describe(obj types.Object) string {
	switch o := obj.(type) {
	case *types.Func:
		return "func " + o.Name() + strings.TrimPrefix(sigString(o.Signature()), "func")
	case *types.TypeName:
		return "type " + o.Name()
	case *types.Var:
		return "var " + o.Name() + " " + typeKey(o.Type())
	case *types.Const:
		return "const " + o.Name() + " " + typeKey(o.Type())
	}
	return obj.Name()
}

func (m *module) firstUserFile(p *packages.Package) string {
	for _, f := range p.GoFiles {
		if u := m.userFile(f); u != "" {
			return u
		}
	}
	return ""
}

func sortDiagnostics(diags []report.Diagnostic) {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i], diags[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}
