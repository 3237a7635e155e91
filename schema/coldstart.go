package schema

import (
	"strings"
	"time"
)

// coldStarts are initialisation times of a new Lambda execution environment
// by runtime family, for a small deployment package at 512 MB. They are
// rounded up from the medians published by the daily lambda-perf benchmark
// (github.com/maxday/lambda-perf, readings of 2025) and agree with AWS's
// description of the Init phase (docs.aws.amazon.com/lambda/latest/dg/
// lambda-runtime-environment.html): interpreted runtimes start in a few
// hundred milliseconds, the JVM without SnapStart in about a second.
var coldStarts = []struct {
	prefix string
	init   time.Duration
}{
	{"python", 250 * time.Millisecond},
	{"nodejs", 250 * time.Millisecond},
	{"java", 1000 * time.Millisecond},
	{"dotnet", 700 * time.Millisecond},
	{"ruby", 300 * time.Millisecond},
	{"provided", 120 * time.Millisecond}, // Go and Rust on the OS-only runtime
	{"go", 120 * time.Millisecond},
}

// DefaultColdStart is the cold-start time assumed for a runtime when a
// function does not set cold_start: 300 ms for an unknown or absent runtime.
func DefaultColdStart(runtime string) time.Duration {
	for _, c := range coldStarts {
		if strings.HasPrefix(runtime, c.prefix) {
			return c.init
		}
	}
	return 300 * time.Millisecond
}
