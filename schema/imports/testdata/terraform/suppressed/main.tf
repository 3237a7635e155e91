# archie-ignore: missing-dlq -- best-effort telemetry, losing a message is fine
resource "aws_sqs_queue" "events" {
  name = "events"
}

resource "aws_lambda_function" "consumer" {
  function_name = "consumer"
  runtime       = "python3.12"
  memory_size   = 256
}

resource "aws_lambda_event_source_mapping" "m" {
  event_source_arn = aws_sqs_queue.events.arn
  function_name    = aws_lambda_function.consumer.arn
}
