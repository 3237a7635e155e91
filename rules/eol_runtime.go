package rules

import (
	"fmt"
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
)

// runtimeLife is one Lambda runtime's end of life: the day it is
// deprecated (no more security patches, no technical support), and the
// days Lambda blocks creating and then updating functions on it. A zero
// block date is one the source does not give; the rule then says nothing
// about blocking.
type runtimeLife struct {
	deprecated, blockCreate, blockUpdate string // YYYY-MM-DD, UTC
}

// runtimeLifecycle is the deprecation table of the AWS Lambda Developer
// Guide, https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
// ("Supported runtimes" and "Deprecated runtimes"), read 2026-12-02 as
// relayed by cfn-lint's LmbdRuntimeLifecycle.json and tflint-ruleset-aws's
// aws_lambda_function_deprecated_runtime rule, which both cite that page.
// Runtimes that are not listed (custom ones, container images) are not
// judged. Update it when AWS announces a date; TestRuntimeLifecycleTable
// checks its shape.
var runtimeLifecycle = map[string]runtimeLife{
	// Supported on 2026-12-02, with their announced deprecation date.
	"nodejs24.x":      {deprecated: "2028-04-30"},
	"nodejs22.x":      {deprecated: "2027-04-30"},
	"python3.14":      {deprecated: "2029-06-30"},
	"python3.13":      {deprecated: "2029-06-30"},
	"python3.12":      {deprecated: "2028-10-31"},
	"java25":          {deprecated: "2029-06-30"},
	"java21":          {deprecated: "2029-06-30"},
	"dotnet10":        {deprecated: "2028-11-14"},
	"ruby3.4":         {deprecated: "2028-03-31"},
	"ruby3.3":         {deprecated: "2027-03-31"},
	"provided.al2023": {deprecated: "2029-06-30"},
	// Deprecated in 2025 and 2026; the page gave no block dates when read.
	"nodejs20.x":   {deprecated: "2026-04-30"},
	"python3.11":   {deprecated: "2026-06-30"},
	"python3.10":   {deprecated: "2026-06-30"},
	"python3.9":    {deprecated: "2025-12-15"},
	"java17":       {deprecated: "2026-06-30"},
	"java11":       {deprecated: "2026-06-30"},
	"java8.al2":    {deprecated: "2026-06-30"},
	"dotnet8":      {deprecated: "2026-11-10"},
	"ruby3.2":      {deprecated: "2026-03-31"},
	"provided.al2": {deprecated: "2026-06-30"},
	// Deprecated, with the days Lambda blocks function create and update.
	"nodejs18.x":     {"2025-09-01", "2025-10-01", "2025-11-11"},
	"nodejs16.x":     {"2024-06-12", "2025-02-28", "2025-03-31"},
	"nodejs14.x":     {"2023-12-04", "2024-07-09", "2025-02-28"},
	"nodejs12.x":     {"2023-03-31", "2023-03-31", "2023-04-30"},
	"nodejs10.x":     {"2021-07-30", "2021-07-30", "2022-02-14"},
	"nodejs8.10":     {"2020-03-06", "2020-03-06", "2020-03-06"},
	"nodejs6.10":     {"2019-08-12", "2019-08-12", "2019-08-12"},
	"nodejs4.3":      {"2020-03-05", "2020-03-05", "2020-03-05"},
	"nodejs4.3-edge": {"2020-03-05", "2019-04-30", "2019-04-30"},
	"nodejs":         {"2016-10-31", "2016-10-31", "2016-10-31"},
	"python3.8":      {"2024-10-14", "2025-02-28", "2025-03-31"},
	"python3.7":      {"2023-12-04", "2024-01-09", "2025-02-28"},
	"python3.6":      {"2022-07-18", "2022-07-18", "2022-08-29"},
	"python2.7":      {"2021-07-15", "2021-07-15", "2022-05-30"},
	"java8":          {"2024-01-08", "2024-02-08", "2025-02-28"},
	"go1.x":          {"2024-01-08", "2024-02-08", "2025-02-28"},
	"provided":       {"2024-01-08", "2024-02-08", "2025-02-28"},
	"ruby2.7":        {"2023-12-07", "2024-01-09", "2025-02-28"},
	"ruby2.5":        {"2021-07-30", "2021-07-30", "2022-03-31"},
	"dotnet7":        {"2024-05-14", "2024-05-14", "2024-05-14"},
	"dotnet6":        {"2024-11-12", "2025-02-28", "2025-05-31"},
	"dotnetcore3.1":  {"2023-04-03", "2023-04-03", "2023-05-03"},
	"dotnetcore2.1":  {"2022-01-05", "2022-01-05", "2022-04-13"},
	"dotnetcore2.0":  {"2019-05-30", "2019-05-30", "2019-05-30"},
	"dotnetcore1.0":  {"2019-06-27", "2019-07-30", "2019-07-30"},
}

// eolWarningDays is how far ahead of a deprecation the rule starts to
// say so: about two release cycles of a team that upgrades twice a year.
const eolWarningDays = 180

type eolRuntime struct {
	// now is the day findings are judged on; nil for the clock.
	now func() time.Time
}

func (eolRuntime) Meta() lint.Meta {
	return lint.Meta{
		ID:       "eol-runtime",
		Severity: lint.Warning,
		Preset:   lint.PresetHygiene,
		Title:    "A function should not run on a deprecated Lambda runtime",
		Why: `Lambda deprecates a runtime when its language version (or operating system)
reaches the end of community support. From that day the runtime gets no
security patches and its functions no technical support; a month or more
later Lambda blocks creating functions on it, so the template no longer
deploys to a new account, region or stage, and later still it blocks
updating them, so a fix to the function's code cannot ship at all.

The rule reads the function's runtime and a dated table of AWS's
deprecation schedule kept in the rule (rules/eol_runtime.go), and judges it
on the day the lint runs:

- an error once Lambda blocks creating or updating functions on the runtime;
- a warning once it is deprecated;
- an info in the 180 days before its deprecation date.

So a check can turn from green to amber or red on a morning when nothing
in the repository changed: that is what the end of life of a runtime is,
and cfn-lint and tflint's rules behave the same way. Pin the day with the
as_of option (a date written YYYYMMDD, e.g. 20261201) for runs that must
not change with the calendar. Runtimes the table does not list (custom
runtimes, container images) are not judged.`,
		Source: "AWS Lambda Developer Guide, Lambda runtimes (supported and deprecated runtimes, with deprecation, block function create and block function update dates): https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, read 2026-12-02; runtime deprecation policy: https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html",
		Ignore: "While the migration to a newer runtime is planned and the function still deploys: suppress with a reason naming the ticket, or lower the severity. Past the block-update date nothing but a new runtime helps.",
		Failing: `function "resize" {
  runtime = "python3.8"
  memory  = 1024
  timeout = "30s"
}`,
		Fixed: `function "resize" {
  runtime = "python3.13"
  memory  = 1024
  timeout = "30s"
}`,
		SeeAlso: []string{"implicit-defaults"},
		Options: []lint.Option{{Name: "as_of", Default: 0, Min: 0, Doc: "the day to judge on, written YYYYMMDD (20261201); 0 for the day of the run"}},
		Imported: `Reads Runtime (SAM Globals included), runtime of aws_lambda_function and
provider.runtime or a function's runtime in serverless.yml. A runtime given
by a parameter or variable the importer cannot resolve is unknown and not
judged.`,
	}
}

func (r eolRuntime) Check(p *lint.Pass) error {
	today := time.Now().UTC()
	if r.now != nil {
		today = r.now().UTC()
	}
	if asOf := p.Option("as_of"); asOf != 0 {
		d, err := time.Parse("20060102", fmt.Sprint(asOf))
		if err != nil {
			p.Report(nil, hcl.Range{}, "eol-runtime: as_of = %d is not a date written YYYYMMDD, e.g. 20261201; the runtimes were not judged", asOf)
			return nil
		}
		today = d
	}
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	day := today.Format(time.DateOnly)
	for _, c := range p.Arch.Components {
		if c.Kind != schema.KindFunction || !c.IsSet(schema.AttrRuntime) || c.Attr(schema.AttrRuntime).Assumed {
			continue // unset, or a parameter's default the importer assumed
		}
		rt := c.Str(schema.AttrRuntime)
		life, ok := runtimeLifecycle[rt]
		if !ok {
			continue
		}
		rng := c.AttrRange(schema.AttrRuntime)
		switch {
		case life.blockUpdate != "" && day >= life.blockUpdate:
			p.ReportAt(lint.Error, c, rng,
				"%s runs on %s, deprecated on %s: since %s Lambda blocks creating and updating functions on it, so this function can no longer be deployed or changed; move it to a supported runtime",
				c.Address(), rt, life.deprecated, life.blockUpdate)
		case life.blockCreate != "" && day >= life.blockCreate:
			p.ReportAt(lint.Error, c, rng,
				"%s runs on %s, deprecated on %s: since %s Lambda blocks creating functions on it, so the template no longer deploys to a new account, region or stage, and updates stop on %s; move it to a supported runtime",
				c.Address(), rt, life.deprecated, life.blockCreate, life.blockUpdate)
		case day >= life.deprecated:
			p.ReportAt(lint.Warning, c, rng,
				"%s runs on %s, deprecated on %s: it gets no security patches or technical support, and Lambda will block creating and then updating functions on it; move it to a supported runtime",
				c.Address(), rt, life.deprecated)
		default:
			dep, _ := time.Parse(time.DateOnly, life.deprecated)
			days := int(dep.Sub(today).Hours() / 24)
			if days <= eolWarningDays {
				p.ReportAt(lint.Info, c, rng,
					"%s runs on %s, which Lambda deprecates on %s, in %d days: plan the move to a newer runtime",
					c.Address(), rt, life.deprecated, days)
			}
		}
	}
	return nil
}
