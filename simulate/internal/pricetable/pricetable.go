// Package pricetable reads archie's price tables: the bundled
// simulate/prices.hcl (at build time, through go generate) and the files
// `--pricing` names (at run time).
package pricetable

import (
	"fmt"
	"sort"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Tier is one step of a tiered price: price per single unit up to a
// cumulative monthly quantity (0: no bound).
type Tier struct {
	UpTo  float64
	Price float64
}

// Table is a parsed price table.
type Table struct {
	Region, Date string
	Items        map[string][]Tier
	// Lines holds each item's line in the file, for the generator.
	Lines map[string]int
}

// unitScale converts a price key's stated unit to a price per single unit.
func unitScale(key string) float64 {
	switch {
	case strings.HasSuffix(key, "_per_million"):
		return 1e-6
	case strings.HasSuffix(key, "_per_thousand"):
		return 1e-3
	}
	return 1
}

// Parse reads a price table. With a base, the file may only set prices the
// base knows, and the result is the base with the file's prices replacing
// its own; the base is not changed. Errors carry the file, line and column.
func Parse(src []byte, filename string, base *Table) (*Table, hcl.Diagnostics) {
	file, diags := schema.ParseHCL(src, filename)
	if diags.HasErrors() {
		return nil, diags
	}
	out := &Table{Items: map[string][]Tier{}, Lines: map[string]int{}}
	if base != nil {
		out.Region, out.Date = base.Region, base.Date
		for k, v := range base.Items {
			out.Items[k] = v
		}
	}
	body := file.Body.(*hclsyntax.Body)
	for _, b := range body.Blocks {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unexpected block",
			Detail: "A price table holds only attributes: NAME = price or NAME = [[up_to, price], ...].", Subject: b.TypeRange.Ptr()})
	}
	names := make([]string, 0, len(body.Attributes))
	for name := range body.Attributes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		a := body.Attributes[name]
		v, d := a.Expr.Value(nil)
		if d.HasErrors() {
			diags = append(diags, d...)
			continue
		}
		switch name {
		case "region", "date":
			if v.Type() != cty.String {
				diags = append(diags, priceErr(a, "%s must be a string", name))
				continue
			}
			if name == "region" {
				out.Region = v.AsString()
			} else {
				out.Date = v.AsString()
			}
			continue
		}
		if base != nil {
			if _, known := base.Items[name]; !known {
				diags = append(diags, priceErr(a, "unknown price %q%s", name, schema.Suggest(name, SortedKeys(base.Items))))
				continue
			}
		}
		tiers, err := decodeTiers(v)
		if err != nil {
			diags = append(diags, priceErr(a, "%s: %v", name, err))
			continue
		}
		scale := unitScale(name)
		for i := range tiers {
			tiers[i].Price *= scale
		}
		out.Items[name] = tiers
		out.Lines[name] = a.SrcRange.Start.Line
	}
	return out, diags
}

func priceErr(a *hclsyntax.Attribute, format string, args ...any) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid price", Detail: fmt.Sprintf(format, args...), Subject: a.Expr.Range().Ptr()}
}

func decodeTiers(v cty.Value) ([]Tier, error) {
	if v.Type() == cty.Number {
		f, _ := v.AsBigFloat().Float64()
		if f < 0 {
			return nil, fmt.Errorf("a price cannot be negative")
		}
		return []Tier{{0, f}}, nil
	}
	if !v.Type().IsTupleType() && !v.Type().IsListType() {
		return nil, fmt.Errorf("expected a number or a list of [up_to, price] tiers")
	}
	var out []Tier
	for it := v.ElementIterator(); it.Next(); {
		_, t := it.Element()
		if !(t.Type().IsTupleType() || t.Type().IsListType()) || t.LengthInt() != 2 {
			return nil, fmt.Errorf("each tier is [up_to, price]")
		}
		var pair [2]float64
		for i := range 2 {
			e := t.Index(cty.NumberIntVal(int64(i)))
			if e.Type() != cty.Number {
				return nil, fmt.Errorf("each tier is [up_to, price], two numbers")
			}
			pair[i], _ = e.AsBigFloat().Float64()
		}
		if pair[1] < 0 {
			return nil, fmt.Errorf("a price cannot be negative")
		}
		if n := len(out); n > 0 && (out[n-1].UpTo == 0 || (pair[0] != 0 && pair[0] <= out[n-1].UpTo)) {
			return nil, fmt.Errorf("tiers must rise, and only the last may have up_to = 0")
		}
		out = append(out, Tier{pair[0], pair[1]})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no tiers")
	}
	return out, nil
}

// SortedKeys returns a map's keys in order.
func SortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
