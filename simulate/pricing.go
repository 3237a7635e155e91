package simulate

import (
	_ "embed"

	"github.com/archiehq/archie/simulate/internal/pricetable"
	"github.com/hashicorp/hcl/v2"
)

//go:generate go run ./internal/genprices -in prices.hcl -out prices_gen.go

//go:embed prices.hcl
var bundledPrices []byte

// BundledPrices is the price table compiled into archie, in the format
// --pricing reads.
func BundledPrices() []byte { return append([]byte(nil), bundledPrices...) }

// tier is one step of a tiered price: price per single unit up to a
// cumulative monthly quantity (0: no bound).
type tier = pricetable.Tier

// Prices is a price table: tiered prices per unit by name.
type Prices struct {
	Region string
	Date   string
	Source string // "bundled" or the override file's name
	items  map[string][]tier
}

// LoadPrices returns the bundled table with an override file applied, if
// given. The bundled table is compiled in as Go values (prices_gen.go,
// generated from prices.hcl), so only an override is parsed. Errors carry
// the file, line and column.
func LoadPrices(override []byte, filename string) (*Prices, hcl.Diagnostics) {
	p := &Prices{Region: bundledRegion, Date: bundledDate, Source: "bundled", items: bundledItems()}
	if override == nil {
		return p, nil
	}
	t, diags := pricetable.Parse(override, filename, &pricetable.Table{Region: p.Region, Date: p.Date, Items: p.items})
	if diags.HasErrors() {
		return nil, diags
	}
	return &Prices{Region: t.Region, Date: t.Date, Source: filename, items: t.Items}, nil
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
