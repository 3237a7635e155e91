package lint

import (
	"sort"

	"github.com/archiehq/archie/schema/textfmt"
	"github.com/hashicorp/hcl/v2"
)

// Report is the outcome of linting one or more architectures: findings, or
// the diagnostics that made the input invalid, and the files they point
// into.
type Report struct {
	Findings      []Finding
	Suppressed    []Finding       // findings silenced by a suppression comment or a baseline
	Fixed         []Finding       // baseline entries that no longer occur
	Errors        hcl.Diagnostics // invalid input; findings are empty when set
	Files         map[string]*hcl.File
	Rules         []Meta // the rules that ran, in catalog order
	Architectures int
	Components    int
	// Workloads are the names of the workloads the valid architectures
	// declare, sorted.
	Workloads []string

	unchecked   hcl.Diagnostics     // input the rules could not check (lintTargets)
	failOn      map[string]Severity // by file: the fail_on of its architecture's configuration
	failDefault Severity            // for a file not in failOn: --fail-on, else Error
}

// Failed reports whether a finding is at or above the fail_on threshold
// that applies to it: --fail-on, else its architecture's configuration
// file, else error.
func (r *Report) Failed() bool {
	for _, f := range r.Findings {
		threshold, ok := r.failOn[f.Range.Filename]
		switch {
		case ok:
		case r.failOn == nil: // a report LintProject did not make
			threshold = Error
		default:
			threshold = r.failDefault
		}
		if f.Severity >= threshold {
			return true
		}
	}
	return false
}

// Add merges another architecture's files into the report.
func (r *Report) Add(files map[string]*hcl.File) {
	if r.Files == nil {
		r.Files = map[string]*hcl.File{}
	}
	for k, v := range files {
		r.Files[k] = v
	}
}

// Invalid reports whether the input had errors.
func (r *Report) Invalid() bool { return r.Errors.HasErrors() }

// The terminal colours of archie's text output (archie explain here, the
// text format in lint/format).
const (
	ANSIReset  = "\x1b[0m"
	ANSIBold   = "\x1b[1m"
	ANSIDim    = "\x1b[2m"
	ANSIRed    = "\x1b[31m"
	ANSIYellow = "\x1b[33m"
	ANSIBlue   = "\x1b[34m"
	ANSICyan   = "\x1b[36m"
)

// ANSIColor is the terminal colour of the severity: red, yellow or blue.
func (s Severity) ANSIColor() string {
	switch s {
	case Error:
		return ANSIRed
	case Warning:
		return ANSIYellow
	}
	return ANSIBlue
}

// thousands writes n with comma separators: 7,990.
func thousands(n int) string { return textfmt.Thousands(int64(n)) }

func plural(n int, one, many string) string { return textfmt.Plural(n, one, many) }

// SortDiagnostics orders diagnostics by file, line and column; those
// without a position come first.
func SortDiagnostics(ds hcl.Diagnostics) hcl.Diagnostics {
	out := make(hcl.Diagnostics, len(ds))
	copy(out, ds)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Subject, out[j].Subject
		switch {
		case a == nil && b == nil:
			return false
		case a == nil:
			return true
		case b == nil:
			return false
		}
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Start.Line != b.Start.Line {
			return a.Start.Line < b.Start.Line
		}
		return a.Start.Column < b.Start.Column
	})
	return out
}
