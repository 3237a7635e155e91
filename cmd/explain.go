package cmd

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/spf13/cobra"
)

type explainOptions struct {
	Rule    string
	NoColor bool
}

func newExplainCmd(io IO) *cobra.Command {
	o := &explainOptions{}
	c := &cobra.Command{
		Use:   "explain RULE",
		Short: "Show a rule's documentation",
		Long: `Show what a rule checks, why it matters and where the fact comes from,
when it is safe to ignore, its options, failing and fixed HCL, how to
configure and suppress it, and related rules.`,
		Example: `  archie explain sync-chain
  archie explain unused-suppression`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Rule = args[0]
			return explainRun(io, o)
		},
	}
	c.Flags().BoolVar(&o.NoColor, "no-color", false, "never colour the output")
	return c
}

func explainRun(io IO, o *explainOptions) error {
	catalog := rules.Catalog()
	ids := make([]string, len(catalog))
	for i, m := range catalog {
		if m.ID == o.Rule {
			return lint.WriteExplain(io.Out, m, lint.ExplainOptions{Color: color(io, o.NoColor)})
		}
		ids[i] = m.ID
	}
	return usagef("unknown rule %q%s; 'archie rules' lists them", o.Rule, schema.Suggest(o.Rule, ids))
}
