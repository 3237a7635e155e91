package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

// An api's direct integrations (API Gateway AWS service integrations)
// produce into a bus or a topic and read or write a table or a bucket:
// the channel rules count the api as a producer, the data rules see its
// reads and writes, and nothing treats the data access as an invocation.
func TestAPIDirectIntegrations(t *testing.T) {
	unconsumed := `
api "public" {}
bus "events" { # want "unconsumed-channel"
  trigger {
    source = api.public
    route  = "POST /events"
  }
}
topic "alerts" {
  trigger {
    source = api.public
    route  = "POST /alerts"
  }
}
queue "alerts_queue" {
  trigger { source = topic.alerts }
}
function "worker" {
  trigger { source = queue.alerts_queue }
}
`
	linttest.Run(t, unconsumed, unconsumedChannel{})

	shared := `
service "front" {
  api "public" {}
}
service "orders" {
  function "place" {
    writes = [database.orders]
  }
  database "orders" { # want "shared-database"
    trigger {
      source = api.public
      route  = "PUT /orders/{id}"
    }
  }
  bucket "docs" {
    trigger {
      source = api.public
      route  = "PUT /docs/{key}"
    }
  }
}
`
	linttest.Run(t, shared, sharedDatabase{})

	// A provisioned table written by an api directly: no compute scales
	// out in front of it, so unbounded-concurrency has nothing to say;
	// the api's throttle is missing-throttle's subject.
	provisioned := `
api "public" {
  throttle_rate  = 100
  throttle_burst = 200
}
database "orders" {
  capacity       = "provisioned"
  read_capacity  = 5
  write_capacity = 5
  trigger {
    source = api.public
    route  = "POST /orders"
  }
}
bucket "docs" {
  trigger {
    source = api.public
    route  = "GET /docs/{key}"
  }
}
`
	linttest.Run(t, provisioned, unboundedConcurrency{})
	linttest.Run(t, provisioned, missingThrottle{})
	linttest.Run(t, provisioned, nonIdempotentConsumer{})
	linttest.Run(t, provisioned, apiTimeout{})
	linttest.Run(t, provisioned, timeoutBudget{})
	linttest.Run(t, provisioned, singlePointOfFailure{})
	linttest.Run(t, provisioned, recursiveLoop{})
	linttest.Run(t, provisioned, missingDLQ{})
}
