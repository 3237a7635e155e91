# The shop architecture, written for Terraform; the same as sam/shop and
# serverless/shop.
variable "stage" {
  type    = string
  default = "dev"
}

variable "worker_memory" {
  type    = number
  default = 512
}

locals {
  prefix  = "shop-${var.stage}"
  runtime = "python3.12"
}

resource "aws_apigatewayv2_api" "http_api" {
  name          = "${local.prefix}-api"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "create_order" {
  api_id           = aws_apigatewayv2_api.http_api.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.create_order.invoke_arn
}

resource "aws_apigatewayv2_route" "create_order" {
  api_id    = aws_apigatewayv2_api.http_api.id
  route_key = "POST /orders"
  target    = "integrations/${aws_apigatewayv2_integration.create_order.id}"
}

resource "aws_lambda_function" "create_order" {
  function_name = "${local.prefix}-create-order"
  runtime       = local.runtime
  handler       = "app.create"
  memory_size   = 256
  timeout       = 10
  role          = aws_iam_role.create_order.arn

  environment {
    variables = {
      TABLE = aws_dynamodb_table.orders.name
      TOPIC = aws_sns_topic.order_placed.arn
    }
  }
}

resource "aws_iam_role" "create_order" {
  name               = "${local.prefix}-create-order"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "create_order" {
  role = aws_iam_role.create_order.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["dynamodb:PutItem", "dynamodb:UpdateItem"], Resource = aws_dynamodb_table.orders.arn },
      { Effect = "Allow", Action = "sns:Publish", Resource = aws_sns_topic.order_placed.arn },
    ]
  })
}

resource "aws_dynamodb_table" "orders" {
  name             = "${local.prefix}-orders"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "id"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_sns_topic" "order_placed" {
  name = "${local.prefix}-order-placed"
}

resource "aws_sqs_queue" "fulfil_queue" {
  name                       = "${local.prefix}-fulfil"
  visibility_timeout_seconds = 60
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.fulfil_dlq.arn
    maxReceiveCount     = 3
  })
}

resource "aws_sqs_queue" "fulfil_dlq" {
  name                      = "${local.prefix}-fulfil-dlq"
  message_retention_seconds = 1209600
}

resource "aws_sns_topic_subscription" "fulfil" {
  topic_arn = aws_sns_topic.order_placed.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.fulfil_queue.arn
}

resource "aws_lambda_function" "fulfil" {
  function_name                  = "${local.prefix}-fulfil"
  runtime                        = local.runtime
  handler                        = "app.fulfil"
  memory_size                    = var.worker_memory
  timeout                        = 10
  reserved_concurrent_executions = 5
  role                           = aws_iam_role.worker.arn
}

resource "aws_lambda_event_source_mapping" "fulfil" {
  function_name           = aws_lambda_function.fulfil.arn
  event_source_arn        = aws_sqs_queue.fulfil_queue.arn
  batch_size              = 5
  function_response_types = ["ReportBatchItemFailures"]
}

resource "aws_iam_role" "worker" {
  name               = "${local.prefix}-worker"
  assume_role_policy = "{}"
}

resource "aws_lambda_function" "project" {
  function_name = "${local.prefix}-project"
  runtime       = local.runtime
  handler       = "app.project"
  memory_size   = 256
  timeout       = 10
  role          = aws_iam_role.project.arn
}

resource "aws_iam_role" "project" {
  name               = "${local.prefix}-project"
  assume_role_policy = "{}"
  inline_policy {
    name   = "write-reports"
    policy = data.aws_iam_policy_document.project.json
  }
}

data "aws_iam_policy_document" "project" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.reports.arn}/*"]
  }
}

resource "aws_lambda_event_source_mapping" "project" {
  function_name                  = aws_lambda_function.project.function_name
  event_source_arn               = aws_dynamodb_table.orders.stream_arn
  starting_position              = "LATEST"
  batch_size                     = 100
  bisect_batch_on_function_error = true
  maximum_retry_attempts         = 3
  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.project_failures.arn
    }
  }
}

resource "aws_sqs_queue" "project_failures" {
  name = "${local.prefix}-project-failures"
}

resource "aws_s3_bucket" "reports" {
  bucket = "${local.prefix}-reports"
}

resource "aws_lambda_function" "nightly" {
  function_name = "${local.prefix}-nightly"
  runtime       = local.runtime
  handler       = "app.nightly"
  memory_size   = 256
  timeout       = 300
  role          = aws_iam_role.nightly.arn
}

resource "aws_iam_role" "nightly" {
  name               = "${local.prefix}-nightly"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "nightly" {
  role       = aws_iam_role.nightly.name
  policy_arn = aws_iam_policy.read_reports.arn
}

resource "aws_iam_policy" "read_reports" {
  name = "${local.prefix}-read-reports"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "${aws_s3_bucket.reports.arn}/*"}
      ]
    }
  EOT
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "${local.prefix}-nightly"
  schedule_expression = "rate(1 day)"
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = aws_lambda_function.nightly.arn
}

resource "aws_lambda_permission" "nightly" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.nightly.function_name
  principal     = "events.amazonaws.com"
}
