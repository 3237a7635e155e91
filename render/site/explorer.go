package site

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/safetext"
	"html"
	"strings"
	"sync"

	"github.com/archiehq/archie/schema/lazyregexp"
	"github.com/archiehq/archie/simulate"
)

// The HTML file's diagrams are explorable: a small script embedded in the
// file (allowed by its hash in the Content-Security-Policy, which still
// forbids any network access) adds pan and zoom, a search box, selection
// with a side panel, overlays and drill-down from the context view. What
// the panel shows comes from a JSON block in the page (explorerData).
// Without the script the page is the same static document.

//go:embed explorer.js
var explorerJS string

// explorerScriptHash is the CSP source that allows the embedded script
// and nothing else, computed on first use.
var explorerScriptHash = sync.OnceValue(func() string {
	sum := sha256.Sum256([]byte(explorerJS))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
})

// explorerData is what the explorer's side panel and overlays show,
// keyed by component address.
type explorerData struct {
	Components map[string]explorerComponent `json:"components"`
	Services   map[string]string            `json:"services"` // service name -> its page's anchor
	Workloads  []explorerWorkload           `json:"workloads"`
}

type explorerComponent struct {
	Name        string            `json:"name"`
	Kind        string            `json:"kind"`
	Service     string            `json:"service,omitempty"`
	Description string            `json:"description,omitempty"`
	Page        string            `json:"page,omitempty"` // anchor of the page that documents it
	Findings    []string          `json:"findings,omitempty"`
	Simulated   []explorerFigures `json:"simulated,omitempty"`
}

// explorerFigures are one workload's simulated figures for a component.
type explorerFigures struct {
	Workload    string  `json:"workload"`
	Invocations float64 `json:"invocations"`
	Errors      float64 `json:"errors"`
	Throttled   float64 `json:"throttled"`
	DurationMs  float64 `json:"duration_ms"`
	Concurrency float64 `json:"peak_concurrency"`
}

// explorerWorkload is a workload's slowest path: the overlay highlights
// its components and the edges between them.
type explorerWorkload struct {
	Name  string      `json:"name"`
	Nodes []string    `json:"nodes"`
	Edges [][2]string `json:"edges"`
	P99Ms float64     `json:"p99_ms"`
}

func (b *builder) explorerData(ctx context.Context) ([]byte, error) {
	arch := b.in.Arch
	d := explorerData{Components: map[string]explorerComponent{}, Services: map[string]string{}}
	for _, s := range arch.Services {
		d.Services[s.Name] = pageID(servicePage(s.Name))
	}
	for _, c := range arch.Components {
		ec := explorerComponent{Name: c.Name, Kind: string(c.Kind), Description: safetext.Text(c.Str(schema.AttrDescription))}
		if c.Service != nil {
			ec.Service = c.Service.Name
			ec.Page = pageID(servicePage(c.Service.Name))
		}
		for _, f := range b.byComp[c.Address()] {
			ec.Findings = append(ec.Findings, safetext.Line(f.Severity.String()+" "+f.Rule+": "+f.Message))
		}
		d.Components[c.Address()] = ec
	}
	if sim := b.in.Simulation; sim != nil && sim.Report != nil {
		for _, w := range sim.Report.Workloads {
			for _, r := range w.Components {
				ec, ok := d.Components[r.Component]
				if !ok {
					continue
				}
				ec.Simulated = append(ec.Simulated, explorerFigures{Workload: w.Name, Invocations: r.Invocations, Errors: r.Errors,
					Throttled: r.Throttled, DurationMs: r.DurationMs, Concurrency: r.Concurrency.Peak})
				d.Components[r.Component] = ec
			}
		}
		for _, w := range arch.Workloads {
			p, err := simulate.CriticalPath(ctx, arch, w.Name)
			if err != nil {
				continue // a workload without a path: no overlay for it
			}
			ew := explorerWorkload{Name: w.Name, P99Ms: p.Latency.P99}
			for _, h := range p.Hops {
				ew.Nodes = append(ew.Nodes, h.Component)
				if h.From != "" {
					ew.Edges = append(ew.Edges, [2]string{h.From, h.Component})
				}
			}
			d.Workloads = append(d.Workloads, ew)
		}
	}
	return json.Marshal(d)
}

var svgGroup = lazyregexp.New(`<g id="([^"]*)" class="(node|edge)([ "])`)

// explorerAttrs gives every node group of a Graphviz SVG its address
// (data-address="function.create_order") and every edge group its ends
// (data-from, data-to), read from the stable ids render gives them.
func explorerAttrs(svg string) string {
	return svgGroup.ReplaceAllStringFunc(svg, func(m string) string {
		sub := svgGroup.FindStringSubmatch(m)
		id := html.UnescapeString(sub[1])
		if sub[2] == "node" {
			return m[:len(m)-len(`class="node`+sub[3])] + `data-address="` + html.EscapeString(id) + `" class="node` + sub[3]
		}
		from, to, ok := edgeEnds(id)
		if !ok {
			return m
		}
		return m[:len(m)-len(`class="edge`+sub[3])] + `data-from="` + html.EscapeString(from) + `" data-to="` + html.EscapeString(to) + `" class="edge` + sub[3]
	})
}

// edgeEnds reads "edge.api.public->function.create_order[.sync]": node
// ids are KIND.NAME, and names hold no dots.
func edgeEnds(id string) (from, to string, ok bool) {
	rest, found := strings.CutPrefix(id, "edge.")
	if !found {
		return "", "", false
	}
	from, to, found = strings.Cut(rest, "->")
	if !found {
		return "", "", false
	}
	if parts := strings.SplitN(to, ".", 3); len(parts) == 3 {
		to = parts[0] + "." + parts[1]
	}
	return from, to, true
}
