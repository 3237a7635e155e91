# A fixture with findings of every severity, a suppression, a pattern
# whose checks fail, a component outside any service, and text that
# Markdown and HTML must escape.

architecture "payments" {
  description = "Card payments <b>recorded</b> in a *relational* ledger | R&D & more"
  region      = "us-east-1"
}

pattern "queue_load_leveling" "settlements" {
  queue    = queue.settlements
  consumer = function.settle
}

pattern "aggregator" "balance" {
  aggregator = function.balance
  sources    = [external.bank]
}

workload "checkout" {
  entry   = api.public
  route   = "POST /payments"
  rate    = 5
  monthly = 1000000
}

# Outside any service: nobody owns it in the model.
# archie-ignore: non-idempotent-consumer -- the health check only reads
function "health" {
  runtime = "python3.12"
  trigger {
    source   = "schedule"
    schedule = "rate(5 minutes)"
  }
  on_failure = queue.settlements_dlq
}
