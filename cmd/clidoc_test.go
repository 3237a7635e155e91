package cmd

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema/golden"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

//go:generate go test -run ^TestCLIReference$ -update .

// TestCLIReference writes every command and flag of the cobra tree to
// docs/cli-reference.md, and fails when the file differs: a flag added
// without regenerating (go generate ./cmd) is caught here.
func TestCLIReference(t *testing.T) {
	golden.Check(t, "../docs/cli-reference.md", cliReference(newRootCmd(IO{})))
}

func cliReference(root *cobra.Command) []byte {
	var b bytes.Buffer
	b.WriteString("# Command-line reference\n\n")
	b.WriteString("<!-- Generated from the commands' definitions by go generate ./cmd; do not edit. -->\n\n")
	b.WriteString("Every command and flag of `archie`, as `archie COMMAND --help` shows them.\n")
	b.WriteString("What the commands do, with examples, is in [cli.md](cli.md) and the pages it links.\n")
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden || c.Name() == "help" || c.Name() == "completion" {
			return
		}
		parts := []string{"## " + c.CommandPath()}
		if c.Short != "" {
			parts = append(parts, strings.TrimSuffix(c.Short, ".")+".")
		}
		if c.Runnable() {
			parts = append(parts, "```\n"+c.UseLine()+"\n```")
		}
		if len(c.Aliases) > 0 {
			parts = append(parts, "Aliases: "+strings.Join(c.Aliases, ", ")+".")
		}
		if t := flagTable(c.LocalNonPersistentFlags(), "Flags"); t != "" {
			parts = append(parts, t)
		}
		if c == root {
			if t := flagTable(c.PersistentFlags(), "Flags of every command"); t != "" {
				parts = append(parts, t)
			}
		}
		var subs []string
		for _, s := range c.Commands() {
			if !s.Hidden && s.Name() != "help" && s.Name() != "completion" {
				subs = append(subs, "`"+s.Name()+"`")
			}
		}
		if len(subs) > 0 {
			parts = append(parts, "Commands: "+strings.Join(subs, ", ")+".")
		}
		b.WriteString("\n" + strings.Join(parts, "\n\n") + "\n")
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	return b.Bytes()
}

// flagTable lists flags in name order with their default and usage, as
// pflag prints them; "" when there are none.
func flagTable(fs *pflag.FlagSet, title string) string {
	var rows []string
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Name == "help" {
			return
		}
		name := "--" + f.Name
		if f.Shorthand != "" {
			name = "-" + f.Shorthand + ", " + name
		}
		varname, usage := pflag.UnquoteUsage(f)
		if varname != "" {
			name += " " + varname
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" && f.DefValue != "0" {
			def = "`" + f.DefValue + "`"
		}
		rows = append(rows, fmt.Sprintf("| `%s` | %s | %s |", name, def, cell(usage)))
	})
	if len(rows) == 0 {
		return ""
	}
	return title + ":\n\n| flag | default | meaning |\n|---|---|---|\n" + strings.Join(rows, "\n")
}

// cell keeps a usage text in one table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}
