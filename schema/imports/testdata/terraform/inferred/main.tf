# Edges known only from permissions are reported as such, or not at all.

resource "aws_sqs_queue" "jobs_dlq" {
  name                      = "jobs-dlq"
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "jobs" {
  name                       = "jobs"
  visibility_timeout_seconds = 60
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = "{}"
}

# Allowed to send to its own queue (to re-queue a job later): a loop only
# if the code really does it.
resource "aws_iam_role_policy" "worker" {
  role = aws_iam_role.worker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:SendMessage"]
      Resource = aws_sqs_queue.jobs.arn
    }]
  })
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  memory_size   = 256
  timeout       = 10
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn        = aws_sqs_queue.jobs.arn
  function_name           = aws_lambda_function.worker.arn
  function_response_types = ["ReportBatchItemFailures"]
}

resource "aws_iam_role" "orchestrator" {
  name               = "orchestrator"
  assume_role_policy = "{}"
}

# Allowed to invoke two functions: it may call them one after the other,
# asynchronously, or not at all.
resource "aws_iam_role_policy" "orchestrator" {
  role = aws_iam_role.orchestrator.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["lambda:InvokeFunction"]
      Resource = [aws_lambda_function.step_a.arn, aws_lambda_function.step_b.arn]
    }]
  })
}

resource "aws_lambda_function" "orchestrator" {
  function_name = "orchestrator"
  role          = aws_iam_role.orchestrator.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  memory_size   = 256
  timeout       = 10
}

resource "aws_lambda_function" "step_a" {
  function_name = "step-a"
  role          = aws_iam_role.orchestrator.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  memory_size   = 256
  timeout       = 10
}

resource "aws_lambda_function" "step_b" {
  function_name = "step-b"
  role          = aws_iam_role.orchestrator.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  memory_size   = 256
  timeout       = 10
}
