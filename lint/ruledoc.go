package lint

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/mitchellh/go-wordwrap"
)

// Catalog is the documentation of every rule a user can name: the rules
// given and the engine's own checks, sorted by ID.
func Catalog(rules []Rule) []Meta {
	var out []Meta
	for _, r := range rules {
		out = append(out, r.Meta())
	}
	out = append(out, EngineRules()...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// isEngineRule reports whether id is one of the engine's checks.
func isEngineRule(id string) bool {
	return slices.ContainsFunc(EngineRules(), func(m Meta) bool { return m.ID == id })
}

// RuleListFormats are the formats of WriteRuleList.
func RuleListFormats() []string { return []string{"text", "json", "markdown"} }

// WriteRuleList writes the rule catalog: an aligned table for people,
// JSON for tools (every documentation field), or a Markdown table linking
// each rule's page.
func WriteRuleList(w io.Writer, metas []Meta, format string) error {
	switch format {
	case "text":
		return writeRuleTable(w, metas)
	case "json":
		return writeRuleJSON(w, metas)
	case "markdown":
		bw := bufio.NewWriter(w)
		writeRuleMarkdownTable(bw, metas, RuleDocURL, true)
		return bw.Flush()
	}
	return fmt.Errorf("unknown format %q: use %s", format, strings.Join(RuleListFormats(), ", "))
}

func writeRuleTable(w io.Writer, metas []Meta) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tPRESET\tOPTIONS\tTITLE")
	for _, m := range metas {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.ID, m.Severity, PresetOf(m), optionSummary(m.Options), m.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%s. 'archie explain RULE' shows one in full.\n", plural(len(metas), "rule", "rules"))
	return err
}

// optionSummary is "max_hops=2, threshold=3" or "-".
func optionSummary(opts []Option) string {
	if len(opts) == 0 {
		return "-"
	}
	parts := make([]string, len(opts))
	for i, o := range opts {
		parts[i] = fmt.Sprintf("%s=%d", o.Name, o.Default)
	}
	return strings.Join(parts, ", ")
}

type jsonRuleOption struct {
	Name    string `json:"name"`
	Default int    `json:"default"`
	Min     int    `json:"min"`
	Doc     string `json:"doc"`
}

type jsonRule struct {
	ID       string           `json:"id"`
	Severity string           `json:"severity"`
	Preset   string           `json:"preset"`
	Title    string           `json:"title"`
	Why      string           `json:"why"`
	Source   string           `json:"source"`
	Ignore   string           `json:"ignore"`
	Imported string           `json:"imported,omitempty"`
	Failing  string           `json:"failing"`
	Fixed    string           `json:"fixed"`
	SeeAlso  []string         `json:"see_also"`
	Options  []jsonRuleOption `json:"options"`
	HelpURI  string           `json:"help_uri"`
}

func writeRuleJSON(w io.Writer, metas []Meta) error {
	out := struct {
		Rules []jsonRule `json:"rules"`
	}{Rules: []jsonRule{}}
	for _, m := range metas {
		jr := jsonRule{
			ID: m.ID, Severity: m.Severity.String(), Preset: PresetOf(m), Title: m.Title, Why: m.Why, Source: m.Source, Ignore: m.Ignore, Imported: m.Imported,
			Failing: m.Failing, Fixed: m.Fixed, SeeAlso: m.SeeAlso, Options: []jsonRuleOption{}, HelpURI: RuleDocURL(m.ID),
		}
		if jr.SeeAlso == nil {
			jr.SeeAlso = []string{}
		}
		for _, o := range m.Options {
			jr.Options = append(jr.Options, jsonRuleOption{o.Name, o.Default, o.Min, o.Doc})
		}
		out.Rules = append(out.Rules, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// writeRuleMarkdownTable writes a table of rules, with a Preset column
// when withPreset.
func writeRuleMarkdownTable(w io.Writer, metas []Meta, link func(id string) string, withPreset bool) {
	if withPreset {
		fmt.Fprintln(w, "| ID | Severity | Preset | Title |")
		fmt.Fprintln(w, "|---|---|---|---|")
	} else {
		fmt.Fprintln(w, "| ID | Severity | Title |")
		fmt.Fprintln(w, "|---|---|---|")
	}
	for _, m := range metas {
		preset := ""
		if withPreset {
			preset = " " + PresetOf(m) + " |"
		}
		fmt.Fprintf(w, "| [`%s`](%s) | %s |%s %s |\n", m.ID, link(m.ID), m.Severity, preset, MarkdownText(m.Title))
	}
}

// ExplainOptions control WriteExplain.
type ExplainOptions struct {
	Color bool
	Width int // wrap width of prose; 0 for 80
}

// WriteExplain writes one rule's documentation for a terminal: title,
// severity, why and its source, when to ignore, options, the failing and
// fixed HCL, how to configure and suppress it, and related rules.
func WriteExplain(w io.Writer, m Meta, opt ExplainOptions) error {
	width := opt.Width
	if width <= 0 {
		width = 80
	}
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opt.Color {
			return s
		}
		return code + s + ANSIReset
	}
	heading := func(s string) { fmt.Fprintf(bw, "\n%s\n", paint(ANSIBold, s)) }
	prose := func(s string) { fmt.Fprintln(bw, reflow(s, "  ", width)) }
	code := func(s string) {
		for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
			fmt.Fprintln(bw, strings.TrimRight("  "+line, " "))
		}
	}
	fmt.Fprintf(bw, "%s  %s\n", paint(ANSIBold, m.ID), paint(ANSIBold+m.Severity.ANSIColor(), m.Severity.String()))
	fmt.Fprintln(bw, reflow(m.Title, "", width))
	if m.Why != "" {
		heading("WHY")
		prose(m.Why)
	}
	if m.Source != "" {
		heading("SOURCE")
		prose(m.Source)
	}
	if m.Ignore != "" {
		heading("WHEN TO IGNORE")
		prose(m.Ignore)
	}
	if m.Imported != "" {
		heading("ON IMPORTED ARCHITECTURES (--from)")
		prose(m.Imported)
	}
	if len(m.Options) > 0 {
		heading("OPTIONS (rule \"" + m.ID + "\" { ... } in " + ConfigName + ")")
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		for _, o := range m.Options {
			fmt.Fprintf(tw, "  %s\tdefault %d, at least %d\t%s\n", o.Name, o.Default, o.Min, o.Doc)
		}
		tw.Flush()
	}
	if m.Failing != "" {
		heading("FAILING")
		code(m.Failing)
	}
	if m.Fixed != "" {
		heading("FIXED")
		code(m.Fixed)
	}
	heading("CONFIGURE AND SUPPRESS")
	code(configureHCL(m))
	if len(m.SeeAlso) > 0 {
		heading("SEE ALSO")
		fmt.Fprintf(bw, "  %s\n", strings.Join(m.SeeAlso, ", "))
	}
	fmt.Fprintf(bw, "\n%s\n", paint(ANSICyan, RuleDocURL(m.ID)))
	return bw.Flush()
}

// configureHCL shows how to tune and silence a rule.
func configureHCL(m Meta) string {
	var b strings.Builder
	if m.Preset != "" {
		fmt.Fprintf(&b, "# %s: the rule is in the opt-in %q preset; turn it on alone, or\n", ConfigName, m.Preset)
		fmt.Fprintf(&b, "# with its preset: config { presets = [\"default\", %q] }\n", m.Preset)
		fmt.Fprintf(&b, "rule %q {\n", m.ID)
		fmt.Fprintf(&b, "  enabled  = true\n")
		fmt.Fprintf(&b, "  severity = %q\n", alternativeSeverity(m.Severity))
	} else {
		fmt.Fprintf(&b, "# %s: change the severity, or turn the rule off\n", ConfigName)
		fmt.Fprintf(&b, "rule %q {\n", m.ID)
		fmt.Fprintf(&b, "  severity = %q\n", alternativeSeverity(m.Severity))
		fmt.Fprintf(&b, "  # enabled = false\n")
	}
	for _, o := range m.Options {
		fmt.Fprintf(&b, "  # %s = %d\n", o.Name, o.Default)
	}
	b.WriteString("}\n")
	if isEngineRule(m.ID) {
		b.WriteString("\n# the engine's own checks cannot be silenced by a comment\n")
		return b.String()
	}
	fmt.Fprintf(&b, "\n# in an architecture file, on the line above a block or attribute, or at its end\n")
	fmt.Fprintf(&b, "# archie-ignore: %s -- the reason\n", m.ID)
	fmt.Fprintf(&b, "\n# for a whole file, among its first comments\n")
	fmt.Fprintf(&b, "# archie-ignore-file: %s -- the reason\n", m.ID)
	return b.String()
}

func alternativeSeverity(s Severity) Severity {
	if s == Error {
		return Warning
	}
	return Error
}

// reflow wraps prose to width with an indent, keeping paragraphs, and
// lines that start a list item or are indented as written.
func reflow(s, indent string, width int) string {
	var out []string
	for _, para := range strings.Split(strings.TrimSpace(s), "\n\n") {
		lines := strings.Split(para, "\n")
		keep := false
		for _, l := range lines {
			if strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "  ") || strings.HasPrefix(l, "* ") {
				keep = true
			}
		}
		if keep {
			for i, l := range lines {
				lines[i] = indent + l
			}
			out = append(out, strings.Join(lines, "\n"))
			continue
		}
		text := strings.Join(strings.Fields(para), " ")
		wrapped := wordwrap.WrapString(text, uint(width-len(indent)))
		out = append(out, indent+strings.ReplaceAll(wrapped, "\n", "\n"+indent))
	}
	return strings.Join(out, "\n\n")
}

// docsHeader marks generated documentation.
const docsHeader = "<!-- Code generated by `make generate` from the rule metadata in rules/ and lint/. DO NOT EDIT. -->\n"

// RuleDocs is the content of docs/rules/: a page per rule, named
// ID.md, and README.md, the catalog with links. It covers rules and the
// engine's own checks.
func RuleDocs(rules []Rule) map[string][]byte {
	metas := Catalog(rules)
	known := map[string]Meta{}
	for _, m := range metas {
		known[m.ID] = m
	}
	out := map[string][]byte{}
	for _, m := range metas {
		var b bytes.Buffer
		writeRulePage(&b, m, known)
		out[m.ID+".md"] = b.Bytes()
	}
	var catalog, optIn, engine []Meta
	for _, m := range metas {
		switch {
		case isEngineRule(m.ID):
			engine = append(engine, m)
		case m.Preset != "":
			optIn = append(optIn, m)
		default:
			catalog = append(catalog, m)
		}
	}
	var b bytes.Buffer
	b.WriteString(docsHeader)
	fmt.Fprintf(&b, `# Rules

archie checks an architecture against %s. Most look at the graph
rather than at one resource: paths, chains, cycles, ownership, patterns.
Each page below says what the rule checks, why it matters and where that
fact comes from, when it is safe to ignore, and shows failing and fixed
HCL. `+"`archie rules`"+` lists the same catalog and `+"`archie explain RULE`"+`
shows a page in the terminal.

Rules are tuned and turned off in `+"`.archie.hcl`"+`, and silenced for one
block with an `+"`archie-ignore`"+` comment: see [configuration](../configuration.md).
%s
`, plural(len(catalog)+len(optIn), "rule", "rules"), optInNote(len(optIn)))
	writeRuleMarkdownTable(&b, catalog, func(id string) string { return id + ".md" }, false)
	if len(optIn) > 0 {
		b.WriteString(`
## Opt-in presets

These rules run only when a preset that holds them is chosen, with
` + "`presets = [\"default\", \"hygiene\"]`" + ` in the config block of ` + "`.archie.hcl`" + ` or
` + "`archie lint --preset hygiene`" + `, or when a rule block enables one of them
alone. The presets are:

`)
		for _, p := range Presets(rules) {
			fmt.Fprintf(&b, "- `%s`: %s.\n", p.Name, MarkdownText(p.Doc))
		}
		b.WriteString("\n")
		writeRuleMarkdownTable(&b, optIn, func(id string) string { return id + ".md" }, false)
	}
	b.WriteString(`
## Checks of suppression comments

The engine checks the ` + "`archie-ignore`" + ` comments themselves. These checks are
configured like rules but cannot be silenced by a comment.

`)
	writeRuleMarkdownTable(&b, engine, func(id string) string { return id + ".md" }, false)
	out["README.md"] = b.Bytes()
	return out
}

// optInNote is the README's line on opt-in rules, when there are any.
func optInNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("The first table lists the rules that run by default; %s of the\n[opt-in presets](#opt-in-presets) run only when chosen.\n", plural(n, "rule", "rules"))
}

// writeRulePage writes docs/rules/ID.md.
func writeRulePage(w io.Writer, m Meta, known map[string]Meta) {
	fmt.Fprint(w, docsHeader)
	fmt.Fprintf(w, "# %s\n\n", m.ID)
	fmt.Fprintf(w, "**%s**\n\n", MarkdownText(m.Title))
	fmt.Fprintln(w, "| | |")
	fmt.Fprintln(w, "|---|---|")
	fmt.Fprintf(w, "| ID | `%s` |\n", m.ID)
	fmt.Fprintf(w, "| Default severity | %s |\n", m.Severity)
	if m.Preset != "" {
		fmt.Fprintf(w, "| Preset | `%s` (opt-in) |\n", m.Preset)
	}
	opts := "none"
	if len(m.Options) > 0 {
		var parts []string
		for _, o := range m.Options {
			parts = append(parts, fmt.Sprintf("`%s` (default %d)", o.Name, o.Default))
		}
		opts = strings.Join(parts, ", ")
	}
	fmt.Fprintf(w, "| Options | %s |\n", opts)
	section := func(title, body string) {
		if strings.TrimSpace(body) != "" {
			fmt.Fprintf(w, "\n## %s\n\n%s\n", title, strings.TrimSpace(body))
		}
	}
	section("Why", m.Why)
	if m.Source != "" {
		fmt.Fprintf(w, "\nSource: %s\n", strings.TrimSpace(m.Source))
	}
	section("When to ignore", m.Ignore)
	section("On imported architectures", m.Imported)
	if m.Failing != "" {
		section("Failing example", CodeFence(m.Failing, "hcl"))
	}
	if m.Fixed != "" {
		section("Fixed example", CodeFence(m.Fixed, "hcl"))
	}
	if len(m.Options) > 0 {
		var b strings.Builder
		b.WriteString("| Option | Default | Minimum | Meaning |\n|---|---|---|---|\n")
		for _, o := range m.Options {
			fmt.Fprintf(&b, "| `%s` | %d | %d | %s |\n", o.Name, o.Default, o.Min, MarkdownText(o.Doc))
		}
		section("Options", b.String())
	}
	var cfg strings.Builder
	if isEngineRule(m.ID) {
		cfg.WriteString("This check of suppression comments cannot itself be silenced by a comment. Change its severity or turn it off in `.archie.hcl` ([configuration](../configuration.md)):\n\n")
	} else {
		if m.Preset != "" {
			cfg.WriteString("Turn the rule on, alone or with its preset, and change its severity in `.archie.hcl` ([configuration](../configuration.md)):\n\n")
		} else {
			cfg.WriteString("Change the severity, set options or turn the rule off in `.archie.hcl` ([configuration](../configuration.md)):\n\n")
		}
	}
	cfg.WriteString(CodeFence(strings.SplitN(configureHCL(m), "\n\n", 2)[0], "hcl"))
	if !isEngineRule(m.ID) {
		fmt.Fprintf(&cfg, "\n\nSilence it for one block or attribute with a comment on the line above it, or at the end of its first line, saying why:\n\n")
		cfg.WriteString(CodeFence(fmt.Sprintf("# archie-ignore: %s -- the reason", m.ID), "hcl"))
		fmt.Fprintf(&cfg, "\n\nor for a whole file, among its first comments: `# archie-ignore-file: %s -- the reason`.", m.ID)
	}
	section("Configure and suppress", cfg.String())
	if len(m.SeeAlso) > 0 {
		var b strings.Builder
		for _, id := range m.SeeAlso {
			if other, ok := known[id]; ok {
				fmt.Fprintf(&b, "- [`%s`](%s.md): %s\n", id, id, MarkdownText(other.Title))
			} else {
				fmt.Fprintf(&b, "- `%s`\n", id)
			}
		}
		section("See also", b.String())
	}
}
