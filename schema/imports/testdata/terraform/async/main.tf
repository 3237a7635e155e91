# Webhooks accepted at once, a streamed report, and a durable order saga.

resource "aws_api_gateway_rest_api" "webhooks" {
  name = "webhooks"
}

resource "aws_api_gateway_resource" "hook" {
  rest_api_id = aws_api_gateway_rest_api.webhooks.id
  parent_id   = aws_api_gateway_rest_api.webhooks.root_resource_id
  path_part   = "hook"
}

resource "aws_api_gateway_method" "hook_post" {
  rest_api_id   = aws_api_gateway_rest_api.webhooks.id
  resource_id   = aws_api_gateway_resource.hook.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "hook" {
  rest_api_id             = aws_api_gateway_rest_api.webhooks.id
  resource_id             = aws_api_gateway_resource.hook.id
  http_method             = aws_api_gateway_method.hook_post.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.hook.invoke_arn
  request_parameters = {
    "integration.request.header.X-Amz-Invocation-Type" = "'Event'"
  }
}

resource "aws_api_gateway_resource" "report" {
  rest_api_id = aws_api_gateway_rest_api.webhooks.id
  parent_id   = aws_api_gateway_rest_api.webhooks.root_resource_id
  path_part   = "report"
}

resource "aws_api_gateway_method" "report_get" {
  rest_api_id   = aws_api_gateway_rest_api.webhooks.id
  resource_id   = aws_api_gateway_resource.report.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "report" {
  rest_api_id             = aws_api_gateway_rest_api.webhooks.id
  resource_id             = aws_api_gateway_resource.report.id
  http_method             = aws_api_gateway_method.report_get.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.report.invoke_arn
  response_transfer_mode  = "STREAM"
}

resource "aws_lambda_function" "hook" {
  function_name = "hook"
  role          = aws_iam_role.lambda.arn
  runtime       = "python3.12"
  handler       = "hook.handler"
  timeout       = 120
  filename      = "hook.zip"
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = aws_iam_role.lambda.arn
  runtime       = "python3.12"
  handler       = "report.handler"
  timeout       = 600
  filename      = "report.zip"
}

resource "aws_lambda_function" "saga" {
  function_name = "order-saga"
  role          = aws_iam_role.saga.arn
  runtime       = "nodejs22.x"
  handler       = "saga.handler"
  timeout       = 60
  filename      = "saga.zip"
  durable_config {
    execution_timeout = 86400
    retention_period  = 7
  }
}

resource "aws_lambda_function" "charge" {
  function_name = "charge"
  role          = aws_iam_role.lambda.arn
  runtime       = "nodejs22.x"
  handler       = "charge.handler"
  timeout       = 30
  filename      = "charge.zip"
}

resource "aws_iam_role" "lambda" {
  name               = "lambda"
  assume_role_policy = "{}"
}

resource "aws_iam_role" "saga" {
  name               = "saga"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "saga_invoke" {
  role = aws_iam_role.saga.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["lambda:InvokeFunction"]
      Resource = [aws_lambda_function.charge.arn]
    }]
  })
}

resource "aws_lambda_function_url" "report" {
  function_name      = aws_lambda_function.report.function_name
  authorization_type = "AWS_IAM"
  invoke_mode        = "RESPONSE_STREAM"
}
