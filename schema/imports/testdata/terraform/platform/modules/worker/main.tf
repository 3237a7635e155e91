variable "name" {}
variable "queue_arn" {}
variable "table_arn" {}
variable "memory" {
  default = 128
}

resource "aws_lambda_function" "this" {
  function_name = var.name
  runtime       = "python3.12"
  handler       = "app.handler"
  memory_size   = var.memory
  timeout       = 60
  role          = aws_iam_role.this.arn
}

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = "{}"
  inline_policy {
    name = "table"
    policy = jsonencode({
      Statement = [{ Effect = "Allow", Action = ["dynamodb:BatchWriteItem"], Resource = var.table_arn }]
    })
  }
}

resource "aws_lambda_event_source_mapping" "this" {
  function_name                      = aws_lambda_function.this.arn
  event_source_arn                   = var.queue_arn
  batch_size                         = 10
  maximum_batching_window_in_seconds = 2
  scaling_config {
    maximum_concurrency = 20
  }
}

output "function_arn" {
  value = aws_lambda_function.this.arn
}
