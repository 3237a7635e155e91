service "orders" {
  function "create" {
    memmory = 512
    timeout = "20m"
    emits   = [queue.order]
  }
  queue "orders" {}
}
