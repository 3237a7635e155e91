# QuoteHub: a car insurance comparison site. One request from the browser
# becomes four calls to insurers' rating APIs; the aggregator collects the
# answers, caches them and returns a single ranked list.

architecture "quotehub" {
  description         = "Car insurance quote comparison over four insurers' APIs"
  region              = "eu-west-2"
  account_concurrency = 1000
}

pattern "aggregator" "quote_comparison" {
  aggregator = function.compare_quotes
  sources = [
    external.northwind_mutual,
    external.harbor_insurance,
    external.greenline_direct,
    external.atlas_motor,
  ]
}

workload "weekday_evening" {
  entry    = api.public
  route    = "POST /quotes"
  rate     = 6
  arrival  = "poisson"
  duration = "1h"
  monthly  = 9000000
  payload  = "3KB"

  # the TV advert airs
  burst {
    at   = "20m"
    rate = 14
    for  = "5m"
  }
}
