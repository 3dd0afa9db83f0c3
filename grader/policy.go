package grader

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/packages"

	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/rules"
)

// The grader trusts a suite's pass only because the code under test cannot reach outside the
// test process's rules: it cannot exit the process, read or rewrite the hidden tests, change
// the test flags, escape the type system, or tell which suite is running it. Most of that is a
// question of which packages it may import, checked on every file's syntax before anything is
// built (see screen); the rest is which identifiers of those packages it may use, checked here
// on the type-checked package.

// identifierDiagnostics reports every use, in the learner's files, of an identifier that
// rules.IdentRules forbid. It reads the type checker's resolution of each name, so an import alias,
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
			rule, ok := rules.IdentRules[obj.Pkg().Path()]
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
func forbiddenIdent(obj types.Object, owner string, rule rules.IdentRule) (name, why string) {
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
		if why, ok := rule.Deny[full]; ok {
			return full, why
		}
		if why, ok := rule.Deny[owner]; ok {
			return full, why
		}
		if rule.Only != nil && !slices.Contains(rule.Only, owner) {
			return full, rule.OnlyWhy
		}
		return full, ""
	}
	if why, ok := rule.Deny[name]; ok {
		return name, why
	}
	if rule.Only != nil && !slices.Contains(rule.Only, name) {
		return name, rule.OnlyWhy
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
