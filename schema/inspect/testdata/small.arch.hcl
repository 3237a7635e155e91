architecture "small" {
  region = "eu-west-1"
}

service "orders" {
  owner = "team-orders"

  api "public" {
    type = "http"
  }

  function "create" {
    memory = 256
    writes = [database.orders]
    trigger {
      source = api.public
      route  = "POST /orders"
    }
  }

  database "orders" {
    stream = true
  }
}

function "project" {
  trigger {
    source     = database.orders
    batch_size = 50
  }
}

pattern "simple_web_service" "orders" {
  api      = api.public
  handlers = [function.create]
  database = database.orders
}

workload "peak" {
  entry = api.public
  route = "POST /orders"
  rate  = 10
}
