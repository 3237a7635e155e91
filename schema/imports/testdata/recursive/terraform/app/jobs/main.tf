resource "aws_sqs_queue" "jobs" {
  name = "batch-jobs"
}

resource "aws_lambda_function" "worker" {
  function_name = "batch-worker"
  runtime       = "python3.12"
  handler       = "worker.handler"
  role          = "arn:aws:iam::123456789012:role/worker"
  filename      = "worker.zip"
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
}
