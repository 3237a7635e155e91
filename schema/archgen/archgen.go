// Package archgen generates architectures of a given size for benchmarks
// and load tests: services of ten components each, wired as a typical
// team would wire them (an api, handlers, a queue with its dead-letter
// queue, a topic, a table with a change stream, a bucket, a partner API),
// with edges across services so the graph is connected.
package archgen

import (
	"fmt"
	"strings"

	"github.com/archiehq/archie/schema"
)

// ServicesPerFile is how many services each generated file holds.
const ServicesPerFile = 10

// ComponentsPerService is how many components each generated service has.
const ComponentsPerService = 10

// Files returns an architecture of about n components (rounded up to whole
// services) as source files.
func Files(n int) []schema.SourceFile {
	services := (n + ComponentsPerService - 1) / ComponentsPerService
	if services < 1 {
		services = 1
	}
	var files []schema.SourceFile
	var b strings.Builder
	b.WriteString("architecture \"generated\" {\n  description = \"generated for benchmarks\"\n  account_concurrency = 100000\n}\n\n")
	for s := 0; s < services; s++ {
		writeService(&b, s, services)
		if (s+1)%ServicesPerFile == 0 || s == services-1 {
			files = append(files, schema.SourceFile{
				Name: fmt.Sprintf("gen%04d.arch.hcl", len(files)),
				Src:  []byte(b.String()),
			})
			b.Reset()
		}
	}
	return files
}

func writeService(b *strings.Builder, s, services int) {
	next := (s + 1) % services
	fmt.Fprintf(b, `service "svc%[1]d" {
  owner = "team-%[1]d"

  api "api%[1]d" {
    throttle_rate = 500
  }

  function "handle%[1]d" {
    runtime     = "python3.12"
    memory      = 512
    timeout     = "10s"
    concurrency = 50
    tracing     = true
    writes      = [database.table%[1]d]
    emits       = [topic.events%[1]d]
    calls       = [external.partner%[1]d]
    trigger {
      source = api.api%[1]d
      route  = "POST /items"
    }
  }

  function "query%[1]d" {
    memory      = 256
    timeout     = "5s"
    concurrency = 20
    reads       = [database.table%[1]d, bucket.files%[1]d]
    trigger {
      source = api.api%[1]d
      route  = "GET /items"
    }
  }

  topic "events%[1]d" {}

  queue "work%[1]d" {
    visibility_timeout = "3m"
    dead_letter        = queue.work%[1]d_dlq
    trigger { source = topic.events%[2]d }
  }

  queue "work%[1]d_dlq" {
    retention = "14d"
  }

  function "worker%[1]d" {
    memory     = 1024
    timeout    = "30s"
    idempotent = true
    writes     = [bucket.files%[1]d]
    trigger {
      source                 = queue.work%[1]d
      batch_size             = 10
      max_concurrency        = 10
      partial_batch_response = true
    }
  }

  database "table%[1]d" {
    stream = true
  }

  bucket "files%[1]d" {}

  external "partner%[1]d" {
    latency = "120ms"
  }
}

`, s, next)
}
