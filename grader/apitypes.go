package grader

import (
	"go/types"
	"strings"

	"github.com/prep-judge/prep/challenges"
)

// sameType reports whether have, a type of the learner's package, is the type want of the
// stub: identical as go/types sees types, with one difference. The stub and the solution are
// two packages, so a type each of them declares (the LRUCache of one and of the other) is a
// type of its own to go/types; here a type the challenge's package declares matches the
// learner's type of the same name. Parameter and result names are free at every depth, as
// types.Identical has them; `any` is `interface{}`, an alias is what it stands for.
func sameType(want, have types.Type) bool {
	want, have = types.Unalias(want), types.Unalias(have)
	switch w := want.(type) {
	case *types.Named:
		h, ok := have.(*types.Named)
		if !ok {
			return false
		}
		if ownType(w) || ownType(h) {
			return ownType(w) && ownType(h) && w.Obj().Name() == h.Obj().Name() && sameTypeList(w.TypeArgs(), h.TypeArgs())
		}
		return types.Identical(w, h)
	case *types.Pointer:
		h, ok := have.(*types.Pointer)
		return ok && sameType(w.Elem(), h.Elem())
	case *types.Slice:
		h, ok := have.(*types.Slice)
		return ok && sameType(w.Elem(), h.Elem())
	case *types.Array:
		h, ok := have.(*types.Array)
		return ok && w.Len() == h.Len() && sameType(w.Elem(), h.Elem())
	case *types.Map:
		h, ok := have.(*types.Map)
		return ok && sameType(w.Key(), h.Key()) && sameType(w.Elem(), h.Elem())
	case *types.Chan:
		h, ok := have.(*types.Chan)
		return ok && w.Dir() == h.Dir() && sameType(w.Elem(), h.Elem())
	case *types.Signature:
		h, ok := have.(*types.Signature)
		return ok && sameSignature(w, h)
	case *types.Struct:
		h, ok := have.(*types.Struct)
		if !ok || w.NumFields() != h.NumFields() {
			return false
		}
		for i := range w.NumFields() {
			wf, hf := w.Field(i), h.Field(i)
			if wf.Name() != hf.Name() || wf.Embedded() != hf.Embedded() || w.Tag(i) != h.Tag(i) || !sameType(wf.Type(), hf.Type()) {
				return false
			}
		}
		return true
	case *types.Interface:
		h, ok := have.(*types.Interface)
		if !ok || w.NumMethods() != h.NumMethods() || w.IsComparable() != h.IsComparable() {
			return false
		}
		// Methods come sorted by name, embedded interfaces' included.
		for i := range w.NumMethods() {
			wm, hm := w.Method(i), h.Method(i)
			if wm.Name() != hm.Name() || !sameSignature(wm.Signature(), hm.Signature()) {
				return false
			}
		}
		return true
	case *types.TypeParam:
		h, ok := have.(*types.TypeParam)
		return ok && w.Index() == h.Index()
	}
	return types.Identical(want, have)
}

// sameSignature compares two signatures' parameters and results by type alone.
func sameSignature(w, h *types.Signature) bool {
	return w.Variadic() == h.Variadic() && sameTuple(w.Params(), h.Params()) && sameTuple(w.Results(), h.Results())
}

func sameTuple(w, h *types.Tuple) bool {
	if w.Len() != h.Len() {
		return false
	}
	for i := range w.Len() {
		if !sameType(w.At(i).Type(), h.At(i).Type()) {
			return false
		}
	}
	return true
}

func sameTypeList(w, h *types.TypeList) bool {
	if w.Len() != h.Len() {
		return false
	}
	for i := range w.Len() {
		if !sameType(w.At(i), h.At(i)) {
			return false
		}
	}
	return true
}

// ownType reports whether n is declared by the challenge's package: the stub's or the
// learner's, both below prep's module path in the grading module.
func ownType(n *types.Named) bool {
	p := n.Obj().Pkg()
	return p != nil && strings.HasPrefix(p.Path(), challenges.ModulePath+"/")
}
