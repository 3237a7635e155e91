package site

import (
	"fmt"

	"github.com/archiehq/archie/lint"
)

func (b *builder) findingsPage() {
	p := b.newPage(findingsPage, "Findings", "Findings", "")
	p.heading(1, T("Findings"))
	if b.in.Lint == nil {
		p.add(Para{T("The architecture was not linted.")})
		return
	}
	rules := len(b.in.Lint.Rules)
	if len(b.findings) == 0 {
		p.add(Para{T(fmt.Sprintf("No findings: the architecture passes all %s.", plural(rules, "rule", "rules")))})
	} else {
		p.add(Para{T(fmt.Sprintf("%s (%s) from %s. Each rule links to its documentation: why it matters, when it is safe to ignore, and how to fix it.",
			plural(len(b.findings), "finding", "findings"), countsText(lint.Count(b.findings)), plural(rules, "rule", "rules")))})
		p.add(b.findingsTable(b.findings, true))
	}
	if sup := b.in.Lint.Suppressed; len(sup) > 0 {
		p.heading(2, T("Suppressed"))
		p.add(Para{T("Findings silenced by an archie-ignore comment or the baseline, with the reason given.")})
		p.add(b.suppressedTable(sup))
	}
}

func (b *builder) suppressedTable(fs []lint.Finding) Table {
	t := Table{Header: []string{"Rule", "Component", "Message", "Source", "Suppressed by"}, Prose: []bool{false, false, true, false, true}}
	for _, f := range fs {
		comp := Inline{}
		if f.Component != "" {
			comp = Inline{b.compByAddress(f.Component)}
		}
		how := f.SuppressedBy
		if f.Justification != "" && f.Justification != how {
			how += ": " + f.Justification
		}
		t.Rows = append(t.Rows, []Inline{{b.rule(f.Rule)}, comp, T(f.Message), {b.source(f.Range.Filename, f.Range.Start.Line)}, T(how)})
	}
	return t
}
