package site

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

func (b *builder) patternPage(pt *schema.Pattern) {
	p := b.newPage(patternPage(pt.Name), "Pattern "+pt.Name, pt.Name, "Patterns")
	p.heading(1, Inline{Text("Pattern "), Code(pt.Name)})
	p.add(Para{Inline{Strong(patternTitle(pt.Kind)), Text(" ("), Code(pt.Kind), Text("), declared at "),
		b.source(pt.DeclRange.Filename, pt.DeclRange.Start.Line), Text(".")}})

	if info, ok := patternCatalog[pt.Kind]; ok {
		p.heading(2, T("What it is for"))
		p.add(Para{T(info.For)})
		p.add(Para{Inline{Strong("What to watch:"), Text(" " + info.Watch)}})
	}

	p.heading(2, T("Roles"))
	t := Table{Header: []string{"Role", "Component", "Kind", "Service"}}
	for _, spec := range schema.PatternRoles[pt.Kind] {
		roles := pt.Roles[spec.Name]
		if len(roles) == 0 {
			if spec.Optional {
				t.Rows = append(t.Rows, []Inline{C(spec.Name), {Emph("not filled (optional)")}, nil, nil})
			}
			continue
		}
		for _, r := range roles {
			if r.Component == nil {
				continue
			}
			t.Rows = append(t.Rows, []Inline{C(spec.Name), {b.comp(r.Component)}, T(string(r.Component.Kind)), {b.serviceSpan(r.Component)}})
		}
	}
	p.add(t)

	if asset := patternAsset(pt.Name); b.hasAsset(asset) {
		p.heading(2, T("Diagram"))
		p.add(Figure{Asset: asset, Alt: "Pattern " + pt.Name + ": its members and their neighbours"})
	}

	p.heading(2, T("Checks"))
	p.add(Para{T("The rules that judge this pattern, and what they found here.")})
	ct := Table{Header: []string{"Rule", "What it checks", "Result"}}
	var fs, sup []lint.Finding
	for _, c := range b.checks[pt] {
		result := "pass"
		switch {
		case !c.Ran:
			result = "not run: disabled in the configuration"
		case len(c.Findings) > 0:
			result = "fail: " + countsText(lint.Count(c.Findings))
		case len(c.Suppressed) > 0:
			result = "pass (" + plural(len(c.Suppressed), "finding", "findings") + " suppressed)"
		}
		ct.Rows = append(ct.Rows, []Inline{{b.rule(c.Rule.ID)}, T(c.Rule.Title), T(result)})
		fs = append(fs, c.Findings...)
		sup = append(sup, c.Suppressed...)
	}
	p.add(ct)
	if len(fs) > 0 {
		lint.SortFindings(fs)
		p.heading(3, T("Findings of the checks"))
		p.add(b.findingsTable(fs, false))
	}
	if len(sup) > 0 {
		lint.SortFindings(sup)
		p.heading(3, T("Suppressed"))
		p.add(b.suppressedTable(sup))
	}
}
