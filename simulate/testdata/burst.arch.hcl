api "public" { type = "http" }
function "create" {
  memory      = 512
  duration    = "80ms"
  concurrency = 50
  emits       = [queue.work]
  trigger {
    source = api.public
    route  = "POST /orders"
  }
}
queue "work" {}
function "fulfil" {
  duration = "300ms"
  trigger {
    source          = queue.work
    batch_size      = 5
    max_concurrency = 10
  }
}
workload "peak" {
  entry    = api.public
  route    = "POST /orders"
  rate     = 100
  duration = "5m"
  burst {
    at   = "1m"
    rate = 1000
    for  = "30s"
  }
}
