package ir_test

import (
	"go/ast"
	"go/constant"
	"go/types"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/archiehq/archie/schema"
)

// TestAttrNamesKnown fails when an importer names an attribute of an
// ir.Component or ir.Trigger (Set, SetDefault, Get, Unset) with a
// constant that is no attribute of the language: a misspelled name would
// otherwise be written into the architecture and only fail at load, or
// read as unset. The front ends build the ir by name, so this checks
// what the compiler checks for the model's accessors (schema.AttrName).
func TestAttrNamesKnown(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the importer packages with types")
	}
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo, Tests: false}
	pkgs, err := packages.Load(cfg, "github.com/archiehq/archie/schema/imports/...")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, pkg := range pkgs {
		for _, e := range pkg.Errors {
			t.Fatalf("%s: %v", pkg.PkgPath, e)
		}
		for _, f := range pkg.Syntax {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 || !isIRAttrMethod(pkg.TypesInfo, call) {
					return true
				}
				tv := pkg.TypesInfo.Types[call.Args[0]]
				if tv.Value == nil || tv.Value.Kind() != constant.String {
					return true
				}
				checked++
				if name := constant.StringVal(tv.Value); !known(name) {
					t.Errorf("%s: %q is not an attribute of the language (schema/spec.go)", pkg.Fset.Position(call.Args[0].Pos()), name)
				}
				return true
			})
		}
	}
	if checked < 100 {
		t.Fatalf("checked %d attribute names: the importers name hundreds, so the check lost track of them", checked)
	}
}

// isIRAttrMethod reports whether call is Set, SetDefault, Get or Unset of
// an *ir.Component or *ir.Trigger.
func isIRAttrMethod(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "Set", "SetDefault", "Get", "Unset":
	default:
		return false
	}
	s := info.Selections[sel]
	if s == nil {
		return false
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "github.com/archiehq/archie/schema/imports/ir" {
		return false
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	return ok && (named.Obj().Name() == "Component" || named.Obj().Name() == "Trigger")
}

func known(name string) bool {
	_, ok := schema.LookupAttrName(name)
	return ok
}
