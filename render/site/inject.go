package site

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema/lazyregexp"
)

// Injection fills marked sections of a hand-written Markdown file, such as
// a README:
//
//	<!-- archie:begin services -->
//	(replaced on every run)
//	<!-- archie:end services -->
//
// Everything outside the markers stays byte for byte as it was. A marker
// is a line of its own (up to three spaces of indentation, like any
// Markdown block); markers inside fenced code blocks are text, so a README
// can show them.

// SectionNames are the sections a file can hold. "diagram" also takes a
// view: "diagram:context", "diagram:service:orders".
var SectionNames = []string{"diagram", "services", "findings", "cost"}

// MarkerError is a problem with the markers of a file, at a line.
type MarkerError struct {
	File string
	Line int
	Msg  string
}

func (e *MarkerError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// MarkerErrors are all the marker problems of a file.
type MarkerErrors []*MarkerError

func (es MarkerErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

var (
	markerLine = lazyregexp.New(`^ {0,3}<!--\s*archie:(\S*)\s*(.*?)\s*-->\s*$`)
	fenceLine  = lazyregexp.New("^ {0,3}(```+|~~~+)")
)

type section struct {
	name       string
	line       int // of the begin marker
	contentLo  int // byte offset just after the begin line
	contentHi  int // byte offset of the end line
	lineEnding string
}

// parseMarkers finds the sections of src, or every marker problem.
func parseMarkers(src []byte, file string) ([]section, error) {
	var (
		out    []section
		errs   MarkerErrors
		open   *section
		fence  string
		nested []string // begins reported inside a section, awaiting their end
	)
	offset := 0
	for n := 1; offset < len(src); n++ {
		end := bytes.IndexByte(src[offset:], '\n')
		next := len(src)
		if end >= 0 {
			next = offset + end + 1
		}
		raw := string(src[offset:next])
		line := strings.TrimRight(raw, "\r\n")
		if m := fenceLine.FindStringSubmatch(line); m != nil {
			marker := m[1]
			switch {
			case fence == "":
				fence = marker
			case marker[0] == fence[0] && len(marker) >= len(fence) && strings.TrimSpace(line[strings.Index(line, marker)+len(marker):]) == "":
				fence = ""
			}
			offset = next
			continue
		}
		if fence != "" {
			offset = next
			continue
		}
		m := markerLine.FindStringSubmatch(line)
		if m == nil {
			offset = next
			continue
		}
		verb, name := m[1], m[2]
		bad := func(format string, args ...any) {
			errs = append(errs, &MarkerError{File: file, Line: n, Msg: fmt.Sprintf(format, args...)})
		}
		switch verb {
		case "begin":
			switch {
			case name == "":
				bad("archie:begin needs a section name: %s", strings.Join(SectionNames, ", "))
			case open != nil:
				bad("archie:begin %s inside section %s opened at line %d: sections do not nest; close it first with <!-- archie:end %s -->", name, open.name, open.line, open.name)
				nested = append(nested, name)
			default:
				if !knownSection(name) {
					bad("unknown section %q: use %s (diagram also takes a view, e.g. diagram:context)", name, orWords(SectionNames))
				}
				ending := "\n"
				if strings.HasSuffix(raw, "\r\n") {
					ending = "\r\n"
				}
				open = &section{name: name, line: n, contentLo: next, lineEnding: ending}
			}
		case "end":
			switch {
			case len(nested) > 0 && name == nested[len(nested)-1]:
				// The end of a begin already reported as nested.
				nested = nested[:len(nested)-1]
			case open == nil:
				bad("archie:end %s without a matching <!-- archie:begin %s --> above it", name, name)
			case name != open.name:
				bad("archie:end %s closes section %s opened at line %d: use <!-- archie:end %s -->", name, open.name, open.line, open.name)
				open = nil
			default:
				open.contentHi = offset
				out = append(out, *open)
				open = nil
			}
		default:
			bad("unknown marker archie:%s: use <!-- archie:begin NAME --> and <!-- archie:end NAME -->", verb)
		}
		offset = next
	}
	if open != nil {
		errs = append(errs, &MarkerError{File: file, Line: open.line,
			Msg: fmt.Sprintf("section %s is never closed: add <!-- archie:end %s --> after it", open.name, open.name)})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

func knownSection(name string) bool {
	base, _, _ := strings.Cut(name, ":")
	for _, s := range SectionNames {
		if base == s && (name == s || s == "diagram") {
			return true
		}
	}
	return false
}

func orWords(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// Inject replaces the content of every marked section of src with what
// render returns for its name. An error of render is reported at the
// section's line.
func Inject(src []byte, file string, render func(name string) (string, error)) ([]byte, error) {
	sections, err := parseMarkers(src, file)
	if err != nil {
		return nil, err
	}
	if len(sections) == 0 {
		// Succeeding would leave the file as it was and --check green.
		return nil, MarkerErrors{{File: file, Line: 1, Msg: "no archie sections to fill: mark each with <!-- archie:begin NAME --> and <!-- archie:end NAME --> on lines of their own (NAME: " + strings.Join(SectionNames, ", ") + ")"}}
	}
	var out bytes.Buffer
	last := 0
	var errs MarkerErrors
	for _, s := range sections {
		content, err := render(s.name)
		if err != nil {
			errs = append(errs, &MarkerError{File: file, Line: s.line, Msg: err.Error()})
			continue
		}
		content = strings.TrimRight(content, "\n") + "\n"
		if s.lineEnding != "\n" {
			content = strings.ReplaceAll(content, "\n", s.lineEnding)
		}
		out.Write(src[last:s.contentLo])
		out.WriteString(s.lineEnding)
		out.WriteString(content)
		out.WriteString(s.lineEnding)
		last = s.contentHi
	}
	if len(errs) > 0 {
		return nil, errs
	}
	out.Write(src[last:])
	return out.Bytes(), nil
}

// Sections renders the sections a file can hold for one architecture.
// Links are made relative to the file's directory through
// Options.SourcePath; there are no pages to link to.
type Sections struct {
	ctx context.Context
	b   *builder
}

// NewSections prepares the sections of an architecture.
func NewSections(ctx context.Context, in Input, opt Options) (*Sections, error) {
	if in.Arch == nil {
		return nil, fmt.Errorf("no architecture")
	}
	b := newBuilder(in, opt)
	b.checks = patternChecks(in)
	return &Sections{ctx: ctx, b: b}, nil
}

// Render writes one section as Markdown.
func (s *Sections) Render(name string) (string, error) {
	b := s.b
	var blocks []Block
	base, view, _ := strings.Cut(name, ":")
	switch base {
	case "diagram":
		if b.opt.Diagrams == nil {
			return "", fmt.Errorf("no diagrams can be drawn here")
		}
		if view == "" {
			view = "all"
		}
		text, err := b.opt.Diagrams.Mermaid(b.in.Arch, view, nil)
		if err != nil {
			return "", err
		}
		blocks = []Block{CodeBlock{Lang: "mermaid", Text: text}}
	case "services":
		blocks = []Block{b.servicesTable(false)}
		if len(b.in.Arch.Services) == 0 {
			blocks = []Block{Para{T("The architecture declares no service.")}}
		}
	case "findings":
		blocks = b.findingsSummary(false)
		if len(b.findings) > 0 {
			blocks = []Block{Para{T(fmt.Sprintf("%s (%s).", plural(len(b.findings), "finding", "findings"), countsText(lint.Count(b.findings))))}, b.findingsTable(b.findings, false)}
		}
	case "cost":
		blocks = b.costBlocks(false)
	default:
		return "", fmt.Errorf("unknown section %q", name)
	}
	section := &Page{Blocks: blocks}
	section.sanitize() // as Build does for the pages
	w := &markdownWriter{from: "README.md", noPages: true}
	w.blocks(section.Blocks)
	return strings.TrimRight(w.buf.String(), "\n"), nil
}
