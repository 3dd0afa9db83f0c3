// Package mutate makes mutants of a Go package's source: copies with one small change of the
// kind people get wrong in the exercises prep judges. Grading every mutant of a challenge's
// reference solution measures its hidden suites: a mutant the suites accept is a bug they
// would let through, unless the change makes no difference (an equivalent mutant).
//
// The generic operators are the usual ones of mutation testing (a comparison's boundary or
// sense, arithmetic, a boolean operator, a literal off by one, a call left out, two statements
// swapped); the others are the concurrency mistakes of these exercises (a Lock/Unlock pair
// left out, RLock where the section writes, a context's Done case or Err check left out).
// Mutants are made by editing the source text at the positions go/parser gives, so every
// other line stays where it was and a mutant's ID (file:line:column operator) stays the same
// as long as the source does.
package mutate

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// Mutant is one changed copy of a package.
type Mutant struct {
	// ID names the mutant: the file, line and column of the change, and the operator.
	ID       string
	Operator string
	// Change says what changed, as a person would: "< became <=".
	Change string
	// Files holds every file of the package, the changed one among them.
	Files map[string][]byte
}

// The operators.
const (
	OpBoundary    = "boundary"     // < and <=, > and >=
	OpNegate      = "negate"       // == and !=, < and >=, > and <=
	OpArithmetic  = "arithmetic"   // + and -, * and /
	OpIncDec      = "incdec"       // ++ and --
	OpLogical     = "logical"      // && and ||
	OpNot         = "not"          // !x becomes x
	OpLiteral     = "literal"      // an integer literal off by one
	OpDropCall    = "drop-call"    // a call statement left out
	OpSwap        = "swap"         // two adjacent statements swapped
	OpDropLock    = "drop-lock"    // a Lock (or RLock) and its Unlocks left out
	OpReadLock    = "read-lock"    // Lock and Unlock become RLock and RUnlock
	OpDropDone    = "drop-done"    // a select's <-ctx.Done() case left out
	OpDropErr     = "drop-err"     // if ctx.Err() != nil becomes if false
	OpDropDefer   = "drop-defer"   // a deferred call left out
	OpDropReturn  = "drop-return"  // an if's early return left out
	OpDropElse    = "drop-else"    // an if's else branch left out
	OpEmptyCond   = "always"       // an if's condition becomes true
	OpNeverCond   = "never"        // an if's condition becomes false
	OpDropAssign  = "drop-assign"  // an assignment to a field or an element left out
	OpFlipReturn  = "flip-return"  // return true and return false swapped
	OpZero        = "zero-literal" // an integer literal becomes 0
	maxLiteralAbs = 1 << 20        // literals beyond this are constants such as masks: left alone
)

// edit replaces the bytes [from, to) of a file.
type edit struct {
	from, to int
	text     string
}

// site is one place a mutant can be made.
type site struct {
	file   string
	pos    token.Position
	op     string
	change string
	edits  []edit
}

// Generate returns every mutant of the package made of files (name to source), in a stable
// order. Files that do not parse are an error; a mutant that does not compile is the caller's
// to discard.
func Generate(files map[string][]byte) ([]Mutant, error) {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var sites []site
	for _, name := range names {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, files[name], parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		sites = append(sites, sitesOf(fset, f, files[name])...)
	}
	var out []Mutant
	seen := map[string]bool{}
	for _, s := range sites {
		id := fmt.Sprintf("%s:%d:%d %s", s.file, s.pos.Line, s.pos.Column, s.op)
		for n := 2; seen[id]; n++ {
			id = fmt.Sprintf("%s:%d:%d %s#%d", s.file, s.pos.Line, s.pos.Column, s.op, n)
		}
		seen[id] = true
		m := Mutant{ID: id, Operator: s.op, Change: s.change, Files: map[string][]byte{}}
		for name, src := range files {
			m.Files[name] = src
		}
		m.Files[s.file] = apply(files[s.file], s.edits)
		out = append(out, m)
	}
	return out, nil
}

// apply makes edits, which do not overlap, to src.
func apply(src []byte, edits []edit) []byte {
	sort.Slice(edits, func(i, j int) bool { return edits[i].from > edits[j].from })
	b := bytes.Clone(src)
	for _, e := range edits {
		b = append(b[:e.from], append([]byte(e.text), b[e.to:]...)...)
	}
	return b
}

var (
	boundary = map[token.Token]token.Token{token.LSS: token.LEQ, token.LEQ: token.LSS, token.GTR: token.GEQ, token.GEQ: token.GTR}
	negate   = map[token.Token]token.Token{
		token.EQL: token.NEQ, token.NEQ: token.EQL, token.LSS: token.GEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR,
	}
	arithmetic = map[token.Token]token.Token{token.ADD: token.SUB, token.SUB: token.ADD, token.MUL: token.QUO, token.QUO: token.MUL, token.REM: token.MUL}
	logical    = map[token.Token]token.Token{token.LAND: token.LOR, token.LOR: token.LAND}
)

// sitesOf finds every mutation site of one file.
func sitesOf(fset *token.FileSet, f *ast.File, src []byte) []site {
	name := fset.Position(f.Package).Filename
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	text := func(n ast.Node) string { return string(src[off(n.Pos()):off(n.End())]) }
	var sites []site
	add := func(at token.Pos, op, change string, edits ...edit) {
		sites = append(sites, site{file: name, pos: fset.Position(at), op: op, change: change, edits: edits})
	}
	// A change of an operator token: the tokens differ in length at most by one byte.
	swapToken := func(at token.Pos, from, to token.Token, op string) {
		add(at, op, fmt.Sprintf("%s became %s", from, to), edit{off(at), off(at) + len(from.String()), to.String()})
	}
	// Leave a statement out: its text becomes nothing, its line stays.
	drop := func(s ast.Stmt, op, change string) {
		add(s.Pos(), op, change, edit{off(s.Pos()), off(s.End()), ""})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if isString(n.X) || isString(n.Y) {
				break // string concatenation and comparison: not the mistakes sought
			}
			if to, ok := boundary[n.Op]; ok {
				swapToken(n.OpPos, n.Op, to, OpBoundary)
			}
			if to, ok := negate[n.Op]; ok {
				swapToken(n.OpPos, n.Op, to, OpNegate)
			}
			if to, ok := arithmetic[n.Op]; ok {
				swapToken(n.OpPos, n.Op, to, OpArithmetic)
			}
			if to, ok := logical[n.Op]; ok {
				swapToken(n.OpPos, n.Op, to, OpLogical)
			}
		case *ast.IncDecStmt:
			to := token.DEC
			if n.Tok == token.DEC {
				to = token.INC
			}
			swapToken(n.TokPos, n.Tok, to, OpIncDec)
		case *ast.UnaryExpr:
			if n.Op == token.NOT {
				add(n.OpPos, OpNot, "!x became x", edit{off(n.OpPos), off(n.OpPos) + 1, ""})
			}
		case *ast.BasicLit:
			if n.Kind != token.INT {
				break
			}
			v, err := strconv.ParseInt(n.Value, 0, 64)
			if err != nil || v > maxLiteralAbs {
				break
			}
			for _, w := range []int64{v + 1, v - 1} {
				add(n.Pos(), OpLiteral, fmt.Sprintf("%d became %d", v, w), edit{off(n.Pos()), off(n.End()), strconv.FormatInt(w, 10)})
			}
			if v != 0 && v != 1 {
				add(n.Pos(), OpZero, fmt.Sprintf("%d became 0", v), edit{off(n.Pos()), off(n.End()), "0"})
			}
		case *ast.IfStmt:
			add(n.Cond.Pos(), OpEmptyCond, "if "+text(n.Cond)+" became if true", edit{off(n.Cond.Pos()), off(n.Cond.End()), "true"})
			add(n.Cond.Pos(), OpNeverCond, "if "+text(n.Cond)+" became if false", edit{off(n.Cond.Pos()), off(n.Cond.End()), "false"})
			if isErrCheck(n.Cond) {
				add(n.Cond.Pos(), OpDropErr, "the check "+text(n.Cond)+" was left out", edit{off(n.Cond.Pos()), off(n.Cond.End()), "false"})
			}
			if n.Else != nil {
				add(n.Else.Pos(), OpDropElse, "the else branch was left out", edit{off(n.Body.End()), off(n.Else.End()), ""})
			}
			if len(n.Body.List) > 0 {
				if r, ok := n.Body.List[len(n.Body.List)-1].(*ast.ReturnStmt); ok && len(n.Body.List) == 1 {
					drop(r, OpDropReturn, "the early return in if "+text(n.Cond)+" was left out")
				}
			}
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				if id, ok := r.(*ast.Ident); ok && (id.Name == "true" || id.Name == "false") {
					to := map[string]string{"true": "false", "false": "true"}[id.Name]
					add(id.Pos(), OpFlipReturn, fmt.Sprintf("return %s became return %s", id.Name, to), edit{off(id.Pos()), off(id.End()), to})
				}
			}
		case *ast.BlockStmt:
			blockSites(n, add, drop, text, off)
		case *ast.SelectStmt:
			for _, c := range n.Body.List {
				cc := c.(*ast.CommClause)
				if cc.Comm != nil && strings.Contains(text(cc.Comm), ".Done()") && len(n.Body.List) > 1 {
					add(cc.Pos(), OpDropDone, "the case "+text(cc.Comm)+" was left out", edit{off(cc.Pos()), off(cc.End()), ""})
				}
			}
		case *ast.FuncDecl:
			if n.Body != nil {
				lockSites(n.Body, add, text, off)
			}
		case *ast.FuncLit:
			lockSites(n.Body, add, text, off)
		}
		return true
	})
	return sites
}

// blockSites adds the sites of a block's statements, taken one at a time and by adjacent pairs.
func blockSites(b *ast.BlockStmt, add func(token.Pos, string, string, ...edit), drop func(ast.Stmt, string, string), text func(ast.Node) string, off func(token.Pos) int) {
	for i, s := range b.List {
		switch s := s.(type) {
		case *ast.ExprStmt:
			if call, ok := s.X.(*ast.CallExpr); ok && !isLockCall(call) {
				drop(s, OpDropCall, text(s)+" was left out")
			}
		case *ast.DeferStmt:
			if !isLockCall(s.Call) {
				drop(s, OpDropDefer, text(s)+" was left out")
			}
		case *ast.AssignStmt:
			if s.Tok == token.ASSIGN && len(s.Lhs) == 1 {
				switch s.Lhs[0].(type) {
				case *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
					drop(s, OpDropAssign, text(s)+" was left out")
				}
			}
		}
		if i+1 < len(b.List) && swappable(s) && swappable(b.List[i+1]) {
			a, c := s, b.List[i+1]
			add(a.Pos(), OpSwap, fmt.Sprintf("%s and %s were swapped", text(a), text(c)),
				edit{off(a.Pos()), off(a.End()), text(c)}, edit{off(c.Pos()), off(c.End()), text(a)})
		}
	}
}

// swappable reports whether a statement is simple enough that swapping it with its neighbour
// is a mistake one could make: a call, an assignment (not a declaration), an increment.
func swappable(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ExprStmt:
		return true
	case *ast.AssignStmt:
		return s.Tok != token.DEFINE
	case *ast.IncDecStmt:
		return true
	}
	return false
}

// lockSites leaves out each Lock or RLock of a function with every Unlock of the same lock, and
// turns each Lock with its Unlocks into RLock and RUnlock.
func lockSites(body *ast.BlockStmt, add func(token.Pos, string, string, ...edit), text func(ast.Node) string, off func(token.Pos) int) {
	type call struct {
		stmt ast.Stmt
		recv string
		name string
	}
	var calls []call
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false // a closure is a function of its own
		}
		var c *ast.CallExpr
		var stmt ast.Stmt
		switch s := n.(type) {
		case *ast.ExprStmt:
			c, _ = s.X.(*ast.CallExpr)
			stmt = s
		case *ast.DeferStmt:
			c, stmt = s.Call, s
		}
		if c == nil || len(c.Args) > 0 {
			return true
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		switch sel.Sel.Name {
		case "Lock", "Unlock", "RLock", "RUnlock":
			calls = append(calls, call{stmt: stmt, recv: text(sel.X), name: sel.Sel.Name})
		}
		return true
	})
	for _, l := range calls {
		if l.name != "Lock" && l.name != "RLock" {
			continue
		}
		unlock := map[string]string{"Lock": "Unlock", "RLock": "RUnlock"}[l.name]
		dropEdits := []edit{{off(l.stmt.Pos()), off(l.stmt.End()), ""}}
		readEdits := []edit{{off(l.stmt.Pos()), off(l.stmt.End()), strings.Replace(text(l.stmt), ".Lock()", ".RLock()", 1)}}
		for _, u := range calls {
			if u.recv == l.recv && u.name == unlock {
				dropEdits = append(dropEdits, edit{off(u.stmt.Pos()), off(u.stmt.End()), ""})
				readEdits = append(readEdits, edit{off(u.stmt.Pos()), off(u.stmt.End()), strings.Replace(text(u.stmt), ".Unlock()", ".RUnlock()", 1)})
			}
		}
		add(l.stmt.Pos(), OpDropLock, fmt.Sprintf("%s.%s() and its %s were left out", l.recv, l.name, unlock), dropEdits...)
		if l.name == "Lock" {
			add(l.stmt.Pos(), OpReadLock, fmt.Sprintf("%s.Lock() and its Unlock became RLock and RUnlock", l.recv), readEdits...)
		}
	}
}

func isLockCall(c *ast.CallExpr) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "Lock", "Unlock", "RLock", "RUnlock":
		return len(c.Args) == 0
	}
	return false
}

// isErrCheck reports whether cond reads a context's Err: ctx.Err() != nil.
func isErrCheck(cond ast.Expr) bool {
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Err" && len(c.Args) == 0 {
				found = true
			}
		}
		return !found
	})
	return found
}

// isString reports whether e is a string literal; a comparison with one is left alone.
func isString(e ast.Expr) bool {
	l, ok := e.(*ast.BasicLit)
	return ok && l.Kind == token.STRING
}
