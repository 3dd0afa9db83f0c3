package factory

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"

	"github.com/prep-judge/prep/grader/render"
	"github.com/prep-judge/prep/grader/workspace"
)

// outlines reads where the solutions in folders declare their functions, for the GitHub
// annotations. A folder that cannot be read or parsed gets what could be read: grading
// reports its problems, and an annotation without a line is still an annotation.
func outlines(folders []string) map[string]render.Outline {
	out := make(map[string]render.Outline, len(folders))
	for _, dir := range folders {
		out[dir] = outline(dir)
	}
	return out
}

func outline(dir string) render.Outline {
	srcs, _, err := workspace.Sources(dir)
	if err != nil {
		return render.Outline{}
	}
	o := render.Outline{Funcs: map[string]render.Position{}}
	// rank orders declarations that share a name: an exported method of an exported type is
	// what a hidden test calls, rather than a helper of the same name.
	rank := map[string]int{}
	pkg := ""
	fset := token.NewFileSet()
	for _, src := range srcs {
		o.Files = append(o.Files, src.Name)
		f, err := parser.ParseFile(fset, src.Name, src.Data, parser.SkipObjectResolution)
		if f == nil {
			continue
		}
		if pkg == "" && err == nil {
			pkg = f.Name.Name
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			name := fn.Name.Name
			r := 0
			if ast.IsExported(name) {
				r++
				if fn.Recv == nil || ast.IsExported(receiverType(fn.Recv)) {
					r++
				}
			}
			if prev, seen := rank[name]; seen && prev >= r {
				continue
			}
			rank[name] = r
			o.Funcs[name] = render.Position{File: src.Name, Line: fset.Position(fn.Name.Pos()).Line}
		}
	}
	// The file named after the package, as the stub is, stands for the solution.
	if i := slices.Index(o.Files, pkg+".go"); i > 0 {
		first := o.Files[i]
		rest := slices.Delete(slices.Clone(o.Files), i, i+1)
		o.Files = append([]string{first}, rest...)
	}
	return o
}

// receiverType is the name of a method's receiver type, without pointer or type parameters.
func receiverType(recv *ast.FieldList) string {
	if len(recv.List) == 0 {
		return ""
	}
	t := recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}
