# EventBridge pipes that put a queue's messages, a Kinesis stream's records
# and a table's item changes on a bus, and an IoT topic rule whose actions
# publish to a topic, send to a queue, put into the stream and invoke a
# function.
resource "aws_cloudwatch_event_bus" "events" {
  name = "events"
}

resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "id"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_kinesis_stream" "telemetry" {
  name = "telemetry"
  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

resource "aws_sqs_queue" "alarms" {
  name = "alarms"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.failed.arn
    maxReceiveCount     = 3
  })
}

resource "aws_sqs_queue" "failed" {
  name = "failed"
}

resource "aws_sns_topic" "readings" {
  name = "readings"
}

resource "aws_pipes_pipe" "orders" {
  name     = "orders"
  role_arn = "arn:aws:iam::123456789012:role/pipes"
  source   = aws_dynamodb_table.orders.stream_arn
  target   = aws_cloudwatch_event_bus.events.arn
  source_parameters {
    dynamodb_stream_parameters {
      starting_position             = "LATEST"
      batch_size                    = 10
      maximum_retry_attempts        = 3
      maximum_record_age_in_seconds = -1
      on_partial_batch_item_failure = "AUTOMATIC_BISECT"
      dead_letter_config {
        arn = aws_sqs_queue.failed.arn
      }
    }
  }
}

resource "aws_pipes_pipe" "telemetry" {
  name     = "telemetry"
  role_arn = "arn:aws:iam::123456789012:role/pipes"
  source   = aws_kinesis_stream.telemetry.arn
  target   = aws_cloudwatch_event_bus.events.arn
  source_parameters {
    kinesis_stream_parameters {
      starting_position             = "LATEST"
      maximum_record_age_in_seconds = 3600
      parallelization_factor        = 2
    }
  }
}

resource "aws_pipes_pipe" "alarms" {
  name     = "alarms"
  role_arn = "arn:aws:iam::123456789012:role/pipes"
  source   = aws_sqs_queue.alarms.arn
  target   = aws_cloudwatch_event_bus.events.arn
  source_parameters {
    sqs_queue_parameters {
      batch_size                         = 5
      maximum_batching_window_in_seconds = 10
    }
  }
}

resource "aws_iot_topic_rule" "device" {
  name        = "device"
  enabled     = true
  sql         = "SELECT * FROM 'device/+/data'"
  sql_version = "2016-03-23"
  sns {
    target_arn     = aws_sns_topic.readings.arn
    role_arn       = "arn:aws:iam::123456789012:role/iot"
    message_format = "RAW"
  }
  sqs {
    queue_url  = aws_sqs_queue.alarms.url
    role_arn   = "arn:aws:iam::123456789012:role/iot"
    use_base64 = false
  }
  kinesis {
    stream_name = aws_kinesis_stream.telemetry.name
    role_arn    = "arn:aws:iam::123456789012:role/iot"
  }
  lambda {
    function_arn = aws_lambda_function.worker.arn
  }
  kinesis {
    stream_name = var.elsewhere
    role_arn    = "arn:aws:iam::123456789012:role/iot"
  }
}

variable "elsewhere" {
  type = string
}

resource "aws_cloudwatch_event_rule" "on_events" {
  event_bus_name = aws_cloudwatch_event_bus.events.name
  event_pattern  = jsonencode({ source = ["aws.dynamodb"] })
}

resource "aws_cloudwatch_event_target" "worker" {
  rule           = aws_cloudwatch_event_rule.on_events.name
  event_bus_name = aws_cloudwatch_event_bus.events.name
  arn            = aws_lambda_function.worker.arn
}

resource "aws_sns_topic_subscription" "worker" {
  topic_arn = aws_sns_topic.readings.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.worker.arn
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "index.handler"
  filename      = "worker.zip"
  role          = "arn:aws:iam::123456789012:role/worker"
  timeout       = 30
}
