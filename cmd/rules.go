package cmd

import (
	"slices"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/simulate"
	"github.com/spf13/cobra"
)

type rulesOptions struct {
	Format string
}

func newRulesCmd(io IO) *cobra.Command {
	o := &rulesOptions{}
	c := &cobra.Command{
		Use:   "rules",
		Short: "List the rule catalog",
		Long: `List every rule: its ID, default severity, options and what it checks,
including the checks of archie-ignore comments. 'archie explain RULE' shows
one rule in full; docs/rules/ has the same pages.`,
		Example: `  # the catalog as a table
  archie rules

  # every field, for a tool
  archie rules --format json

  # a Markdown table linking each rule's page
  archie rules --format markdown`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return rulesRun(io, o) },
	}
	c.Flags().StringVarP(&o.Format, "format", "f", "text", "output format: "+strings.Join(lint.RuleListFormats(), ", "))
	return c
}

func rulesRun(io IO, o *rulesOptions) error {
	if !slices.Contains(lint.RuleListFormats(), o.Format) {
		return usagef("--format: unknown format %q%s: use one of %s", o.Format, schema.Suggest(o.Format, lint.RuleListFormats()), strings.Join(lint.RuleListFormats(), ", "))
	}
	return lint.WriteRuleList(io.Out, rules.Catalog(), o.Format)
}

// lintSimulationSettings are the settings of a run whose simulator's
// rules simulate as in 'archie lint' by default: every workload, analytic
// mode, seed 1.
func lintSimulationSettings() lint.Settings {
	return simulate.LintSettings{Options: simulate.Options{Seed: 1}}.Set(nil)
}
