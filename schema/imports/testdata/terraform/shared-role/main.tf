# A CRUD API's functions on a provisioned table: list and get share the
# role of create, which may write; audit has a role of its own.

resource "aws_dynamodb_table" "items" {
  name           = "items"
  billing_mode   = "PROVISIONED"
  read_capacity  = 5
  write_capacity = 5
  hash_key       = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "crud" {
  name               = "items-crud"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "crud" {
  role = aws_iam_role.crud.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"]
      Resource = aws_dynamodb_table.items.arn
    }]
  })
}

resource "aws_iam_role" "audit" {
  name               = "items-audit"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "audit" {
  role = aws_iam_role.audit.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "dynamodb:PutItem"
      Resource = aws_dynamodb_table.items.arn
    }]
  })
}

resource "aws_lambda_function" "create" {
  function_name                  = "items-create"
  role                           = aws_iam_role.crud.arn
  runtime                        = "python3.13"
  handler                        = "app.create"
  filename                       = "build/app.zip"
  reserved_concurrent_executions = 20
}

resource "aws_lambda_function" "list" {
  function_name = "items-list"
  role          = aws_iam_role.crud.arn
  runtime       = "python3.13"
  handler       = "app.list"
  filename      = "build/app.zip"
}

resource "aws_lambda_function" "get" {
  function_name = "items-get"
  role          = aws_iam_role.crud.arn
  runtime       = "python3.13"
  handler       = "app.get"
  filename      = "build/app.zip"
}

resource "aws_lambda_function" "audit" {
  function_name = "items-audit"
  role          = aws_iam_role.audit.arn
  runtime       = "python3.13"
  handler       = "app.audit"
  filename      = "build/app.zip"
}

resource "aws_sqs_queue" "audit" {
  name = "items-audit"
}

resource "aws_lambda_event_source_mapping" "audit" {
  event_source_arn = aws_sqs_queue.audit.arn
  function_name    = aws_lambda_function.audit.arn
}
