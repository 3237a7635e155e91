variable "env" {
  default = "prod"
}

variable "retention_days" {
  type    = number
  default = 14
}

locals {
  name          = "platform-${var.env}"
  retention_sec = var.retention_days * 86400
  functions = {
    charge = aws_lambda_function.charge.arn
  }
}

module "ingest" {
  source      = "./modules/worker"
  name        = "ingest"
  queue_arn   = aws_sqs_queue.inbox.arn
  table_arn   = aws_dynamodb_table.events.arn
  memory      = 1024
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}

resource "aws_sqs_queue" "inbox" {
  name                      = "${local.name}-inbox"
  fifo_queue                = true
  message_retention_seconds = local.retention_sec
}

resource "aws_dynamodb_table" "events" {
  name           = "${local.name}-events"
  read_capacity  = 20
  write_capacity = 40
  hash_key       = "id"
}

resource "aws_cloudwatch_event_bus" "platform" {
  name = local.name
}

resource "aws_cloudwatch_event_rule" "charged" {
  name           = "charged"
  event_bus_name = aws_cloudwatch_event_bus.platform.name
  event_pattern = jsonencode({
    source        = ["payments"]
    "detail-type" = ["Charged"]
  })
}

resource "aws_cloudwatch_event_target" "receipt" {
  rule           = aws_cloudwatch_event_rule.charged.name
  event_bus_name = aws_cloudwatch_event_bus.platform.name
  arn            = module.ingest.function_arn
  dead_letter_config {
    arn = aws_sqs_queue.receipts_dlq.arn
  }
  retry_policy {
    maximum_retry_attempts       = 10
    maximum_event_age_in_seconds = 3600
  }
}

resource "aws_sqs_queue" "receipts_dlq" {
  name = "${local.name}-receipts-dlq"
}

resource "aws_lambda_function" "charge" {
  function_name = "${local.name}-charge"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  architectures = ["arm64"]
  timeout       = 29
  tracing_config {
    mode = "Active"
  }
}

resource "aws_sfn_state_machine" "checkout" {
  name     = "${local.name}-checkout"
  type     = "EXPRESS"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = templatefile("${path.module}/workflows/checkout.asl.json", {
    charge_arn = local.functions.charge
    table      = aws_dynamodb_table.events.name
    bus        = aws_cloudwatch_event_bus.platform.name
  })
}

resource "aws_api_gateway_rest_api" "public" {
  name = "${local.name}-public"
}

resource "aws_api_gateway_resource" "checkout" {
  rest_api_id = aws_api_gateway_rest_api.public.id
  parent_id   = aws_api_gateway_rest_api.public.root_resource_id
  path_part   = "checkout"
}

resource "aws_api_gateway_method" "post_checkout" {
  rest_api_id   = aws_api_gateway_rest_api.public.id
  resource_id   = aws_api_gateway_resource.checkout.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "post_checkout" {
  rest_api_id             = aws_api_gateway_rest_api.public.id
  resource_id             = aws_api_gateway_resource.checkout.id
  http_method             = aws_api_gateway_method.post_checkout.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:us-east-1:states:action/StartSyncExecution"
  request_templates = {
    "application/json" = jsonencode({ stateMachineArn = aws_sfn_state_machine.checkout.arn })
  }
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.public.id
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    throttling_rate_limit  = 100
    throttling_burst_limit = 50
  }
}

resource "aws_s3_bucket" "uploads" {
  bucket = "${local.name}-uploads"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  queue {
    queue_arn     = aws_sqs_queue.inbox.arn
    events        = ["s3:ObjectCreated:*"]
    filter_suffix = ".json"
  }
}

resource "aws_kinesis_stream" "audit" {
  name = "${local.name}-audit"
  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
}

resource "random_id" "suffix" {
  byte_length = 4
}

resource "aws_pipes_pipe" "audit" {
  name     = "audit"
  role_arn = "arn:aws:iam::123456789012:role/pipe"
  source   = aws_kinesis_stream.audit.arn
  target   = aws_sfn_state_machine.checkout.arn
  source_parameters {
    kinesis_stream_parameters {
      batch_size        = 50
      starting_position = "LATEST"
    }
  }
}

resource "aws_lambda_function_url" "charge" {
  function_name      = aws_lambda_function.charge.function_name
  authorization_type = "NONE"
}
