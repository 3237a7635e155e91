package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"sort"

	"github.com/hashicorp/hcl/v2"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// Baseline is a record of accepted findings: `archie lint --baseline FILE`
// hides them and reports those that no longer occur as fixed. A finding
// is keyed by file, component and rule, never by line, so a baseline
// survives edits that move lines; Count handles several findings of one
// key.
type Baseline struct {
	// Dir is the directory of the baseline file, as the command line names
	// it. File keys are relative to it, so the baseline matches however the
	// architecture is named on the command line.
	Dir string
	// WorkDir is the working directory, which relative names are relative
	// to; "" when every name is relative to the same directory.
	WorkDir string
	Entries []BaselineEntry
}

// BaselineEntry is one key of a baseline and how many findings it covers.
type BaselineEntry struct {
	File      string `json:"file"`
	Component string `json:"component"`
	Rule      string `json:"rule"`
	Count     int    `json:"count"`
}

type baselineFile struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

type baselineKey struct{ file, component, rule string }

// NewBaseline records findings, with file names made relative to dir,
// the baseline file's directory. workDir is as in Baseline.
func NewBaseline(findings []Finding, dir, workDir string) *Baseline {
	counts := map[baselineKey]int{}
	for _, f := range findings {
		counts[baselineKey{relativeTo(dir, f.Range.Filename, workDir), f.Component, f.Rule}]++
	}
	b := &Baseline{Dir: dir, WorkDir: workDir}
	for k, n := range counts {
		b.Entries = append(b.Entries, BaselineEntry{File: k.file, Component: k.component, Rule: k.rule, Count: n})
	}
	b.sort()
	return b
}

func (b *Baseline) sort() {
	sort.Slice(b.Entries, func(i, j int) bool {
		x, y := b.Entries[i], b.Entries[j]
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Component != y.Component {
			return x.Component < y.Component
		}
		return x.Rule < y.Rule
	})
}

// Write writes the baseline as JSON, sorted, so that the same findings
// give the same bytes.
func (b *Baseline) Write(w io.Writer) error {
	out := baselineFile{Version: BaselineVersion, Findings: b.Entries}
	if out.Findings == nil {
		out.Findings = []BaselineEntry{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// ReadBaseline reads a baseline written by Write. name is the file as the
// command line names it; its directory becomes Baseline.Dir. workDir is as
// in Baseline.
func ReadBaseline(r io.Reader, name, workDir string) (*Baseline, error) {
	var in baselineFile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("%s: not an archie baseline: %v", name, err)
	}
	if in.Version != BaselineVersion {
		return nil, fmt.Errorf("%s: baseline version %d; this archie reads version %d (write a new one with --write-baseline)", name, in.Version, BaselineVersion)
	}
	b := &Baseline{Dir: path.Dir(filepath.ToSlash(name)), WorkDir: workDir}
	merged := map[baselineKey]int{}
	for i, e := range in.Findings {
		if e.Rule == "" || e.File == "" || e.Count < 1 {
			return nil, fmt.Errorf("%s: finding %d needs file, rule and a count of at least 1", name, i+1)
		}
		merged[baselineKey{e.File, e.Component, e.Rule}] += e.Count
	}
	for k, n := range merged {
		b.Entries = append(b.Entries, BaselineEntry{File: k.file, Component: k.component, Rule: k.rule, Count: n})
	}
	b.sort()
	return b, nil
}

// apply hides the report's findings that the baseline records, up to each
// key's count, and lists the recorded findings that no longer occur as
// Report.Fixed. Only entries of files that belong to the linted
// architectures can be fixed: a baseline of a whole repository used on
// one directory does not report the rest as fixed.
func (b *Baseline) apply(r *Report, archDirs []string) {
	left := map[baselineKey]int{}
	for _, e := range b.Entries {
		left[baselineKey{e.File, e.Component, e.Rule}] += e.Count
	}
	var kept []Finding
	for _, f := range r.Findings {
		k := baselineKey{relativeTo(b.Dir, f.Range.Filename, b.WorkDir), f.Component, f.Rule}
		if left[k] > 0 {
			left[k]--
			f.SuppressedBy = "baseline"
			f.Justification = "baseline"
			r.Suppressed = append(r.Suppressed, f)
			continue
		}
		kept = append(kept, f)
	}
	r.Findings = kept
	SortFindings(r.Suppressed)
	inScope := map[string]bool{}
	for name := range r.Files {
		inScope[relativeTo(b.Dir, name, b.WorkDir)] = true
	}
	dirs := map[string]bool{}
	for _, d := range archDirs {
		dirs[relativeTo(b.Dir, d, b.WorkDir)] = true
	}
	for _, e := range b.Entries {
		k := baselineKey{e.File, e.Component, e.Rule}
		if left[k] == 0 || !(inScope[e.File] || dirs[path.Dir(e.File)]) {
			continue
		}
		for range left[k] {
			r.Fixed = append(r.Fixed, Finding{
				Rule: e.Rule, Component: e.Component,
				Message:  "recorded in the baseline, no longer reported",
				Range:    hcl.Range{Filename: path.Join(b.Dir, e.File)},
				Severity: Info,
			})
		}
		left[k] = 0
	}
}

// relativeTo expresses name, a path as the command line shows it,
// relative to dir. Relative paths are relative to workDir; without one,
// a relative name cannot be related to an absolute dir or the reverse, and
// is returned as it is.
func relativeTo(dir, name, workDir string) string {
	name, dir = filepath.ToSlash(name), filepath.ToSlash(dir)
	if workDir != "" {
		workDir = filepath.ToSlash(workDir)
		if !IsAbsPath(name) {
			name = path.Join(workDir, name)
		}
		if !IsAbsPath(dir) {
			dir = path.Join(workDir, dir)
		}
	}
	if dir == "" || dir == "." {
		return path.Clean(name)
	}
	if IsAbsPath(dir) != IsAbsPath(name) {
		return name
	}
	rel, err := filepath.Rel(filepath.FromSlash(dir), filepath.FromSlash(name))
	if err != nil {
		return name
	}
	return filepath.ToSlash(rel)
}
