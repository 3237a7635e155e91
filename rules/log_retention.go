package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type logRetention struct{}

func (logRetention) Meta() lint.Meta {
	return lint.Meta{
		ID:       "log-retention",
		Severity: lint.Warning,
		Preset:   lint.PresetHygiene,
		Title:    "Logs should expire",
		Why: `CloudWatch Logs keeps a log group's events forever unless the group has a
retention period, and bills their storage every month. A Lambda function
whose log group nobody created gets one from Lambda on its first
invocation, /aws/lambda/NAME, with no retention: every line the function
ever logged is kept and paid for, and logs holding personal data outlive
any deletion policy.

The rule fires on a function, state machine or api whose
log_retention_days is 0 (never expire). Unset is unknown and not reported:
in the language, write log_retention_days = 0 to record logs that are kept
forever, or the number of days.`,
		Source: "Amazon CloudWatch Logs User Guide, change log data retention (events are kept indefinitely by default; retention of 1 day to 10 years): https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention; AWS Lambda Developer Guide, function logs (/aws/lambda/NAME created on first invocation): https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html. Read 2026-12-02.",
		Ignore: "When the logs must be kept without end by regulation, or an account-wide process sets retention on every log group after deployment.",
		Failing: `function "resize" {
  runtime            = "python3.13"
  log_retention_days = 0
}`,
		Fixed: `function "resize" {
  runtime            = "python3.13"
  log_retention_days = 30
}`,
		SeeAlso: []string{"api-access-logging"},
		Imported: `A function whose template defines no log group for it (an AWS::Logs::LogGroup
named /aws/lambda/ plus its name or named by LoggingConfig.LogGroup, an
aws_cloudwatch_log_group of that name or named by logging_config) gets the
log group Lambda creates, which never expires; in serverless.yml the
framework creates each function's group, without retention unless
logRetentionInDays sets one. The message then says the template sets no
retention. A log group defined without RetentionInDays (retention_in_days)
never expires either. A group name or retention the importer cannot
resolve, or a LoggingConfig naming a group declared elsewhere, is unknown
and not reported.`,
	}
}

func (logRetention) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		switch c.Kind {
		case schema.KindFunction, schema.KindStateMachine, schema.KindAPI:
		default:
			continue
		}
		a := c.Attr(schema.AttrLogRetentionDays)
		if a == nil || !a.Set || a.Num != 0 {
			continue
		}
		if a.Assumed {
			p.Report(c, c.DeclRange,
				"%s's logs are kept, and billed, forever: the template sets no retention for its log group (the one Lambda creates, or the framework's, never expires); define the group with a retention, e.g. 30 days",
				c.Address())
			continue
		}
		p.Report(c, a.Range,
			"%s keeps its logs, and pays for their storage, forever (log_retention_days = 0): set a retention, e.g. 30 days",
			c.Address())
	}
	return nil
}
