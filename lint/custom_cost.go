package lint

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Bounds on evaluating a custom rule's expressions. A configuration file
// comes from the repository like the architecture, so from a pull request:
// nested for expressions over lists multiply ([for a in L : [for b in L :
// ...]] is len(L)^depth steps), and a few lines could exhaust memory or run
// for hours. Before evaluating, archie bounds the steps an expression can
// take, with every list it iterates as long as the longest list it could be
// given, and refuses one over the limit with a clear error.
const (
	// maxEvalSteps is the most steps a condition or message may take for
	// one component: a million, some milliseconds of work.
	maxEvalSteps = 1_000_000
	// maxExprDepth is the deepest nesting of an expression.
	maxExprDepth = 64
	// assumedListLen is the length a list from self is assumed to have when
	// the configuration is loaded; at lint time the component's real lists
	// are used.
	assumedListLen = 100
)

// costError says why an expression is refused, or is nil.
type costError struct {
	rng             hcl.Range
	summary, detail string
}

// checkCost bounds the evaluation of e when every collection it reads from
// self has at most listLen elements.
func checkCost(e hclsyntax.Expression, listLen int) *costError {
	c := coster{listLen: float64(listLen)}
	_, steps := c.walk(e, 0)
	if c.err != nil {
		return c.err
	}
	if steps > maxEvalSteps {
		return &costError{e.Range(), "Expression too costly", fmt.Sprintf("Evaluating it could take %s steps for one component (with lists of %d elements); the limit is %s. Nest fewer for expressions, or iterate over shorter lists.",
			approxCount(steps), listLen, thousands(maxEvalSteps))}
	}
	return nil
}

type coster struct {
	listLen float64
	err     *costError
}

// walk returns an upper bound on the number of elements of e's value (for
// a collection; 1 otherwise) and on the steps evaluating it takes.
func (c *coster) walk(e hclsyntax.Expression, depth int) (size, steps float64) {
	if c.err != nil {
		return 1, 1
	}
	if depth > maxExprDepth {
		c.err = &costError{e.Range(), "Expression too deep", fmt.Sprintf("The expression is nested more than %d deep; write it more simply.", maxExprDepth)}
		return 1, 1
	}
	switch e := e.(type) {
	case *hclsyntax.TupleConsExpr:
		steps = 1
		for _, x := range e.Exprs {
			_, s := c.walk(x, depth+1)
			steps += s
		}
		return float64(max(len(e.Exprs), 1)), steps
	case *hclsyntax.ObjectConsExpr:
		steps = 1
		for _, it := range e.Items {
			_, s1 := c.walk(it.KeyExpr, depth+1)
			_, s2 := c.walk(it.ValueExpr, depth+1)
			steps += s1 + s2
		}
		return float64(max(len(e.Items), 1)), steps
	case *hclsyntax.ForExpr:
		n, collSteps := c.walk(e.CollExpr, depth+1)
		body := 1.0
		for _, x := range []hclsyntax.Expression{e.KeyExpr, e.ValExpr, e.CondExpr} {
			if x != nil {
				_, s := c.walk(x, depth+1)
				body += s
			}
		}
		return n, collSteps + n*body
	case *hclsyntax.SplatExpr:
		n, srcSteps := c.walk(e.Source, depth+1)
		_, each := c.walk(e.Each, depth+1)
		return n, srcSteps + n*(each+1)
	case *hclsyntax.ScopeTraversalExpr, *hclsyntax.RelativeTraversalExpr, *hclsyntax.IndexExpr:
		// a value from self, or part of one: as long as its longest list
		steps = 1
		for _, x := range childExprs(e) {
			_, s := c.walk(x, depth+1)
			steps += s
		}
		return c.listLen, steps
	case *hclsyntax.FunctionCallExpr:
		// The functions a rule may call take time linear in their
		// arguments and return at most as much as they are given.
		steps, size = 1, 1
		for _, x := range e.Args {
			sz, s := c.walk(x, depth+1)
			steps += s + sz
			size = max(size, sz)
		}
		return max(size, c.listLen), steps
	case *hclsyntax.LiteralValueExpr:
		return 1, 1
	}
	steps, size = 1, 1
	for _, x := range childExprs(e) {
		sz, s := c.walk(x, depth+1)
		steps += s
		size = max(size, sz)
	}
	return size, steps
}

// childExprs lists the expressions directly inside e.
func childExprs(e hclsyntax.Expression) []hclsyntax.Expression {
	var out []hclsyntax.Expression
	_ = hclsyntax.Walk(e, &childWalker{root: e, out: &out})
	return out
}

// childWalker collects the expressions one level below root.
type childWalker struct {
	root  hclsyntax.Node
	depth int
	out   *[]hclsyntax.Expression
}

func (w *childWalker) Enter(n hclsyntax.Node) hcl.Diagnostics {
	if w.depth == 1 {
		if x, ok := n.(hclsyntax.Expression); ok {
			*w.out = append(*w.out, x)
		}
	}
	w.depth++
	return nil
}

func (w *childWalker) Exit(hclsyntax.Node) hcl.Diagnostics {
	w.depth--
	return nil
}

// longestList is the length of the longest list, set, tuple, map or
// object inside v.
func longestList(v cty.Value) int {
	if v.IsNull() || !v.IsKnown() {
		return 0
	}
	t := v.Type()
	if !(t.IsListType() || t.IsSetType() || t.IsTupleType() || t.IsMapType() || t.IsObjectType()) {
		return 0
	}
	n := v.LengthInt()
	for it := v.ElementIterator(); it.Next(); {
		_, ev := it.Element()
		n = max(n, longestList(ev))
	}
	return n
}

// approxCount writes a large step count readably: 1e+12.
func approxCount(f float64) string {
	if f < 1e15 {
		return thousands(int(f))
	}
	return fmt.Sprintf("%.1g", f)
}
