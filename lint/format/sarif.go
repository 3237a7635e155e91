package format

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema/lazyregexp"
	"github.com/archiehq/archie/schema/safetext"
	"io"
	"net/url"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
)

// SARIF 2.1.0 (OASIS standard, https://docs.oasis-open.org/sarif/sarif/v2.1.0/),
// the subset archie writes. Field order follows the specification.

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	sarifToolURI = "https://github.com/archiehq/archie"
	// sarifSrcRoot is the uriBaseId of every artifact location: the
	// repository root (the working directory outside a repository).
	sarifSrcRoot = "%SRCROOT%"
	// sarifFingerprint names archie's partial fingerprint; the suffix is
	// its version, bumped if the recipe in sarifFingerprints ever changes.
	sarifFingerprint = "archie/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                      `json:"tool"`
	Invocations        []sarifInvocation              `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocURI `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult                  `json:"results"`
	ColumnKind         string                         `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	ShortDescription     *sarifText          `json:"shortDescription,omitempty"`
	FullDescription      *sarifText          `json:"fullDescription,omitempty"`
	Help                 *sarifMultiText     `json:"help,omitempty"`
	HelpURI              string              `json:"helpUri,omitempty"`
	DefaultConfiguration *sarifConfiguration `json:"defaultConfiguration,omitempty"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMultiText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifArtifactLocURI struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int        `json:"startLine"`
	StartColumn int        `json:"startColumn,omitempty"`
	EndLine     int        `json:"endLine,omitempty"`
	EndColumn   int        `json:"endColumn,omitempty"`
	Snippet     *sarifText `json:"snippet,omitempty"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

// WriteSARIF writes the report as a SARIF 2.1.0 log with one run. Every
// rule that ran is described in tool.driver.rules; suppressed findings are
// results with a suppression; invalid input becomes tool execution
// notifications of an unsuccessful invocation.
//
// Locations are relative to the repository root (uriBaseId %SRCROOT%, whose
// absolute URI is recorded in originalUriBaseIds when known), so code
// scanning services can map them onto the repository. Columns count
// Unicode code points, as archie's positions do.
//
// Each result carries the partial fingerprint "archie/v1": a SHA-256 of the
// rule ID, the repository-relative file, the component address and the
// message with every number replaced by "0". Line and column are left out,
// so the fingerprint survives edits that move a finding, and numbers are
// left out so that a finding whose measured value changes ("3 hops" to "4
// hops") stays the same finding. Findings that would collide get an
// occurrence suffix (":2", ":3") in report order.
func WriteSARIF(w io.Writer, r *lint.Report, opt FormatOptions) error {
	rules, index := ruleList(r)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "archie",
			Version:        sarifToolVersion(opt.Version),
			InformationURI: sarifToolURI,
			Rules:          make([]sarifRule, 0, len(rules)),
		}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: !r.Invalid()}},
		Results:     []sarifResult{},
		ColumnKind:  "unicodeCodePoints",
	}
	if root := opt.sourceRoot(); root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocURI{sarifSrcRoot: {URI: fileURI(root, true)}}
	}
	for _, m := range rules {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(m))
	}
	fingerprints := map[string]int{}
	add := func(f lint.Finding, suppressed bool) {
		res := sarifResult{
			RuleID:    f.Rule,
			RuleIndex: index[f.Rule],
			Level:     sarifLevel(f.Severity),
			Message:   sarifText{Text: sarifMessage(f.Message)},
		}
		loc := sarifLocation{PhysicalLocation: sarifPhysical(r, f.Range, opt)}
		if f.Component != "" {
			name := f.Component
			if _, n, ok := strings.Cut(f.Component, "."); ok {
				name = n
			}
			loc.LogicalLocations = []sarifLogicalLocation{{Name: safetext.Text(name), FullyQualifiedName: safetext.Text(f.Component), Kind: "resource"}}
		}
		if loc.PhysicalLocation != nil || loc.LogicalLocations != nil {
			res.Locations = []sarifLocation{loc}
		}
		fp := sarifFingerprintOf(f, opt)
		fingerprints[fp]++
		if n := fingerprints[fp]; n > 1 {
			fp = fmt.Sprintf("%s:%d", fp, n)
		}
		res.PartialFingerprints = map[string]string{sarifFingerprint: fp}
		if suppressed {
			s := sarifSuppression{Kind: "inSource", Justification: safetext.Text(f.Justification)}
			if f.SuppressedBy == "baseline" {
				s.Kind = "external"
				if s.Justification == "" {
					s.Justification = "baseline"
				}
			}
			res.Suppressions = []sarifSuppression{s}
		}
		run.Results = append(run.Results, res)
	}
	for _, f := range r.Findings {
		add(f, false)
	}
	suppressed := append([]lint.Finding(nil), r.Suppressed...)
	lint.SortFindings(suppressed)
	for _, f := range suppressed {
		add(f, true)
	}
	for _, d := range lint.SortDiagnostics(r.Errors) {
		n := sarifNotification{Level: diagSeverity(d), Message: sarifText{Text: sarifMessage(diagMessage(d))}}
		if d.Subject != nil {
			if pl := sarifPhysical(r, *d.Subject, opt); pl != nil {
				n.Locations = []sarifLocation{{PhysicalLocation: pl}}
			}
		}
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications, n)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// sarifToolVersion is the version SARIF records, numeric as consumers
// compare it: a Go module version without its "v", and a development
// build ("dev") as the prerelease 0.0.0-dev.
func sarifToolVersion(v string) string {
	if len(v) > 1 && v[0] == 'v' && v[1] >= '0' && v[1] <= '9' {
		v = v[1:]
	}
	if v == "" || v[0] < '0' || v[0] > '9' {
		return "0.0.0-" + firstNonEmpty(v, "dev")
	}
	return v
}

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

// sarifMessage escapes control characters (safetext.Text: code hosts show
// the text to people) and ends a message with a full stop: the SARIF specification
// (3.11.5) asks for plain text messages to be complete sentences.
func sarifMessage(s string) string {
	s = strings.TrimRightFunc(safetext.Text(s), unicode.IsSpace)
	if s == "" {
		return "(no message)"
	}
	if strings.ContainsAny(s[len(s)-1:], ".!?") {
		return s
	}
	return s + "."
}

func sarifRuleOf(m lint.Meta) sarifRule {
	sr := sarifRule{
		ID:                   m.ID,
		Name:                 ruleName(m.ID),
		ShortDescription:     &sarifText{Text: sarifMessage(firstNonEmpty(m.Title, "Rule "+m.ID))},
		DefaultConfiguration: &sarifConfiguration{Level: sarifLevel(m.Severity)},
	}
	if m.Why == "" {
		return sr
	}
	sr.FullDescription = &sarifText{Text: unwrap(m.Why)}
	sr.HelpURI = ruleDocURL(m.ID)
	sr.Help = &sarifMultiText{Text: ruleHelpText(m), Markdown: ruleHelpMarkdown(m)}
	return sr
}

// ruleName is a rule ID in the PascalCase SARIF suggests for reportingDescriptor.name.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		rs := []rune(part)
		b.WriteString(strings.ToUpper(string(rs[0])) + string(rs[1:]))
	}
	if b.Len() == 0 {
		return "Rule"
	}
	return b.String()
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// unwrap joins the hard-wrapped lines of each paragraph, so viewers can
// wrap the text to their own width.
func unwrap(s string) string {
	paras := strings.Split(strings.TrimSpace(s), "\n\n")
	for i, p := range paras {
		paras[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(paras, "\n\n")
}

func ruleHelpText(m lint.Meta) string {
	parts := []string{unwrap(m.Why)}
	if m.Ignore != "" {
		parts = append(parts, "When to ignore: "+unwrap(m.Ignore))
	}
	if m.Source != "" {
		parts = append(parts, "Source: "+unwrap(m.Source))
	}
	if m.Fixed != "" {
		parts = append(parts, "Fixed example:\n"+m.Fixed)
	}
	parts = append(parts, "Documentation: "+ruleDocURL(m.ID))
	return strings.Join(parts, "\n\n")
}

func ruleHelpMarkdown(m lint.Meta) string {
	parts := []string{unwrap(m.Why)}
	if m.Ignore != "" {
		parts = append(parts, "**When to ignore:** "+unwrap(m.Ignore))
	}
	if m.Source != "" {
		parts = append(parts, "**Source:** "+unwrap(m.Source))
	}
	if m.Failing != "" {
		parts = append(parts, "Failing:\n\n"+lint.CodeFence(m.Failing, "hcl"))
	}
	if m.Fixed != "" {
		parts = append(parts, "Fixed:\n\n"+lint.CodeFence(m.Fixed, "hcl"))
	}
	parts = append(parts, fmt.Sprintf("[Documentation of %s](%s)", m.ID, ruleDocURL(m.ID)))
	return strings.Join(parts, "\n\n")
}

// sarifPhysical locates a range in the repository, with the source text
// of the range as its snippet. nil when the range names no file.
func sarifPhysical(r *lint.Report, rng hcl.Range, opt FormatOptions) *sarifPhysicalLocation {
	if rng.Filename == "" {
		return nil
	}
	loc := &sarifPhysicalLocation{}
	if p, ok := opt.repoPath(rng.Filename); ok {
		loc.ArtifactLocation = sarifArtifactLocation{URI: relativeURI(p), URIBaseID: sarifSrcRoot}
	} else if lint.IsAbsPath(p) {
		loc.ArtifactLocation = sarifArtifactLocation{URI: fileURI(p, false)}
	} else {
		loc.ArtifactLocation = sarifArtifactLocation{URI: relativeURI(p)}
	}
	if rng.Start.Line < 1 {
		return loc
	}
	reg := &sarifRegion{StartLine: rng.Start.Line}
	if rng.Start.Column >= 1 {
		reg.StartColumn = rng.Start.Column
	}
	if rng.End.Line > rng.Start.Line || rng.End.Line == rng.Start.Line && rng.End.Column > rng.Start.Column {
		reg.EndLine = rng.End.Line
		if rng.End.Column >= 1 {
			reg.EndColumn = rng.End.Column
		}
		if f := r.Files[rng.Filename]; f != nil && rng.Start.Byte >= 0 && rng.End.Byte <= len(f.Bytes) && rng.Start.Byte < rng.End.Byte {
			reg.Snippet = &sarifText{Text: safetext.Text(string(f.Bytes[rng.Start.Byte:rng.End.Byte]))}
		}
	}
	loc.Region = reg
	return loc
}

// relativeURI percent-encodes a slash-separated relative path as a URI
// reference (RFC 3986), segment by segment.
func relativeURI(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	out := strings.Join(segs, "/")
	if first, _, _ := strings.Cut(out, "/"); strings.Contains(first, ":") {
		out = "./" + out // a colon in the first segment would read as a scheme
	}
	return out
}

// fileURI is the file: URI of an absolute slash-separated path; dir adds
// the trailing slash a base URI needs.
func fileURI(p string, dir bool) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:///C:/x
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

var sarifNumber = lazyregexp.New(`[0-9]+(\.[0-9]+)?`)

func sarifFingerprintOf(f lint.Finding, opt FormatOptions) string {
	file, _ := opt.repoPath(f.Range.Filename)
	msg := sarifNumber.ReplaceAllString(f.Message, "0")
	sum := sha256.Sum256([]byte(strings.Join([]string{f.Rule, file, f.Component, msg}, "\x00")))
	return hex.EncodeToString(sum[:16])
}
