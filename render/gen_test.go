package render

import (
	"fmt"
	"strings"

	"github.com/archiehq/archie/schema"
)

// generate writes an architecture of about n components as HCL: services
// of ten components wired as a team would (an api, handlers, a queue with
// its dead-letter queue, a topic, a table, a bucket, a partner API), and
// cross-service calls, emits and reads spread over the graph so the layout
// has the crossings a large real system has.
func generate(n int) []schema.SourceFile {
	services := max(1, (n+9)/10)
	var b strings.Builder
	b.WriteString("architecture \"generated\" {\n  account_concurrency = 100000\n}\n\n")
	for s := 0; s < services; s++ {
		other := func(k int) int { return (s*k + k/2 + 1) % services }
		crossRead := ""
		if t := other(3); t != s {
			crossRead = fmt.Sprintf(", database.table%d", t)
		}
		fmt.Fprintf(&b, `service "svc%[1]d" {
  api "api%[1]d" {}

  function "handle%[1]d" {
    memory  = 512
    timeout = "10s"
    writes  = [database.table%[1]d]
    emits   = [topic.events%[1]d]
    calls   = [external.partner%[2]d]
    trigger {
      source = api.api%[1]d
      route  = "POST /items"
    }
  }

  function "query%[1]d" {
    reads = [database.table%[1]d, bucket.files%[1]d%[6]s]
    trigger {
      source = api.api%[1]d
      route  = "GET /items"
    }
  }

  topic "events%[1]d" {}

  queue "work%[1]d" {
    dead_letter = queue.work%[1]d_dlq
    trigger { source = topic.events%[4]d }
  }

  queue "work%[1]d_dlq" {}

  function "worker%[1]d" {
    timeout = "30s"
    writes  = [bucket.files%[1]d]
    emits   = [topic.events%[5]d]
    trigger {
      source     = queue.work%[1]d
      batch_size = 10
    }
  }

  database "table%[1]d" {}
  bucket "files%[1]d" {}
  external "partner%[1]d" {}
}

`, s, other(7), other(3), other(13), other(5), crossRead)
	}
	return []schema.SourceFile{{Name: "generated.arch.hcl", Src: []byte(b.String())}}
}
