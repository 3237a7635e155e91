# Labline: a hospital group receives lab results from partner laboratories by
# webhook. Labs send in bursts (analysers finish whole racks at once) but the
# clinical records database can take only a few writers at a time, so a queue
# absorbs the bursts and a capped consumer drains it at a steady pace.

architecture "labline-results-intake" {
  description         = "Lab result webhooks buffered in front of the clinical records database"
  region              = "ca-central-1"
  account_concurrency = 1000
}

pattern "queue_load_leveling" "results_intake" {
  queue    = queue.results_intake
  consumer = function.file_result
  producer = function.accept_result
}

workload "rack_completions" {
  entry    = api.partner_webhooks
  route    = "POST /lab-results"
  rate     = 12
  arrival  = "poisson"
  duration = "2h"
  monthly  = 25000000
  payload  = "12KB"

  # the overnight batch from the central lab lands at 06:00
  burst {
    at   = "30m"
    rate = 250
    for  = "4m"
  }
}
