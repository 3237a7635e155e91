package rules

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/linttest"
	"github.com/archiehq/archie/schema"
)

// importedFindings loads src as if imported: every edge comes from the
// template, but those named in inferred ("function.a -> queue.q" to a
// source) were inferred. It returns "severity rule component" per finding,
// with the message after " | ".
func importedFindings(t *testing.T, src string, inferred map[string]string, r lint.Rule) []string {
	t.Helper()
	arch := linttest.Load(t, src)
	arch.Imported = true
	for _, e := range arch.Edges {
		e.Source = schema.SourceTemplate
		if s, ok := inferred[e.From.Address()+" -> "+e.To.Address()]; ok {
			e.Source = s
		}
	}
	fs, err := lint.Run(context.Background(), arch, []lint.Rule{r}, lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s %s | %s", f.Severity, f.Rule, f.Component, f.Message))
	}
	return out
}

func expectFindings(t *testing.T, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) && !strings.Contains(got[i], want[i]) {
			t.Errorf("finding %d:\n%s\nwant it to contain %q", i, got[i], want[i])
		}
	}
}

const loopSrc = `
queue "jobs" {}
function "worker" {
  timeout = "10s"
  emits   = [queue.jobs]
  trigger { source = queue.jobs }
}
`

func TestRecursiveLoopInferred(t *testing.T) {
	// Declared: an error, as in the language.
	expectFindings(t, importedFindings(t, loopSrc, nil, recursiveLoop{}), "error recursive-loop function.worker")
	// Through a permission only: information, naming the edge.
	got := importedFindings(t, loopSrc, map[string]string{"function.worker -> queue.jobs": schema.SourcePermission}, recursiveLoop{})
	expectFindings(t, got, "info recursive-loop function.worker | possible recursive loop")
	if !strings.Contains(got[0], "function.worker -> queue.jobs (from a permission) is inferred, not declared") {
		t.Errorf("the finding does not name the inferred edge:\n%s", got[0])
	}
	// Through an environment variable: a warning naming the edge.
	got = importedFindings(t, loopSrc, map[string]string{"function.worker -> queue.jobs": schema.SourceEnvironment}, recursiveLoop{})
	expectFindings(t, got, "warning recursive-loop function.worker | recursive loop:")
	expectFindings(t, got, "(from an environment variable) is inferred")
}

// A loop that could close through a permission or through an environment
// variable is reported through the variable, as a warning.
func TestRecursiveLoopPrefersEnvironmentEdge(t *testing.T) {
	src := `
queue "jobs" {}
queue "side" {}
function "worker" {
  timeout = "10s"
  emits   = [queue.jobs, queue.side]
  trigger { source = queue.jobs }
}
function "relay" {
  emits = [queue.jobs]
  trigger { source = queue.side }
}
`
	got := importedFindings(t, src, map[string]string{
		"function.worker -> queue.jobs": schema.SourcePermission,
		"function.worker -> queue.side": schema.SourceEnvironment,
	}, recursiveLoop{})
	expectFindings(t, got, "warning recursive-loop")
	expectFindings(t, got, "function.worker -> queue.side (from an environment variable)")
}

const orchestratorSrc = `
api "public" {
  throttle_rate = 10
}
function "orchestrator" {
  timeout = "5s"
  calls   = [function.a, function.b]
  trigger {
    source = api.public
    route  = "POST /run"
  }
}
function "a" {
  timeout = "10s"
  calls   = [function.b]
}
function "b" {
  timeout = "10s"
  calls   = [function.c]
}
function "c" {
  timeout = "10s"
}
`

func TestCallRulesIgnoreInferredCalls(t *testing.T) {
	inferred := map[string]string{
		"function.orchestrator -> function.a": schema.SourcePermission,
		"function.orchestrator -> function.b": schema.SourcePermission,
		"function.a -> function.b":            schema.SourceEnvironment,
		"function.b -> function.c":            schema.SourcePermission,
	}
	for _, r := range []lint.Rule{sequentialOrchestrator{}, syncChain{}, timeoutBudget{}, missingTracing{}} {
		id := r.Meta().ID
		if got := importedFindings(t, orchestratorSrc, nil, r); len(got) == 0 {
			t.Errorf("%s: no finding on declared calls", id)
		}
		if got := importedFindings(t, orchestratorSrc, inferred, r); len(got) != 0 {
			t.Errorf("%s: findings on inferred calls:\n%s", id, strings.Join(got, "\n"))
		}
	}
}

const sharedSrc = `
service "orders" {
  database "orders" {
    engine = "dynamodb"
  }
  function "place" {
    writes = [database.orders]
  }
}
service "billing" {
  function "bill" {
    writes = [database.orders]
  }
}
service "reports" {
  function "report" {
    reads = [database.orders]
  }
}
`

func TestSharedDatabaseInferred(t *testing.T) {
	expectFindings(t, importedFindings(t, sharedSrc, nil, sharedDatabase{}),
		"error shared-database database.orders", "warning shared-database function.report")
	got := importedFindings(t, sharedSrc, map[string]string{
		"function.bill -> database.orders":   schema.SourcePermission,
		"function.report -> database.orders": schema.SourcePermission,
	}, sharedDatabase{})
	expectFindings(t, got, "warning shared-database database.orders", "info shared-database function.report")
	if !strings.Contains(got[0], "function.bill -> database.orders (from a permission) is inferred") {
		t.Errorf("the warning does not name the inferred write:\n%s", got[0])
	}
}

func TestUnconsumedChannelImported(t *testing.T) {
	src := `
queue "ingest" {}
function "ingest" {
  trigger { source = queue.ingest }
}
queue "orphan" {}
queue "out" {}
function "producer" {
  emits = [queue.out]
}
`
	expectFindings(t, importedFindings(t, src, nil, unconsumedChannel{}),
		"info unconsumed-channel queue.ingest | queue.ingest is not fed by anything in the imported sources but consumed by function.ingest",
		"info unconsumed-channel queue.orphan | queue.orphan is not fed by anything in the imported sources nor consumed",
		"warning unconsumed-channel queue.out | queue.out is fed by function.producer but nothing consumes it")
	// An inferred emit feeds the channel.
	src2 := `
queue "ingest" {}
function "ingest" {
  trigger { source = queue.ingest }
}
function "producer" {
  emits = [queue.ingest]
}
`
	expectFindings(t, importedFindings(t, src2, map[string]string{"function.producer -> queue.ingest": schema.SourceEnvironment}, unconsumedChannel{}))
}

// TestUnconsumedChannelImportedFirehose: an imported firehose nothing in
// the sources feeds is information, one with no destination a warning, and
// one with links the importer could not follow is not reported.
func TestUnconsumedChannelImportedFirehose(t *testing.T) {
	src := `
bucket "lake" {}
firehose "orphan" {
  writes = [bucket.lake]
}
function "producer" {
  emits = [firehose.nowhere]
}
firehose "nowhere" {}
`
	expectFindings(t, importedFindings(t, src, nil, unconsumedChannel{}),
		"info unconsumed-channel firehose.orphan | firehose.orphan is not fed by anything in the imported sources but delivers to bucket.lake",
		"warning unconsumed-channel firehose.nowhere | firehose.nowhere is fed by function.producer but delivers nowhere")
	arch := linttest.Load(t, src)
	arch.Imported = true
	for _, c := range arch.Components {
		c.Unknown = []schema.UnknownLink{{What: "The destination refers to Fn::ImportValue x", Range: c.DeclRange}}
	}
	fs, err := lint.Run(context.Background(), arch, []lint.Rule{unconsumedChannel{}}, lint.Config{})
	if err != nil || len(fs) != 0 {
		t.Errorf("with unknown links: %v %+v", err, fs)
	}
}

func TestNonIdempotentConsumerOptInOnImports(t *testing.T) {
	src := `
queue "jobs" {}
function "worker" {
  trigger { source = queue.jobs }
}
`
	if got := importedFindings(t, src, nil, nonIdempotentConsumer{}); len(got) != 0 {
		t.Errorf("on an import, without on_imports:\n%s", strings.Join(got, "\n"))
	}
	arch := linttest.Load(t, src)
	arch.Imported = true
	cfg := lint.Config{Rules: map[string]lint.RuleConfig{"non-idempotent-consumer": {Options: map[string]int{"on_imports": 1}}}}
	fs, err := lint.Run(context.Background(), arch, []lint.Rule{nonIdempotentConsumer{}}, cfg)
	if err != nil || len(fs) != 1 {
		t.Errorf("with on_imports = 1: %v %+v", err, fs)
	}
	// Written in the language, it is checked as always.
	linttest.Run(t, `
queue "jobs" {}
function "worker" { # want "non-idempotent-consumer"
  trigger { source = queue.jobs }
}
`, nonIdempotentConsumer{})
}

// TestUnknownLinksAreNotAbsences: on a component with links the importer
// could not follow, missing-dlq says once that it cannot tell, and the
// other rules that claim an absence stay silent.
func TestUnknownLinksAreNotAbsences(t *testing.T) {
	src := `
function "notify" {
  trigger {
    source   = "schedule"
    schedule = "rate(1 day)"
  }
}
queue "orders" {}
function "fulfil" {
  trigger { source = queue.orders }
}
function "cleanup" {
  on_failure = queue.orders
}
`
	arch := linttest.Load(t, src)
	arch.Imported = true
	for _, c := range arch.Components {
		c.Unknown = []schema.UnknownLink{{What: "The on-failure destination refers to Fn::ImportValue x", Range: c.DeclRange}}
	}
	fs, err := lint.Run(context.Background(), arch, []lint.Rule{missingDLQ{}, unconsumedChannel{}, unusedOnFailure{}}, lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s %s %s", f.Severity, f.Rule, f.Component))
		if !strings.Contains(f.Message, "archie cannot tell whether") || !strings.Contains(f.Message, "the on-failure destination refers to Fn::ImportValue x") {
			t.Errorf("message: %s", f.Message)
		}
	}
	if strings.Join(got, "\n") != "info missing-dlq function.notify\ninfo missing-dlq queue.orders" {
		t.Errorf("findings:\n%s", strings.Join(got, "\n"))
	}
}

// TestUnusedOnFailureImported: on an import, a function that nothing in the
// templates invokes is invoked from outside them, perhaps asynchronously,
// so its on_failure may be used; one whose only invocations there are
// synchronous or polled still gets the finding.
func TestUnusedOnFailureImported(t *testing.T) {
	src := `
api "public" {}
queue "jobs" {}
queue "failed" {}
function "invoked_from_outside" {
  on_failure = queue.failed
}
function "behind_api" {
  on_failure = queue.failed
  trigger { source = api.public }
}
function "fed_by_queue" {
  on_failure = queue.failed
  trigger { source = queue.jobs }
}
`
	expectFindings(t, importedFindings(t, src, nil, unusedOnFailure{}),
		"warning unused-on-failure function.behind_api",
		"warning unused-on-failure function.fed_by_queue")
	// The same architecture written in the language is the whole system:
	// nothing invokes the first function, and the rule says so.
	linttest.Run(t, strings.ReplaceAll(src, "  on_failure = queue.failed\n", "  on_failure = queue.failed # want \"unused-on-failure\"\n"), unusedOnFailure{})
}

// TestUnknownPeersKeepFailureHandling: a link that says only what else may
// feed or consume a component (its reference published for stacks outside
// the import) silences the claims of absence of unconsumed-channel, but
// not missing-dlq, whose subject is declared on the component itself.
func TestUnknownPeersKeepFailureHandling(t *testing.T) {
	src := `
queue "jobs" {}
topic "bookings" {}
function "worker" {
  timeout = "10s"
  emits   = [topic.bookings]
  trigger { source = queue.jobs }
}
`
	arch := linttest.Load(t, src)
	arch.Imported = true
	for _, c := range arch.Components {
		if c.Kind.IsChannel() {
			c.Unknown = []schema.UnknownLink{{What: "Its reference is exported as x", Range: c.DeclRange, Peers: true}}
		}
	}
	fs, err := lint.Run(context.Background(), arch, []lint.Rule{missingDLQ{}, unconsumedChannel{}}, lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s %s %s", f.Severity, f.Rule, f.Component))
	}
	if strings.Join(got, "\n") != "error missing-dlq queue.jobs" {
		t.Errorf("findings:\n%s", strings.Join(got, "\n"))
	}
}

func TestUnboundedConcurrencyInferredWrite(t *testing.T) {
	src := `
function "bill" {
  writes = [database.ledger]
}
database "ledger" {
  capacity       = "provisioned"
  write_capacity = 5
}
`
	expectFindings(t, importedFindings(t, src, nil, unboundedConcurrency{}), "error unbounded-concurrency function.bill")
	got := importedFindings(t, src, map[string]string{"function.bill -> database.ledger": schema.SourcePermission}, unboundedConcurrency{})
	expectFindings(t, got, "error unbounded-concurrency function.bill")
	expectFindings(t, got, "function.bill -> database.ledger (from a permission) is inferred, not declared")
}
