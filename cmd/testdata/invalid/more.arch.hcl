function "create" {}

pattern "queue_levelling" "orders" {}
