package simulate

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

//go:embed prices.hcl
var bundledPrices []byte

// BundledPrices is the price table compiled into archie, in the format
// --pricing reads.
func BundledPrices() []byte { return append([]byte(nil), bundledPrices...) }

// tier is one step of a tiered price: price per unit up to a cumulative
// monthly quantity (0: no bound).
type tier struct {
	UpTo  float64
	Price float64
}

// Prices is a price table: tiered prices per unit by name.
type Prices struct {
	Region string
	Date   string
	Source string // "bundled" or the override file's name
	items  map[string][]tier
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

// LoadPrices reads the bundled table and applies an override file, if
// given. Errors carry the file, line and column.
func LoadPrices(override []byte, filename string) (*Prices, hcl.Diagnostics) {
	p, diags := parsePrices(bundledPrices, "prices.hcl (bundled)", nil)
	if diags.HasErrors() {
		return nil, diags
	}
	p.Source = "bundled"
	if override != nil {
		var d hcl.Diagnostics
		p, d = parsePrices(override, filename, p)
		if d.HasErrors() {
			return nil, d
		}
		p.Source = filename
	}
	return p, nil
}

func parsePrices(src []byte, filename string, base *Prices) (*Prices, hcl.Diagnostics) {
	file, diags := schema.ParseHCL(src, filename)
	if diags.HasErrors() {
		return nil, diags
	}
	out := &Prices{items: map[string][]tier{}}
	if base != nil {
		out.Region, out.Date = base.Region, base.Date
		for k, v := range base.items {
			out.items[k] = v
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
			if _, known := base.items[name]; !known {
				diags = append(diags, priceErr(a, "unknown price %q%s", name, schema.Suggest(name, sortedKeys(base.items))))
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
		out.items[name] = tiers
	}
	return out, diags
}

func priceErr(a *hclsyntax.Attribute, format string, args ...any) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid price", Detail: fmt.Sprintf(format, args...), Subject: a.Expr.Range().Ptr()}
}

func decodeTiers(v cty.Value) ([]tier, error) {
	if v.Type() == cty.Number {
		f, _ := v.AsBigFloat().Float64()
		if f < 0 {
			return nil, fmt.Errorf("a price cannot be negative")
		}
		return []tier{{0, f}}, nil
	}
	if !v.Type().IsTupleType() && !v.Type().IsListType() {
		return nil, fmt.Errorf("expected a number or a list of [up_to, price] tiers")
	}
	var out []tier
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
		out = append(out, tier{pair[0], pair[1]})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no tiers")
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Unit is the first-tier price of one unit.
func (p *Prices) Unit(key string) float64 {
	t := p.items[key]
	if len(t) == 0 {
		return 0
	}
	return t[0].Price
}

// Cost prices a monthly quantity through the key's tiers.
func (p *Prices) Cost(key string, qty float64) float64 {
	tiers := p.items[key]
	var usd, done float64
	for _, t := range tiers {
		if qty <= done {
			break
		}
		upper := qty
		if t.UpTo > 0 && t.UpTo < qty {
			upper = t.UpTo
		}
		usd += (upper - done) * t.Price
		done = upper
	}
	return usd
}
