# Links to what another configuration declares: a data source, a variable
# and remote state. archie cannot follow them and says so.

variable "consumer_function_arn" {
  type = string
}

data "aws_sqs_queue" "shared_failures" {
  name = "shared-failures"
}

data "terraform_remote_state" "platform" {
  backend = "local"
  config = {
    path = "../platform/terraform.tfstate"
  }
}

resource "aws_lambda_function" "nightly" {
  function_name = "nightly"
  role          = "arn:aws:iam::123456789012:role/nightly"
  runtime       = "python3.12"
  handler       = "nightly.handler"
  memory_size   = 256
  timeout       = 60
  filename      = "nightly.zip"
  dead_letter_config {
    target_arn = data.aws_sqs_queue.shared_failures.arn
  }
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly"
  schedule_expression = "cron(0 2 * * ? *)"
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = aws_lambda_function.nightly.arn
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_lambda_event_source_mapping" "jobs" {
  function_name    = var.consumer_function_arn
  event_source_arn = aws_sqs_queue.jobs.arn
}

resource "aws_lambda_function" "reporter" {
  function_name = "reporter"
  role          = "arn:aws:iam::123456789012:role/reporter"
  runtime       = "python3.12"
  handler       = "reporter.handler"
  memory_size   = 256
  timeout       = 60
  filename      = "reporter.zip"
}

resource "aws_lambda_function_event_invoke_config" "reporter" {
  function_name = aws_lambda_function.reporter.function_name
  destination_config {
    on_failure {
      destination = data.terraform_remote_state.platform.outputs.failure_topic_arn
    }
  }
}

resource "aws_cloudwatch_event_rule" "hourly" {
  name                = "hourly"
  schedule_expression = "rate(1 hour)"
}

resource "aws_cloudwatch_event_target" "hourly" {
  rule = aws_cloudwatch_event_rule.hourly.name
  arn  = aws_lambda_function.reporter.arn
}

resource "aws_lambda_function_url" "reporter" {
  function_name      = aws_lambda_function.reporter.function_name
  authorization_type = "AWS_IAM"
}
