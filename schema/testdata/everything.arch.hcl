# Every block and attribute of the language, each set to a non-default
# value where it has one.
architecture "everything" {
  description         = "kitchen sink"
  region              = "eu-west-1"
  account_concurrency = 3000
}

service "core" {
  owner       = "team-core"
  description = "the core service"

  api "public" {
    description    = "public API"
    type           = "rest"
    timeout        = "20s"
    throttle_rate  = 100
    throttle_burst = 200
    public         = true
  }

  function "handler" {
    description             = "handles requests"
    calls                   = [function.helper, container.legacy, api.internal, external.partner, state_machine.quick]
    emits                   = [queue.jobs, topic.events, stream.clicks, bus.main, firehose.lake, function.async_worker, state_machine.slow]
    reads                   = [database.orders, bucket.files]
    writes                  = [database.orders]
    timeout                 = "15m"
    duration                = "250ms"
    duration_p99            = "1s"
    distribution            = "exponential"
    error_rate              = 0.01
    idempotent              = true
    tracing                 = true
    concurrency             = 100
    retries                 = 1
    on_failure              = queue.failed
    call_retries            = 2
    circuit_breaker         = true
    messages_per_invocation = 3
    runtime                 = "nodejs20.x"
    memory                  = 10240
    arch                    = "arm64"
    provisioned             = 5
    cold_start              = "400ms"
    max_event_age           = "1h"
    trigger {
      source = api.public
      route  = "POST /orders"
    }
    trigger {
      source   = "schedule"
      schedule = "rate(5 minutes)"
      dead_letter = queue.failed
      retries  = 3
    }
    trigger { source = "cognito" }
  }

  function "helper" {}

  function "async_worker" {
    trigger {
      source      = topic.events
      filter      = { type = ["order"] }
      dead_letter = queue.failed
    }
    trigger {
      source = bucket.files
      events = ["created", "removed"]
      prefix = "in/"
      suffix = ".csv"
    }
    trigger {
      source      = bus.main
      pattern     = { source = ["shop"] }
      dead_letter = queue.failed
      retries     = 10
    }
  }

  function "stream_reader" {
    trigger {
      source                 = stream.clicks
      batch_size             = 500
      batch_window           = "5s"
      bisect_on_error        = true
      max_retries            = 3
      max_record_age         = "1h"
      on_failure             = queue.failed
      parallelization        = 4
      partial_batch_response = true
    }
    trigger {
      source = database.orders
    }
  }

  function "queue_reader" {
    trigger {
      source                 = queue.jobs
      batch_size             = 5
      batch_window           = "2s"
      max_concurrency        = 50
      partial_batch_response = true
    }
  }

  container "legacy" {
    cpu       = 2
    memory    = 4096
    tasks     = 2
    max_tasks = 10
    timeout   = "2m"
  }

  state_machine "quick" {
    type  = "express"
    calls = [function.helper]
  }

  state_machine "slow" {
    type        = "standard"
    calls       = [function.helper, container.legacy]
    transitions = 12
  }

  queue "jobs" {
    fifo               = true
    visibility_timeout = "2m"
    retention          = "7d"
    dead_letter        = queue.jobs_dlq
    max_receive_count  = 3
    delay              = "10s"
    trigger { source = api.public }
  }
  queue "jobs_dlq" {
    fifo      = true
    retention = "14d"
  }
  queue "failed" {}

  topic "events" {
    fifo = false
    trigger { source = bus.main }
  }

  stream "clicks" {
    shards    = 4
    retention = "48h"
    trigger { source = api.public }
  }

  bus "main" {}
  bucket "files" {}

  firehose "lake" {
    description     = "click events to the files bucket"
    buffer_interval = "120s"
    buffer_size     = "16MB"
    writes          = [bucket.files]
    calls           = [external.partner]
    backup          = bucket.files
    trigger { source = stream.clicks }
    trigger {
      source      = bus.main
      pattern     = { source = ["clicks"] }
      dead_letter = queue.failed
      retries     = 10
    }
    trigger { source = "cloudwatch_logs" }
  }

  database "orders" {
    engine           = "dynamodb"
    capacity         = "provisioned"
    read_capacity    = 10
    write_capacity   = 5
    max_connections  = 1000
    consistent_reads = true
    stream           = true
    item_size        = "4KB"
  }

  external "partner" {
    latency         = "200ms"
    latency_p99     = "2s"
    distribution    = "constant"
    error_rate      = 0.05
    max_concurrency = 10
    rate_limit      = 50
    trigger { source = topic.events }
  }
}

api "internal" {
  type   = "http"
  public = false
}

pattern "queue_load_leveling" "jobs" {
  queue    = queue.jobs
  consumer = function.queue_reader
  producer = api.public
}

workload "peak" {
  description = "Black Friday"
  entry       = api.public
  route       = "POST /orders"
  rate        = 200
  arrival     = "constant"
  duration    = "30m"
  monthly     = 50000000
  payload     = "2KB"
  burst {
    at   = "2m"
    rate = 2000
    for  = "30s"
  }
  burst {
    at   = "20m"
    rate = 800
    for  = "1m"
  }
}
