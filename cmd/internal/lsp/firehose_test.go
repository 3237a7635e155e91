package lsp

import (
	"slices"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

const firehoseSrc = `bucket "lake" {}

stream "clicks" {}

firehose "clickstream" {
  buffer_interval = "60s"
  writes          = [bucket.lake]
  trigger { source = stream.clicks }
}

function "enrich" {
  trigger { source = firehose.clickstream }
}

function "producer" {
  emits = [firehose.clickstream]
}
`

// A firehose in the editor: its attributes and trigger sources complete,
// a reference to it goes to its declaration and explains itself on hover,
// and the outline shows it as a channel.
func TestFirehose(t *testing.T) {
	c, dir := workspace(t, "", map[string]string{"main.arch.hcl": firehoseSrc})
	u, text := open(t, c, dir, "main.arch.hcl")
	version := int32(1)
	for _, tc := range []struct {
		name, text string
		want, not  []string
	}{
		{"in a firehose", strings.Replace(text, "  buffer_interval", "  |\n  buffer_interval", 1),
			[]string{"buffer_interval", "buffer_size", "writes", "calls", "backup", "trigger"}, []string{"emits", "memory", "reads"}},
		{"a firehose trigger source", strings.Replace(text, "trigger { source = stream.clicks }", "trigger {\n    source = |\n  }", 1),
			[]string{"stream.clicks", "iot", "cloudwatch_logs"}, []string{"schedule", "bucket.lake", "firehose.clickstream"}},
		{"a function trigger source", strings.Replace(text, "trigger { source = firehose.clickstream }", "trigger {\n    source = |\n  }", 1),
			[]string{"firehose.clickstream", "stream.clicks", "firehose"}, nil},
		{"an api trigger on a firehose", text + "\napi \"a\" {}\nfirehose \"f\" {\n  trigger {\n    source = api.a\n    |\n  }\n}\n",
			[]string{"route"}, []string{"invocation"}},
		{"a firehose's backup", strings.Replace(text, "  buffer_interval", "  backup = |\n  buffer_interval", 1),
			[]string{"bucket.lake"}, []string{"stream.clicks"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			version++
			got := labels(complete(t, c, u, version, tc.text))
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("no %q among %v", w, got)
				}
			}
			for _, n := range tc.not {
				if slices.Contains(got, n) {
					t.Errorf("%q offered: %v", n, got)
				}
			}
		})
	}
	version++
	if err := c.Replace(u, version, firehoseSrc); err != nil {
		t.Fatal(err)
	}

	ref := protocol.TextDocumentPositionParams{TextDocument: doc(u), Position: posOf(t, firehoseSrc, "firehose.clickstream", 10)}
	var defs []protocol.Location
	if err := c.Call(protocol.MethodTextDocumentDefinition, protocol.DefinitionParams{TextDocumentPositionParams: ref}, &defs); err != nil {
		t.Fatal(err)
	}
	decl := posOf(t, firehoseSrc, `"clickstream"`, 0)
	if len(defs) != 1 || defs[0].Range.Start != decl {
		t.Errorf("definition = %+v, want the declaration at %+v", defs, decl)
	}
	got := hoverAt(t, c, u, ref.Position)
	for _, want := range []string{"**firehose.clickstream**", `buffer_interval = "1m"`, `buffer_size`} {
		if !strings.Contains(got, want) {
			t.Errorf("hover on a firehose reference lacks %q:\n%s", want, got)
		}
	}

	var symbols []protocol.DocumentSymbol
	if err := c.Call(protocol.MethodTextDocumentDocumentSymbol, protocol.DocumentSymbolParams{TextDocument: doc(u)}, &symbols); err != nil {
		t.Fatal(err)
	}
	for _, s := range symbols {
		if s.Name == "firehose.clickstream" && s.Kind != protocol.SymbolKindEnum {
			t.Errorf("firehose symbol kind %v, want %v (a channel, as a queue)", s.Kind, protocol.SymbolKindEnum)
		}
	}
}
