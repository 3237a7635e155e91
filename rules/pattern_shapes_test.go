package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

// patternRules are the pattern, route and channel rules; patternShapes
// below are their worst cases.
func patternRules() []lint.Rule {
	return []lint.Rule{
		aggregatorResilience{}, durationExceedsTimeout{}, fanOutFailure{}, implicitDefaults{},
		missingThrottle{}, missingTracing{}, patternMismatch{}, singlePointOfFailure{},
		stranglerSharedStore{}, unconsumedChannel{}, unusedOnFailure{},
	}
}

// patternShapes adds, to the graph rules' hostile shapes, the ones that
// would make these rules quadratic: n entry routes that all wait on one
// chain of shared functions ending at one external (every route reaches
// every component of the chain), a bus fed by n producers and read by
// nobody, an aggregator with n sources, a fan-out of n workers through one
// topic with a collector none of them reaches, and n small patterns of
// every kind, and a reporting pattern with n projectors and n views.
func patternShapes(n int) []schema.SourceFile {
	var b strings.Builder
	b.WriteString("api \"many\" {}\nexternal \"shared\" {}\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "function \"entry%d\" {\n  calls = [function.hub0]\n  trigger {\n    source = api.many\n    route  = \"GET /e%d\"\n  }\n}\n", i, i)
	}
	for i := 0; i < 50; i++ {
		next := fmt.Sprintf("function.hub%d", i+1)
		if i == 49 {
			next = "external.shared"
		}
		fmt.Fprintf(&b, "function \"hub%d\" {\n  calls = [%s]\n}\n", i, next)
	}
	b.WriteString("bus \"noisy\" {}\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "function \"producer%d\" {\n  emits = [bus.noisy]\n}\n", i)
	}
	b.WriteString("pattern \"aggregator\" \"wide\" {\n  aggregator = function.agg\n  sources = [")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "external.src%d, ", i)
	}
	b.WriteString("]\n}\nfunction \"agg\" {\n  calls = [")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "external.src%d, ", i)
	}
	b.WriteString("]\n}\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "external \"src%d\" {}\n", i)
	}
	b.WriteString("topic \"fan\" {}\nfunction \"collect\" {}\npattern \"fan_out_fan_in\" \"fan_wide\" {\n  source = topic.fan\n  collector = function.collect\n  workers = [")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "function.worker%d, ", i)
	}
	b.WriteString("]\n}\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "function \"worker%d\" {\n  trigger { source = topic.fan }\n}\n", i)
	}
	// a reporting pattern with n projectors and n views, none wired
	b.WriteString("database \"facts\" {\n  stream = true\n}\npattern \"read_heavy_reporting\" \"wide_views\" {\n  source = database.facts\n  projectors = [")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "function.worker%d, ", i)
	}
	b.WriteString("]\n  views = [")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "database.view%d, ", i)
	}
	b.WriteString("]\n}\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "database \"view%d\" {}\n", i)
	}
	for i := 0; i < n/10; i++ {
		fmt.Fprintf(&b, `queue "q%[1]d" {}
function "c%[1]d" {
  trigger { source = queue.q%[1]d }
}
pattern "queue_load_leveling" "l%[1]d" {
  queue    = queue.q%[1]d
  consumer = function.c%[1]d
  producer = function.producer%[1]d
}
pattern "strangler" "s%[1]d" {
  facade = api.many
  legacy = function.entry%[1]d
  modern = [function.hub0]
}
pattern "pub_sub" "p%[1]d" {
  topic       = topic.fan
  publishers  = [function.producer%[1]d]
  subscribers = [function.worker%[1]d, function.c%[1]d]
}
`, i)
	}
	return append(hostileShapes(n), schema.SourceFile{Name: "patterns.arch.hcl", Src: []byte(b.String())})
}

func TestPatternRulesScaleOnHostileShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("large architecture")
	}
	findings := lintShape(t, patternShapes(2000), 20000, patternRules())
	counts := map[string]int{}
	for _, f := range findings {
		counts[f.Rule]++
	}
	t.Logf("findings by rule: %v", counts)
	// Every entry function calls the first hub without a breaker; every
	// hub call and the external are reached from all the routes.
	if got := counts["single-point-of-failure"]; got != 2000+50 {
		t.Errorf("single-point-of-failure: %d findings, want 2050", got)
	}
	// 200 of each small pattern's wires are missing, the fan-in collector
	// is reached by no worker, and the wide reporting pattern misses a
	// trigger per projector and a writer per view.
	if got := counts["pattern-mismatch"]; got != 4*200+1+2*2000 {
		t.Errorf("pattern-mismatch: %d findings, want %d", got, 4*200+1+2*2000)
	}
	if got := counts["aggregator-resilience"]; got != 1 {
		t.Errorf("aggregator-resilience: %d findings, want 1", got)
	}
}
