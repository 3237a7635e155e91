package diff

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/archiehq/archie/lint"
)

// Gate is one --fail-on condition of `archie diff`.
type Gate struct {
	Kind     GateKind
	Severity lint.Severity // new-findings: the lowest severity that counts
	Percent  float64       // cost-increase, p99-increase: the largest increase allowed
}

// GateKind names a gate.
type GateKind string

// The gates.
const (
	GateNewFindings  GateKind = "new-findings"
	GateCostIncrease GateKind = "cost-increase"
	GateP99Increase  GateKind = "p99-increase"
	GateBacklog      GateKind = "backlog"
)

// GateKinds lists the gates in the order help shows them.
var GateKinds = []string{string(GateNewFindings), string(GateCostIncrease), string(GateP99Increase), string(GateBacklog)}

// ParseGate reads one --fail-on value: new-findings, new-findings=SEVERITY,
// cost-increase=PCT, p99-increase=PCT or backlog.
func ParseGate(s string) (Gate, error) {
	name, value, hasValue := strings.Cut(s, "=")
	switch GateKind(name) {
	case GateNewFindings:
		g := Gate{Kind: GateNewFindings, Severity: lint.Info}
		if hasValue {
			sev, err := lint.ParseSeverity(value)
			if err != nil {
				return g, fmt.Errorf("%s: %v", s, err)
			}
			g.Severity = sev
		}
		return g, nil
	case GateCostIncrease, GateP99Increase:
		pct, err := strconv.ParseFloat(strings.TrimSuffix(value, "%"), 64)
		if !hasValue || err != nil || pct < 0 || math.IsInf(pct, 0) || math.IsNaN(pct) {
			return Gate{}, fmt.Errorf("%s: give the largest increase allowed in percent, for example %s=10", s, name)
		}
		return Gate{Kind: GateKind(name), Percent: pct}, nil
	case GateBacklog:
		if hasValue {
			return Gate{}, fmt.Errorf("%s: backlog takes no value", s)
		}
		return Gate{Kind: GateBacklog}, nil
	}
	return Gate{}, fmt.Errorf("unknown condition %q: use %s", name, strings.Join(GateKinds, ", "))
}

// String is the gate as --fail-on writes it.
func (g Gate) String() string {
	switch g.Kind {
	case GateNewFindings:
		if g.Severity == lint.Info {
			return string(g.Kind)
		}
		return string(g.Kind) + "=" + g.Severity.String()
	case GateCostIncrease, GateP99Increase:
		return string(g.Kind) + "=" + strconv.FormatFloat(g.Percent, 'f', -1, 64)
	}
	return string(g.Kind)
}

// Trip is a gate that failed and why.
type Trip struct {
	Gate   Gate
	Reason string
}

// Check lists the gates the comparison trips, in the order given.
func (r *Result) Check(gates []Gate) []Trip {
	var out []Trip
	for _, g := range gates {
		if why := r.check(g); why != "" {
			out = append(out, Trip{g, why})
		}
	}
	return out
}

func (r *Result) check(g Gate) string {
	switch g.Kind {
	case GateNewFindings:
		n := 0
		for _, f := range r.Findings.New {
			if f.Severity >= g.Severity {
				n++
			}
		}
		if n > 0 {
			what := plural(n, "new finding", "new findings")
			if g.Severity > lint.Info {
				what += " at " + g.Severity.String() + " or above"
			}
			return what
		}
	case GateCostIncrease:
		if pct, ok := increase(r.Cost.Old, r.Cost.New); ok && pct > g.Percent {
			return fmt.Sprintf("monthly cost %s -> %s (%s), over +%s%%", usd(r.Cost.Old), usd(r.Cost.New), percentText(pct), num(g.Percent))
		}
	case GateP99Increase:
		var over []string
		for _, w := range r.Workloads {
			if w.Old == nil || w.New == nil {
				continue
			}
			if pct, ok := increase(w.Old.P99Ms, w.New.P99Ms); ok && pct > g.Percent {
				over = append(over, fmt.Sprintf("%s p99 %s -> %s (%s)", w.Name, msText(w.Old.P99Ms), msText(w.New.P99Ms), percentText(pct)))
			}
		}
		if len(over) > 0 {
			return strings.Join(over, "; ") + fmt.Sprintf(", over +%s%%", num(g.Percent))
		}
	case GateBacklog:
		var stuck []string
		for _, w := range r.Workloads {
			if w.New == nil {
				continue
			}
			for _, q := range w.New.Undrained {
				if w.Old == nil || !slices.Contains(w.Old.Undrained, q) {
					stuck = append(stuck, fmt.Sprintf("%s under workload %s", q, w.Name))
				}
			}
		}
		if len(stuck) > 0 {
			return "the backlog never drains: " + strings.Join(stuck, ", ")
		}
	}
	return ""
}

// increase is the rise from old to new in percent; an increase from zero
// is infinite. ok is false when new is not above old.
func increase(oldV, newV float64) (float64, bool) {
	if newV <= oldV {
		return 0, false
	}
	if oldV <= 0 {
		return math.Inf(1), true
	}
	return (newV - oldV) / oldV * 100, true
}
