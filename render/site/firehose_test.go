package site

import (
	"strings"
	"testing"
)

// A firehose's row on its service page: its buffering, the destinations it
// delivers to, its backup bucket, its transforming function and what feeds
// it.
func TestFirehoseServicePage(t *testing.T) {
	s := build(t, input(t, "render/site/testdata/arch/firehose"), "out", Renderer{})
	var page string
	for _, f := range s.Markdown() {
		if f.Path == "services/analytics.md" {
			page = string(f.Data)
		}
	}
	for _, want := range []string{
		"## Firehose streams",
		"| Firehose | Buffer interval | Buffer size | Delivers to | Backup | Transform | Triggered by | Description |",
		"| 1m | 64MB | [`bucket.lake`](#buckets), [`external.splunk`](#external-systems) | [`bucket.failed`](#buckets) | [`function.enrich`](#functions) | `cloudwatch_logs` | raw click events to the data lake |",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the service page lacks %q:\n%s", want, page)
		}
	}
}
