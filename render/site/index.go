package site

import (
	"fmt"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/simulate"
)

func (b *builder) indexPage() {
	arch := b.in.Arch
	p := b.newPage(indexPage, b.title, "Overview", "")
	p.heading(1, T(b.title))
	if arch.Description != "" {
		p.add(Para{T(arch.Description)})
	}
	p.add(Para{b.summaryLine()})

	p.heading(2, T("Context"))
	if b.hasAsset(contextAsset) {
		p.add(Figure{Asset: contextAsset, Alt: "Context diagram: the services of " + b.title + " and their dependencies"})
	} else {
		p.add(Para{T("No diagram was drawn.")})
	}

	p.heading(2, T("Services"))
	if len(arch.Services) == 0 {
		p.add(Para{T("The architecture declares no service.")})
	} else {
		p.add(b.servicesTable(true))
	}
	if top := b.topLevel(); len(top) > 0 {
		p.add(Para{Inline{Text(plural(len(top), "component is", "components are") + " declared outside any service: "),
			Text("see them").To(&Link{Page: topLevelPage}), Text(".")}})
	}

	p.heading(2, T("Patterns"))
	if len(arch.Patterns) == 0 {
		p.add(Para{T("The architecture declares no pattern.")})
	} else {
		p.add(b.patternsTable())
	}

	p.heading(2, T("Findings"))
	p.add(b.findingsSummary(true)...)

	p.heading(2, T("Cost"))
	p.add(b.costBlocks(true)...)
}

// summaryLine counts what the architecture holds.
func (b *builder) summaryLine() Inline {
	arch := b.in.Arch
	parts := []string{
		plural(len(arch.Components), "component", "components") + " in " + plural(len(arch.Services), "service", "services"),
		plural(len(arch.Patterns), "pattern", "patterns"),
		plural(len(arch.Workloads), "workload", "workloads"),
	}
	if arch.Region != "" {
		parts = append(parts, "region "+arch.Region)
	}
	line := Inline{}
	for i, s := range parts {
		if i > 0 {
			line = append(line, Text(" · "))
		}
		line = append(line, Text(s))
	}
	return line
}

// servicesTable lists the services; links makes names link to their pages.
func (b *builder) servicesTable(links bool) Table {
	t := Table{Header: []string{"Service", "Owner", "Description", "Components", "Patterns"}, Right: []bool{false, false, false, true, false}, Prose: []bool{false, false, true}}
	patternsOf := b.patternsByService()
	for _, s := range b.in.Arch.Services {
		name := Text(s.Name)
		if links {
			name = name.To(&Link{Page: servicePage(s.Name)})
		} else {
			name = Code(s.Name).To(b.sourceLink(s.DeclRange.Filename, s.DeclRange.Start.Line))
		}
		var pats Inline
		for i, p := range patternsOf[s] {
			if i > 0 {
				pats = append(pats, Text(", "))
			}
			if links {
				pats = append(pats, Text(p.Name).To(&Link{Page: patternPage(p.Name)}))
			} else {
				pats = append(pats, Text(p.Name))
			}
		}
		t.Rows = append(t.Rows, []Inline{{name}, T(s.Owner), T(s.Description), T(fmtNum(float64(len(s.Components)))), pats})
	}
	return t
}

// patternsByService lists for each service the patterns one of its
// components takes part in.
func (b *builder) patternsByService() map[*schema.Service][]*schema.Pattern {
	out := map[*schema.Service][]*schema.Pattern{}
	for _, p := range b.in.Arch.Patterns {
		seen := map[*schema.Service]bool{}
		for _, c := range members(p) {
			if c.Service != nil && !seen[c.Service] {
				seen[c.Service] = true
				out[c.Service] = append(out[c.Service], p)
			}
		}
	}
	return out
}

func (b *builder) patternsTable() Table {
	t := Table{Header: []string{"Pattern", "Kind", "Components", "Checks"}, Right: []bool{false, false, true, false}}
	for _, p := range b.in.Arch.Patterns {
		t.Rows = append(t.Rows, []Inline{
			{Text(p.Name).To(&Link{Page: patternPage(p.Name)})},
			T(patternTitle(p.Kind)),
			T(fmtNum(float64(len(members(p))))),
			T(checksVerdict(b.checks[p])),
		})
	}
	return t
}

// checksVerdict sums up a pattern's checks in a few words.
func checksVerdict(checks []Check) string {
	var fs []lint.Finding
	ran := 0
	for _, c := range checks {
		if c.Ran {
			ran++
		}
		fs = append(fs, c.Findings...)
	}
	switch {
	case ran == 0:
		return "not checked"
	case len(fs) == 0:
		return fmt.Sprintf("%d of %d pass", ran, ran)
	}
	return "fail: " + countsText(lint.Count(fs))
}

// countsText is "1 error, 2 warnings" without the zero counts.
func countsText(c lint.Counts) string {
	var parts []string
	if c.Errors > 0 {
		parts = append(parts, plural(c.Errors, "error", "errors"))
	}
	if c.Warnings > 0 {
		parts = append(parts, plural(c.Warnings, "warning", "warnings"))
	}
	if c.Infos > 0 {
		parts = append(parts, plural(c.Infos, "info", "infos"))
	}
	if len(parts) == 0 {
		return "none"
	}
	return andList(parts)
}

// findingsSummary counts the findings by severity; links adds a link to
// the findings page.
func (b *builder) findingsSummary(links bool) []Block {
	c := lint.Count(b.findings)
	rules := 0
	if b.in.Lint != nil {
		rules = len(b.in.Lint.Rules)
	}
	if len(b.findings) == 0 {
		text := fmt.Sprintf("No findings: the architecture passes all %s.", plural(rules, "rule", "rules"))
		if b.in.Lint == nil {
			text = "The architecture was not linted."
		}
		out := []Block{Para{T(text)}}
		if n := b.suppressedCount(); n > 0 && links {
			out = append(out, Para{Inline{Text(plural(n, "finding is", "findings are") + " suppressed: "),
				Text("see the findings page").To(&Link{Page: findingsPage}), Text(".")}})
		}
		return out
	}
	t := Table{Header: []string{"Severity", "Findings"}, Right: []bool{false, true}}
	for _, row := range []struct {
		name string
		n    int
	}{{"error", c.Errors}, {"warning", c.Warnings}, {"info", c.Infos}} {
		t.Rows = append(t.Rows, []Inline{T(row.name), T(fmtNum(float64(row.n)))})
	}
	text := Inline{Text(fmt.Sprintf("%s from %s.", plural(len(b.findings), "finding", "findings"), plural(rules, "rule", "rules")))}
	if links {
		text = append(text, Text(" "), Text("Every finding, with its rule and source line").To(&Link{Page: findingsPage}), Text("."))
	}
	return []Block{t, Para{text}}
}

func (b *builder) suppressedCount() int {
	if b.in.Lint == nil {
		return 0
	}
	return len(b.in.Lint.Suppressed)
}

// costBlocks sums up each workload's cost; links links the workload pages.
func (b *builder) costBlocks(links bool) []Block {
	arch := b.in.Arch
	if len(arch.Workloads) == 0 {
		return []Block{Para{T("The architecture declares no workload, so nothing was simulated.")}}
	}
	sim := b.simulation()
	if sim == nil {
		return []Block{Para{T("The workloads were not simulated.")}}
	}
	t := Table{
		Header: []string{"Workload", "Entry", "Requests per month", "Monthly cost", "Per million requests"},
		Right:  []bool{false, false, true, true, true},
	}
	for _, w := range arch.Workloads {
		r := sim.workload(w.Name)
		if r == nil {
			continue
		}
		name := Text(w.Name)
		if links {
			name = name.To(&Link{Page: workloadPage(w.Name)})
		}
		t.Rows = append(t.Rows, []Inline{{name}, b.entry(w, links),
			T(count(r.Cost.Requests)), T(usd(r.Cost.MonthlyUSD)), T(usd(r.Cost.PerMillionUSD))})
	}
	return []Block{t, Para{T(sim.pricesNote())}}
}

// entry is a workload's entry component and route.
func (b *builder) entry(w *schema.Workload, links bool) Inline {
	var in Inline
	if w.Entry != nil {
		if links {
			in = append(in, b.comp(w.Entry))
		} else {
			in = append(in, Code(w.Entry.Address()))
		}
	}
	if w.Route != "" {
		in = append(in, Text(" "), Code(w.Route))
	}
	return in
}

// sim wraps the simulator's report.
type sim struct{ r *simulate.Report }

func (b *builder) simulation() *sim {
	if b.in.Simulation == nil || b.in.Simulation.Report == nil {
		return nil
	}
	return &sim{b.in.Simulation.Report}
}

func (s *sim) workload(name string) *simulate.WorkloadResult {
	for i := range s.r.Workloads {
		if s.r.Workloads[i].Name == name {
			return &s.r.Workloads[i]
		}
	}
	return nil
}

// pricesNote says which prices the costs use.
func (s *sim) pricesNote() string {
	free := "without"
	for _, w := range s.r.Workloads {
		if w.Cost.FreeTier {
			free = "with"
		}
	}
	p := s.r.Prices
	note := "Monthly cost at each workload's monthly volume, " + free + " the free tier"
	if p.Region != "" {
		note += ", " + p.Region + " prices"
	}
	if p.Date != "" {
		note += " of " + p.Date
	}
	if p.Source != "" && p.Source != "bundled" {
		note += " from " + p.Source
	}
	return note + "."
}
