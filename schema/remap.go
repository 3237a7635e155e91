package schema

import "github.com/hashicorp/hcl/v2"

// RemapRanges rewrites every source range of the model with f. Importers
// use it: they load generated HCL and then point each node, attribute and
// edge back at the template or .tf file it came from, so findings show the
// user's own lines. Files is left to the caller.
func (a *Architecture) RemapRanges(f func(hcl.Range) hcl.Range) {
	a.DeclRange = f(a.DeclRange)
	for _, s := range a.Services {
		s.DeclRange = f(s.DeclRange)
	}
	for _, c := range a.Components {
		c.DeclRange = f(c.DeclRange)
		c.Range = f(c.Range)
		remapAttrs(c.Attrs, f)
		for _, t := range c.Triggers {
			t.DeclRange = f(t.DeclRange)
			t.Range = f(t.Range)
			t.SourceExpr = f(t.SourceExpr)
			remapAttrs(t.Attrs, f)
		}
	}
	for _, e := range a.Edges {
		e.Range = f(e.Range)
	}
	for _, p := range a.Patterns {
		p.DeclRange = f(p.DeclRange)
		p.Range = f(p.Range)
		for _, roles := range p.Roles {
			for _, r := range roles {
				r.Range = f(r.Range)
			}
		}
	}
	for _, w := range a.Workloads {
		w.DeclRange = f(w.DeclRange)
		remapAttrs(w.Attrs, f)
		for i := range w.Bursts {
			w.Bursts[i].Range = f(w.Bursts[i].Range)
		}
	}
}

func remapAttrs(attrs map[string]*Attr, f func(hcl.Range) hcl.Range) {
	for _, a := range attrs {
		a.Range = f(a.Range)
		a.NameRange = f(a.NameRange)
		for i := range a.Refs {
			a.Refs[i].Range = f(a.Refs[i].Range)
		}
	}
}

// RemapDiagnostics rewrites the subject and context ranges of diagnostics
// with f.
func RemapDiagnostics(diags hcl.Diagnostics, f func(hcl.Range) hcl.Range) {
	for _, d := range diags {
		if d.Subject != nil {
			r := f(*d.Subject)
			d.Subject = &r
		}
		if d.Context != nil {
			r := f(*d.Context)
			d.Context = &r
		}
	}
}
