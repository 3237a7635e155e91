// Package rules is archie's rule catalog: one file per rule, named after
// its ID, and the registry below, the one place every rule is listed.
package rules

import (
	"slices"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/simulate"
)

// All returns every rule that checks an architecture: the rules of this
// package in ID order (registry_gen.go, which go generate writes from the
// rule files), then the simulator's (simulate.Rules), which find something
// only in a run whose settings say what to simulate
// (simulate.LintSettings).
func All() []lint.Rule {
	own := catalogRules()
	slices.SortFunc(own, func(a, b lint.Rule) int { return strings.Compare(a.Meta().ID, b.Meta().ID) })
	return append(own, simulate.Rules()...)
}

// Catalog is the documentation of every rule a user can name, sorted by
// ID: All, and the engine's own checks of suppression comments and
// configuration (lint.EngineRules), which the engine runs itself. Custom
// rules are declared in .archie.hcl; a lint run lists them with the rules
// that ran (lint.Report.Rules).
func Catalog() []lint.Meta { return lint.Catalog(All()) }
