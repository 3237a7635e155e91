package schema

import (
	"fmt"
	"strings"
)

// attrAliases maps attribute names people bring from CloudFormation, SAM,
// Terraform and serverless.yml (compared without case, "_" or "-") to the
// archie attributes that say the same: the first of them that the block
// has is suggested. Edit distance alone finds none of these, or a wrong
// one ("pricing" is two letters from "tracing").
var attrAliases = map[string][]string{
	"memorysize":                      {"memory"},
	"memorymb":                        {"memory"},
	"reservedconcurrency":             {"concurrency"},
	"reservedconcurrentexecutions":    {"concurrency"},
	"maxconcurrency":                  {"concurrency", "max_concurrency"},
	"provisionedconcurrency":          {"provisioned"},
	"provisionedconcurrentexecutions": {"provisioned"},
	"dlq":                             {"dead_letter", "on_failure"},
	"deadletter":                      {"dead_letter", "on_failure"},
	"deadletterqueue":                 {"dead_letter", "on_failure"},
	"deadletterconfig":                {"dead_letter", "on_failure"},
	"deadlettertargetarn":             {"dead_letter", "on_failure"},
	"redrivepolicy":                   {"dead_letter"},
	"onerror":                         {"on_failure"},
	"destination":                     {"on_failure"},
	"maxreceivecount":                 {"max_receive_count"},
	"visibilitytimeoutseconds":        {"visibility_timeout"},
	"messageretentionperiod":          {"retention"},
	"messageretentionseconds":         {"retention"},
	"delayseconds":                    {"delay"},
	"timeoutseconds":                  {"timeout"},
	"architectures":                   {"arch"},
	"architecture":                    {"arch"},
	"tracingconfig":                   {"tracing"},
	"maximumretryattempts":            {"retries", "max_retries"},
	"maximumeventageinseconds":        {"max_event_age"},
	"batchsize":                       {"batch_size"},
	"maximumbatchingwindowinseconds":  {"batch_window"},
	// Firehose's BufferingHints (CloudFormation IntervalInSeconds,
	// SizeInMBs; Terraform buffering_interval, buffering_size) and its
	// S3 backup.
	"intervalinseconds":     {"buffer_interval"},
	"bufferinginterval":     {"buffer_interval"},
	"sizeinmbs":             {"buffer_size"},
	"bufferingsize":         {"buffer_size"},
	"s3backupmode":          {"backup"},
	"s3backupconfiguration": {"backup"},
}

// attrNotes explain names that have no attribute at all, where a guess
// would mislead.
var attrNotes = map[string]string{
	"pricing": "Prices are not part of the architecture: archie simulate --pricing FILE replaces the bundled price table (archie simulate --print-prices writes it).",
	"price":   "Prices are not part of the architecture: archie simulate --pricing FILE replaces the bundled price table (archie simulate --print-prices writes it).",
	"cost":    "Costs are computed by archie simulate from the workload and the price table (--pricing FILE replaces it).",
}

func aliasKey(name string) string {
	return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(name))
}

// suggestAttr is the " Did you mean X?" of an unknown attribute: the
// archie spelling of a name from another tool, else the closest name.
func suggestAttr(name string, candidates []string) string {
	key := aliasKey(name)
	if note, ok := attrNotes[key]; ok {
		return " " + note
	}
	for _, want := range attrAliases[key] {
		for _, c := range candidates {
			if c == want {
				return fmt.Sprintf(" Did you mean %q? (archie's name for %s)", c, name)
			}
		}
	}
	// MaxReceiveCount is max_receive_count in another case.
	for _, c := range candidates {
		if aliasKey(c) == key {
			return fmt.Sprintf(" Did you mean %q?", c)
		}
	}
	return suggest(name, candidates)
}

// durationUnitAliases are unit spellings of other tools and of English.
var durationUnitAliases = map[string]string{
	"msec": "ms", "msecs": "ms", "millisecond": "ms", "milliseconds": "ms", "millis": "ms",
	"sec": "s", "secs": "s", "second": "s", "seconds": "s",
	"min": "m", "mins": "m", "minute": "m", "minutes": "m",
	"hr": "h", "hrs": "h", "hour": "h", "hours": "h",
	"day": "d", "days": "d", "week": "w", "weeks": "w", "yr": "y", "year": "y", "years": "y",
}

// durationAlias rewrites a duration written with other unit spellings
// ("10 seconds", "10sec", "1 hour 30 minutes") in archie's, or returns ""
// when that is not what s is.
func durationAlias(s string) string {
	var out strings.Builder
	in := strings.TrimSpace(strings.ToLower(s))
	for in != "" {
		i := 0
		for i < len(in) && (in[i] >= '0' && in[i] <= '9' || in[i] == '.') {
			i++
		}
		if i == 0 {
			return ""
		}
		out.WriteString(in[:i])
		in = strings.TrimLeft(in[i:], " ")
		j := 0
		for j < len(in) && in[j] >= 'a' && in[j] <= 'z' {
			j++
		}
		unit := in[:j]
		if u, ok := durationUnitAliases[unit]; ok {
			unit = u
		}
		out.WriteString(unit)
		in = strings.TrimLeft(in[j:], " ,")
		in = strings.TrimPrefix(in, "and ")
	}
	if _, err := ParseDuration(out.String()); err != nil || out.String() == s {
		return ""
	}
	return out.String()
}
