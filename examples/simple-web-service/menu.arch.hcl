service "menu" {
  owner       = "team-menu"
  description = "Per-store menus, prices and availability"

  function "get_menu" {
    description  = "Menu of one store, the most called route of the app"
    runtime      = "python3.12"
    arch         = "arm64"
    memory       = 512
    timeout      = "3s"
    duration     = "20ms"
    duration_p99 = "90ms"
    concurrency  = 100
    provisioned  = 10 # keeps the app's first screen free of cold starts
    tracing      = true
    reads        = [database.menus]
    trigger {
      source = api.storefront
      route  = "GET /stores/{store_id}/menu"
    }
  }

  function "update_menu" {
    description  = "Store managers change prices or mark items sold out"
    runtime      = "python3.12"
    arch         = "arm64"
    memory       = 256
    timeout      = "5s"
    duration     = "80ms"
    duration_p99 = "300ms"
    concurrency  = 10
    idempotent   = true
    tracing      = true
    writes       = [database.menus]
    trigger {
      source = api.storefront
      route  = "PUT /stores/{store_id}/menu"
    }
  }

  database "menus" {
    description = "One item per store and menu entry"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "1KB"
  }
}
