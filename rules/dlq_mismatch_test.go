package rules

import (
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/linttest"
)

func TestDLQMismatchMeta(t *testing.T) { assertMetaExamples(t, dlqMismatch{}) }

func TestDLQMismatch(t *testing.T) {
	cases := map[string]string{
		"FIFO queue with a standard dead-letter queue": `
queue "orders" {
  fifo        = true
  dead_letter = queue.orders_dlq # want "dlq-mismatch"
}
queue "orders_dlq" {
  retention = "14d"
}
`,
		"standard queue with a FIFO dead-letter queue": `
queue "orders" {
  dead_letter = queue.orders_dlq # want "dlq-mismatch"
}
queue "orders_dlq" {
  fifo      = true
  retention = "14d"
}
`,
		"same retention on standard queues": `
queue "orders" {
  dead_letter = queue.orders_dlq # want "dlq-mismatch"
}
queue "orders_dlq" {
  retention = "4d"
}
`,
		"two default retentions are left alone": `
queue "orders" {
  dead_letter = queue.orders_dlq
}
queue "orders_dlq" {}
`,
		"shorter dead-letter retention": `
queue "orders" {
  retention   = "7d"
  dead_letter = queue.orders_dlq # want "dlq-mismatch"
}
queue "orders_dlq" {
  retention = "5d"
}
`,
		"longer dead-letter retention": `
queue "orders" {
  dead_letter = queue.orders_dlq
}
queue "orders_dlq" {
  retention = "14d"
}
`,
		"both at the maximum": `
queue "orders" {
  retention   = "14d"
  dead_letter = queue.orders_dlq
}
queue "orders_dlq" {
  retention = "14d"
}
`,
		"FIFO dead-letter queue restarts the clock": `
queue "orders" {
  fifo        = true
  dead_letter = queue.orders_dlq
}
queue "orders_dlq" {
  fifo = true
}
`,
		"queue without dead_letter": `
queue "orders" {}
`,
		"FIFO topic subscription needs a FIFO dead-letter queue": `
topic "ledger" {
  fifo = true
}
queue "postings" {
  fifo = true
  trigger {
    source      = topic.ledger
    dead_letter = queue.postings_dlq # want "dlq-mismatch"
  }
}
queue "postings_dlq" {
  retention = "14d"
}
`,
		"FIFO topic subscription with a FIFO dead-letter queue": `
topic "ledger" {
  fifo = true
}
queue "postings" {
  fifo = true
  trigger {
    source      = topic.ledger
    dead_letter = queue.postings_dlq
  }
}
queue "postings_dlq" {
  fifo = true
}
`,
		"standard topic subscription with a FIFO dead-letter queue": `
topic "placed" {}
function "notify" {
  trigger {
    source      = topic.placed
    dead_letter = queue.notify_dlq # want "dlq-mismatch"
  }
}
queue "notify_dlq" {
  fifo = true
}
`,
		"EventBridge targets take standard queues only": `
bus "events" {}
function "audit" {
  trigger {
    source      = bus.events
    dead_letter = queue.fifo_dlq # want "dlq-mismatch"
  }
  trigger {
    source      = "schedule"
    schedule    = "rate(1 hour)"
    dead_letter = queue.fifo_dlq # want "dlq-mismatch"
  }
}
function "report" {
  trigger {
    source      = bus.events
    dead_letter = queue.standard_dlq
  }
  trigger {
    source      = "schedule"
    schedule    = "rate(1 day)"
    dead_letter = queue.standard_dlq
  }
}
queue "fifo_dlq" {
  fifo = true
}
queue "standard_dlq" {}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, dlqMismatch{}) })
	}
}

func TestDLQMismatchMessages(t *testing.T) {
	src := `
-- billing.arch.hcl --
service "billing" {
  queue "payments" {
    fifo        = true
    dead_letter = queue.payments_dlq # want "dlq-mismatch"
  }
  queue "refunds" {
    retention   = "4d"
    dead_letter = queue.refunds_dlq # want "dlq-mismatch"
  }
}
-- ops.arch.hcl --
service "ops" {
  queue "payments_dlq" {}
  queue "refunds_dlq" {
    retention = "2d"
  }
}
`
	fs := linttest.Run(t, src, dlqMismatch{})
	if len(fs) != 2 {
		t.Fatalf("got %+v", fs)
	}
	want := "queue.payments is a FIFO queue but its dead_letter queue.payments_dlq is a standard queue: SQS only redrives to a dead-letter queue of the same type and rejects this one; make queue.payments_dlq a FIFO queue"
	if f := fs[0]; f.Message != want || f.Severity != lint.Error || sourceAt(t, src, f) != "queue.payments_dlq" || f.Component != "queue.payments" {
		t.Errorf("got %+v\nwant %s", f, want)
	}
	want = "dead_letter queue.refunds_dlq keeps messages 2d, no longer than queue.refunds (4d): a message keeps its first enqueue time when it moves, so one that failed late is deleted from the dead-letter queue soon after it lands; give queue.refunds_dlq a longer retention (up to 14d)"
	if f := fs[1]; f.Message != want || f.Severity != lint.Warning {
		t.Errorf("got %+v\nwant %s", f, want)
	}

	f := onlyFinding(t, `
bus "events" {}
function "audit" {
  trigger {
    source      = bus.events
    dead_letter = queue.dlq # want "dlq-mismatch"
  }
}
queue "dlq" {
  fifo = true
}
`, dlqMismatch{})
	want = "the rule target function.audit on bus.events has dead_letter queue.dlq, a FIFO queue: EventBridge only delivers failed events to standard queues; use a standard queue"
	if f.Message != want {
		t.Errorf("got %s\nwant %s", f.Message, want)
	}
}
