package cmd

import (
	"slices"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/format"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/simulate"
	"github.com/spf13/cobra"
)

type rulesOptions struct {
	Format  string
	Config  string
	NoColor bool
}

func newRulesCmd(io IO) *cobra.Command {
	o := &rulesOptions{}
	c := &cobra.Command{
		Use:   "rules",
		Short: "List the rule catalog",
		Long: `List every rule: its ID, default severity, options and what it checks,
including the checks of archie-ignore comments and the simulator's rules.
With --config, the custom rules the configuration file declares are listed
too. 'archie explain RULE' shows one rule in full; docs/rules/ has the same
pages.`,
		Example: `  # the catalog as a table
  archie rules

  # every field, for a tool
  archie rules --format json

  # a Markdown table linking each rule's page
  archie rules --format markdown

  # with the custom rules of a configuration file
  archie rules --config .archie.hcl`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return rulesRun(io, o) },
	}
	c.Flags().StringVarP(&o.Format, "format", "f", "text", "output format: "+strings.Join(lint.RuleListFormats(), ", "))
	c.Flags().StringVar(&o.Config, "config", "", "also list the custom rules this configuration file ("+lint.ConfigName+") declares")
	c.Flags().BoolVar(&o.NoColor, "no-color", false, "never colour the diagnostics of an invalid configuration file")
	return c
}

func rulesRun(io IO, o *rulesOptions) error {
	if !slices.Contains(lint.RuleListFormats(), o.Format) {
		return usagef("--format: unknown format %q%s: use one of %s", o.Format, schema.Suggest(o.Format, lint.RuleListFormats()), strings.Join(lint.RuleListFormats(), ", "))
	}
	catalog := rules.Catalog()
	if o.Config != "" {
		if err := anchor(io.Files, o.Config); err != nil {
			return err
		}
		fsys, rel, display, err := target(io.Files, o.Config)
		if err != nil {
			return usagef("--config: %v", err)
		}
		cfg, diags := lint.LoadConfig(fsys, rel, display, rules.All())
		if diags.HasErrors() {
			if err := format.WriteDiagnostics(io.Err, diags, cfg.Files(), format.TextOptions{Color: io.ErrTerminal && !o.NoColor}); err != nil {
				return err
			}
			return &exitError{ExitInvalid}
		}
		for _, r := range cfg.Custom {
			catalog = append(catalog, r.Meta())
		}
		slices.SortStableFunc(catalog, func(a, b lint.Meta) int { return strings.Compare(a.ID, b.ID) })
	}
	return lint.WriteRuleList(io.Out, catalog, o.Format)
}

// lintSimulationSettings are the settings of a run whose simulator's
// rules simulate as in 'archie lint' by default: every workload, analytic
// mode, seed 1.
func lintSimulationSettings() lint.Settings {
	return simulate.LintSettings{Options: simulate.Options{Seed: 1}}.Set(nil)
}
