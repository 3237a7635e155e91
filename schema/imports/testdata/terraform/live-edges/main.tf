# A table that writes its changes into a Kinesis data stream, a bucket that
# sends its events to the default bus, a rule on the default bus that
# forwards to a custom bus, and a schedule that puts events on that bus.
resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_kinesis_stream" "changes" {
  name = "changes"
  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

resource "aws_dynamodb_kinesis_streaming_destination" "orders" {
  table_name = aws_dynamodb_table.orders.name
  stream_arn = aws_kinesis_stream.changes.arn
}

resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket      = aws_s3_bucket.uploads.id
  eventbridge = true
}

resource "aws_cloudwatch_event_bus" "domain" {
  name = "domain"
}

resource "aws_sqs_queue" "failed" {
  name = "failed"
}

resource "aws_cloudwatch_event_rule" "forward" {
  name          = "forward"
  event_pattern = jsonencode({ source = ["aws.s3"] })
}

resource "aws_cloudwatch_event_target" "forward" {
  rule     = aws_cloudwatch_event_rule.forward.name
  arn      = aws_cloudwatch_event_bus.domain.arn
  role_arn = "arn:aws:iam::123456789012:role/events"
  dead_letter_config {
    arn = aws_sqs_queue.failed.arn
  }
}

resource "aws_scheduler_schedule" "tick" {
  name                = "tick"
  schedule_expression = "rate(5 minutes)"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_cloudwatch_event_bus.domain.arn
    role_arn = "arn:aws:iam::123456789012:role/scheduler"
    eventbridge_parameters {
      detail_type = "tick"
      source      = "scheduler"
    }
    retry_policy {
      maximum_retry_attempts = 2
    }
  }
}

resource "aws_cloudwatch_event_rule" "on_domain" {
  name           = "on-domain"
  event_bus_name = aws_cloudwatch_event_bus.domain.name
  event_pattern  = jsonencode({ source = ["aws.s3", "scheduler"] })
}

resource "aws_cloudwatch_event_target" "on_domain" {
  rule           = aws_cloudwatch_event_rule.on_domain.name
  event_bus_name = aws_cloudwatch_event_bus.domain.name
  arn            = aws_sqs_queue.work.arn
  dead_letter_config {
    arn = aws_sqs_queue.failed.arn
  }
}

resource "aws_sqs_queue" "work" {
  name = "work"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.failed.arn
    maxReceiveCount     = 5
  })
}

resource "aws_lambda_event_source_mapping" "changes" {
  function_name     = aws_lambda_function.worker.arn
  event_source_arn  = aws_kinesis_stream.changes.arn
  starting_position = "LATEST"
  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.failed.arn
    }
  }
  maximum_retry_attempts = 3
}

resource "aws_lambda_event_source_mapping" "work" {
  function_name    = aws_lambda_function.worker.arn
  event_source_arn = aws_sqs_queue.work.arn
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "index.handler"
  filename      = "worker.zip"
  role          = "arn:aws:iam::123456789012:role/worker"
  timeout       = 20
  memory_size   = 256
}
