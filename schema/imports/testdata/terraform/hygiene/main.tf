# What the hygiene rules read from Terraform.

resource "aws_lambda_function" "export" {
  function_name = "export"
  runtime       = "python3.9"
  handler       = "app.handler"
  filename      = "export.zip"
  role          = aws_iam_role.export.arn
}

resource "aws_cloudwatch_log_group" "export" {
  name              = "/aws/lambda/${aws_lambda_function.export.function_name}"
  retention_in_days = 14
}

resource "aws_iam_role" "export" {
  name               = "export"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "export" {
  role   = aws_iam_role.export.id
  policy = data.aws_iam_policy_document.export.json
}

data "aws_iam_policy_document" "export" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
  statement {
    actions   = ["xray:PutTraceSegments"]
    resources = ["*"]
  }
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  runtime       = "nodejs24.x"
  handler       = "index.handler"
  filename      = "report.zip"
  role          = aws_iam_role.report.arn
}

resource "aws_iam_role" "report" {
  name               = "report"
  assume_role_policy = "{}"
  inline_policy {
    name = "all"
    policy = jsonencode({
      Statement = [{ Effect = "Allow", Action = "dynamodb:*", Resource = aws_dynamodb_table.reports.arn }]
    })
  }
}

resource "aws_dynamodb_table" "reports" {
  name         = "reports"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = "d"
  stage_name    = "prod"
}

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "http" {
  api_id = aws_apigatewayv2_api.http.id
  name   = "$default"
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.export.arn
    format          = "$context.requestId"
  }
}

resource "aws_sfn_state_machine" "flow" {
  name       = "flow"
  role_arn   = "arn:aws:iam::123456789012:role/flow"
  definition = jsonencode({ StartAt = "Done", States = { Done = { Type = "Succeed" } } })
  tracing_configuration {
    enabled = true
  }
}

resource "aws_apigatewayv2_integration" "report" {
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.report.invoke_arn
}

resource "aws_apigatewayv2_route" "report" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /report"
  target    = "integrations/${aws_apigatewayv2_integration.report.id}"
}
