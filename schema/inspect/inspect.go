// Package inspect writes a loaded architecture as text for people and as
// JSON for tools: every component with its kind, service, attributes after
// defaults and source range, its triggers, and every edge.
package inspect

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
)

// Pos is a line and column.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Range is a source range; field names are a stable interface.
type Range struct {
	Filename string `json:"filename"`
	Start    Pos    `json:"start"`
	End      Pos    `json:"end"`
}

// Attribute is one attribute's value after defaults.
type Attribute struct {
	Value any    `json:"value"`
	Set   bool   `json:"set"` // written in the source; false for a default
	Range *Range `json:"range,omitempty"`
}

// Trigger is one trigger of a component.
type Trigger struct {
	Source     string               `json:"source"`
	Mode       string               `json:"mode"`
	Attributes map[string]Attribute `json:"attributes"`
	Range      *Range               `json:"range,omitempty"`
}

// Component is one component.
type Component struct {
	Kind       string               `json:"kind"`
	Name       string               `json:"name"`
	Address    string               `json:"address"`
	Service    string               `json:"service"`
	Attributes map[string]Attribute `json:"attributes"`
	Triggers   []Trigger            `json:"triggers"`
	// Unknown lists, on an imported component, the links the importer
	// could not follow.
	Unknown []Unknown `json:"unknown_connections,omitempty"`
	Range   *Range    `json:"range,omitempty"`
}

// Unknown is a link an importer could not follow.
type Unknown struct {
	What  string `json:"what"`
	Range *Range `json:"range,omitempty"`
}

// Edge is one dependency.
type Edge struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Mode     string `json:"mode"`
	Relation string `json:"relation"`
	// Source is how an imported edge was learned: "template",
	// "permission", "environment" or "definition"; absent for an edge
	// written in the language.
	Source string `json:"source,omitempty"`
	// SharedBy is, for an edge inferred from an IAM role several compute
	// components share, how many share it.
	SharedBy int    `json:"shared_by,omitempty"`
	Range    *Range `json:"range,omitempty"`
}

// Service is one service.
type Service struct {
	Name        string   `json:"name"`
	Owner       string   `json:"owner,omitempty"`
	Description string   `json:"description,omitempty"`
	Components  []string `json:"components"`
	Range       *Range   `json:"range,omitempty"`
}

// Pattern is a declared pattern and its roles.
type Pattern struct {
	Kind  string              `json:"kind"`
	Name  string              `json:"name"`
	Roles map[string][]string `json:"roles"`
	Range *Range              `json:"range,omitempty"`
}

// Workload is a declared workload.
type Workload struct {
	Name       string               `json:"name"`
	Attributes map[string]Attribute `json:"attributes"`
	Range      *Range               `json:"range,omitempty"`
}

// Model is the whole architecture as inspect shows it.
type Model struct {
	Name               string      `json:"name,omitempty"`
	Region             string      `json:"region"`
	AccountConcurrency int         `json:"account_concurrency"`
	Services           []Service   `json:"services"`
	Components         []Component `json:"components"`
	Edges              []Edge      `json:"edges"`
	Patterns           []Pattern   `json:"patterns"`
	Workloads          []Workload  `json:"workloads"`
}

func rangeOf(r hcl.Range) *Range {
	if r.Filename == "" && r.Start.Line == 0 {
		return nil
	}
	return &Range{Filename: r.Filename, Start: Pos{r.Start.Line, r.Start.Column}, End: Pos{r.End.Line, r.End.Column}}
}

// Build converts the model.
func Build(a *schema.Architecture) *Model {
	m := &Model{Name: a.Name, Region: a.Region, AccountConcurrency: a.AccountConcurrency,
		Services: []Service{}, Components: []Component{}, Edges: []Edge{}, Patterns: []Pattern{}, Workloads: []Workload{}}
	for _, s := range a.Services {
		sv := Service{Name: s.Name, Owner: s.Owner, Description: s.Description, Components: []string{}, Range: rangeOf(s.DeclRange)}
		for _, c := range s.Components {
			sv.Components = append(sv.Components, c.Address())
		}
		m.Services = append(m.Services, sv)
	}
	for _, c := range a.Components {
		mc := Component{Kind: string(c.Kind), Name: c.Name, Address: c.Address(), Service: c.ServiceName(),
			Attributes: attributes(c.Attrs), Triggers: []Trigger{}, Range: rangeOf(c.DeclRange)}
		for _, u := range c.Unknown {
			mc.Unknown = append(mc.Unknown, Unknown{What: u.What, Range: rangeOf(u.Range)})
		}
		for _, t := range c.Triggers {
			attrs := attributes(t.Attrs)
			delete(attrs, "source")
			mc.Triggers = append(mc.Triggers, Trigger{Source: t.SourceName, Mode: string(t.Mode), Attributes: attrs, Range: rangeOf(t.DeclRange)})
		}
		m.Components = append(m.Components, mc)
	}
	for _, e := range a.Edges {
		m.Edges = append(m.Edges, Edge{From: e.From.Address(), To: e.To.Address(), Mode: string(e.Mode), Relation: string(e.Relation), Source: e.Source, SharedBy: e.SharedBy, Range: rangeOf(e.Range)})
	}
	for _, p := range a.Patterns {
		mp := Pattern{Kind: p.Kind, Name: p.Name, Roles: map[string][]string{}, Range: rangeOf(p.DeclRange)}
		for role, rs := range p.Roles {
			for _, r := range rs {
				mp.Roles[role] = append(mp.Roles[role], r.Component.Address())
			}
		}
		m.Patterns = append(m.Patterns, mp)
	}
	for _, w := range a.Workloads {
		m.Workloads = append(m.Workloads, Workload{Name: w.Name, Attributes: attributes(w.Attrs), Range: rangeOf(w.DeclRange)})
	}
	return m
}

func attributes(attrs map[string]*schema.Attr) map[string]Attribute {
	out := make(map[string]Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = Attribute{Value: Value(a), Set: a.Set, Range: rangeOf(a.Range)}
	}
	return out
}

// Value is an attribute's value as plain data: durations and sizes as the
// strings the language writes, references as addresses.
func Value(a *schema.Attr) any {
	switch a.Type {
	case schema.TypeString:
		return a.Str
	case schema.TypeNumber, schema.TypeInt:
		return a.Num
	case schema.TypeBool:
		return a.Bool
	case schema.TypeDuration:
		return schema.FormatDuration(a.Duration)
	case schema.TypeSize:
		return formatSize(a.Size)
	case schema.TypeRef:
		if len(a.Refs) == 1 {
			return a.Refs[0].Address()
		}
		return nil
	case schema.TypeRefList:
		out := []string{}
		for _, r := range a.Refs {
			out = append(out, r.Address())
		}
		return out
	case schema.TypeStringList:
		out := []string{}
		return append(out, a.Strings...)
	}
	return a.Any
}

func formatSize(n int64) string {
	for _, u := range []struct {
		s string
		n int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}} {
		if n >= u.n && n%u.n == 0 {
			return strconv.FormatInt(n/u.n, 10) + u.s
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}

// WriteJSON writes the model as indented JSON with sorted keys.
func WriteJSON(w io.Writer, a *schema.Architecture) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(Build(a))
}

// WriteText writes the model for people: each component with its
// attributes (defaults marked) and triggers, then the edges.
func WriteText(w io.Writer, a *schema.Architecture) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range a.Components {
		svc := ""
		if c.Service != nil {
			svc = "  service " + c.Service.Name
		}
		fmt.Fprintf(tw, "%s%s  %s\n", c.Address(), svc, where(c.DeclRange))
		for _, name := range sortedNames(c.Attrs) {
			at := c.Attrs[name]
			fmt.Fprintf(tw, "  %s\t= %s\t%s\n", name, text(Value(at)), origin(at))
		}
		for _, t := range c.Triggers {
			fmt.Fprintf(tw, "  trigger from %s (%s)  %s\n", t.SourceName, t.Mode, where(t.DeclRange))
			for _, name := range sortedNames(t.Attrs) {
				if name == "source" {
					continue
				}
				at := t.Attrs[name]
				fmt.Fprintf(tw, "    %s\t= %s\t%s\n", name, text(Value(at)), origin(at))
			}
		}
		fmt.Fprintln(tw)
	}
	if len(a.Edges) > 0 {
		fmt.Fprintln(tw, "edges")
		for _, e := range a.Edges {
			fmt.Fprintf(tw, "  %s -> %s\t%s\t%s\t%s\n", e.From.Address(), e.To.Address(), e.Mode, e.Relation, where(e.Range))
		}
	}
	fmt.Fprintf(tw, "\n%s, %s\n", count(len(a.Components), "component"), count(len(a.Edges), "edge"))
	return tw.Flush()
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func sortedNames(m map[string]*schema.Attr) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func where(r hcl.Range) string {
	if r.Filename == "" {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

func origin(a *schema.Attr) string {
	if !a.Set {
		return "(default)"
	}
	return where(a.Range)
}

// Text writes a value of Value as WriteText shows it.
func Text(v any) string { return text(v) }

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case []string:
		return "[" + strings.Join(x, ", ") + "]"
	case time.Duration:
		return schema.FormatDuration(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
