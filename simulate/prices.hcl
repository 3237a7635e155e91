# The price table archie simulate bundles: AWS, region us-east-1, USD,
# on-demand, as published on each service's pricing page. Every price names
# its source; all were read in November 2026. `archie simulate --pricing
# FILE` reads a file in this format: any attribute it sets replaces the
# bundled one, so a file may hold only the prices that differ.
#
# A price is a number, or a list of tiers [up_to, price] over the month's
# cumulative quantity, the last tier with up_to = 0 (no bound).

region = "us-east-1"
date   = "2026-11"

# AWS Lambda, https://aws.amazon.com/lambda/pricing/ (2026-11).
lambda_requests_per_million = 0.20
lambda_x86_gb_second = [
  [6000000000, 0.0000166667],  # first 6 billion GB-s a month
  [15000000000, 0.000015],     # next 9 billion
  [0, 0.0000133334],           # over 15 billion
]
lambda_arm_gb_second = [
  [7500000000, 0.0000133334],  # first 7.5 billion GB-s a month
  [18750000000, 0.0000120001], # next 11.25 billion
  [0, 0.0000106667],           # over 18.75 billion
]
lambda_provisioned_x86_gb_second          = 0.0000041667 # provisioned concurrency, per GB-s configured
lambda_provisioned_duration_x86_gb_second = 0.0000097222 # duration on provisioned instances
lambda_provisioned_arm_gb_second          = 0.0000033334
lambda_provisioned_duration_arm_gb_second = 0.0000077778
lambda_free_requests                      = 1000000 # always-free tier, per month
lambda_free_gb_seconds                    = 400000

# Amazon API Gateway, https://aws.amazon.com/api-gateway/pricing/ (2026-11).
apigw_http_per_million = [
  [300000000, 1.00], # first 300 million requests a month (512 KB each)
  [0, 0.90],
]
apigw_rest_per_million = [
  [333000000, 3.50],   # first 333 million
  [1000000000, 2.80],  # next 667 million
  [20000000000, 2.38], # next 19 billion
  [0, 1.51],           # over 20 billion
]
apigw_websocket_messages_per_million = [
  [1000000000, 1.00], # first 1 billion messages (32 KB each)
  [0, 0.80],
]
apigw_websocket_connection_minutes_per_million = 0.25 # (2026-12)

# Elastic Load Balancing (ALB), https://aws.amazon.com/elasticloadbalancing/pricing/ (2026-11).
alb_hour     = 0.0225
alb_lcu_hour = 0.008

# AWS AppSync, https://aws.amazon.com/appsync/pricing/ (2026-11).
appsync_per_million = 4.00

# Amazon SQS, https://aws.amazon.com/sqs/pricing/ (2026-12); each 64 KB
# chunk of a request is billed as one request. The volume tiers count every
# request of the month, the free million included.
sqs_standard_per_million = [
  [100000000000, 0.40], # up to 100 billion requests a month
  [200000000000, 0.30], # next 100 billion
  [0, 0.24],            # over 200 billion
]
sqs_fifo_per_million = [
  [100000000000, 0.50], # up to 100 billion requests a month
  [200000000000, 0.40], # next 100 billion
  [0, 0.35],            # over 200 billion
]
sqs_free_requests = 1000000

# Amazon SNS, https://aws.amazon.com/sns/pricing/ (2026-11); deliveries to
# SQS and Lambda are not charged.
sns_publishes_per_million      = 0.50
sns_http_deliveries_per_million = 0.60
sns_free_publishes             = 1000000
sns_free_http_deliveries       = 100000

# Amazon EventBridge, https://aws.amazon.com/eventbridge/pricing/ (2026-11).
eventbridge_events_per_million = 1.00

# Amazon DynamoDB, https://aws.amazon.com/dynamodb/pricing/ (2026-11);
# on-demand prices as cut on 1 November 2024.
dynamodb_write_units_per_million = 0.625
dynamodb_read_units_per_million  = 0.125
dynamodb_wcu_hour                = 0.00065
dynamodb_rcu_hour                = 0.00013
dynamodb_free_wcu                = 25 # always-free provisioned capacity
dynamodb_free_rcu                = 25

# AWS Step Functions, https://aws.amazon.com/step-functions/pricing/ (2026-11).
sfn_transitions_per_thousand = 0.025
sfn_free_transitions         = 4000
sfn_express_per_million      = 1.00
sfn_express_gb_second = [
  [3600000, 0.00001667],  # first 1,000 GB-hours ($0.06 per GB-hour)
  [18000000, 0.00000833], # next 4,000 GB-hours ($0.03)
  [0, 0.00000456],        # beyond ($0.01642)
]

# Amazon Kinesis Data Streams, https://aws.amazon.com/kinesis/data-streams/pricing/ (2026-11;
# retention and record rounding read 2026-12). On-demand data in counts each
# record rounded up to the next 1 KB (1,024 bytes).
kinesis_shard_hour                    = 0.015
kinesis_put_units_per_million         = 0.014 # 25 KB payload units
kinesis_extended_retention_shard_hour = 0.02  # provisioned: retention above 24 hours, up to 7 days
kinesis_on_demand_stream_hour         = 0.04
kinesis_on_demand_gb_in               = 0.08
kinesis_on_demand_gb_out              = 0.04
kinesis_on_demand_extended_retention_gb_month = 0.10  # on-demand: data kept beyond 24 hours, up to 7 days
kinesis_long_term_retention_gb_month          = 0.023 # both modes: data kept beyond 7 days

# Amazon Data Firehose, https://aws.amazon.com/firehose/pricing/ (2026-12-02):
# Direct PUT and Kinesis Data Streams as source, ingestion per GB with
# each record rounded up to the next 5 KB. Tiers over the month's
# ingestion: first 500 TB, next 1.5 PB, next 3 PB (the page quotes larger
# volumes on request; archie keeps the last tier's price beyond).
firehose_ingestion_gb = [
  [512000, 0.029],  # first 500 TB a month
  [2097152, 0.025], # next 1.5 PB
  [0, 0.020],       # next 3 PB and beyond
]

# Amazon S3 Standard, https://aws.amazon.com/s3/pricing/ (2026-11).
s3_put_per_thousand = 0.005
s3_get_per_thousand = 0.0004

# AWS Fargate, Linux/x86, https://aws.amazon.com/fargate/pricing/ (2026-11):
# $0.000011244 per vCPU-second and $0.000001235 per GB-second.
fargate_vcpu_hour = 0.04048
fargate_gb_hour   = 0.004445
