architecture "tallybook" {
  description = "Double-entry ledger postings, in order per account"
}

service "ledger" {
  owner = "team-ledger"

  api "internal" {
    type          = "http"
    public        = false
    throttle_rate = 300
  }

  function "post_entry" {
    runtime      = "java21"
    memory       = 1024
    timeout      = "5s"
    duration     = "40ms"
    duration_p99 = "150ms"
    concurrency  = 50
    emits        = [queue.postings]
    trigger {
      source = api.internal
      route  = "POST /entries"
    }
  }

  # Postings must apply in order per account: a FIFO queue. Its dead-letter
  # queue was created as a standard queue, which SQS refuses.
  queue "postings" {
    fifo               = true
    visibility_timeout = "1m"
    dead_letter        = queue.postings_dlq
  }

  queue "postings_dlq" {
    retention = "14d"
  }

  function "apply_posting" {
    runtime      = "java21"
    memory       = 1024
    timeout      = "10s"
    duration     = "60ms"
    duration_p99 = "300ms"
    concurrency  = 10
    idempotent   = true # each posting carries its sequence number
    writes       = [database.balances]
    trigger {
      source                 = queue.postings
      partial_batch_response = true
    }
  }

  database "balances" {
    consistent_reads = true
  }
}
