# Public REST APIs with usage plans; only the plan with an API key
# throttles its clients.
resource "aws_api_gateway_rest_api" "partner" {
  name = "partner"
}

resource "aws_lambda_function" "quote" {
  function_name                  = "quote"
  runtime                        = "nodejs20.x"
  handler                        = "quote.handler"
  role                           = "arn:aws:iam::123456789012:role/quote"
  filename                       = "quote.zip"
  reserved_concurrent_executions = 10
}

resource "aws_api_gateway_resource" "partner" {
  rest_api_id = aws_api_gateway_rest_api.partner.id
  parent_id   = aws_api_gateway_rest_api.partner.root_resource_id
  path_part   = "quotes"
}

resource "aws_api_gateway_method" "partner" {
  rest_api_id      = aws_api_gateway_rest_api.partner.id
  resource_id      = aws_api_gateway_resource.partner.id
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = true
}

resource "aws_api_gateway_integration" "partner" {
  rest_api_id             = aws_api_gateway_rest_api.partner.id
  resource_id             = aws_api_gateway_resource.partner.id
  http_method             = aws_api_gateway_method.partner.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.quote.invoke_arn
}

resource "aws_api_gateway_rest_api" "open" {
  name = "open"
}

resource "aws_lambda_function" "status" {
  function_name                  = "status"
  runtime                        = "nodejs20.x"
  handler                        = "status.handler"
  role                           = "arn:aws:iam::123456789012:role/status"
  filename                       = "status.zip"
  reserved_concurrent_executions = 10
}

resource "aws_api_gateway_resource" "open" {
  rest_api_id = aws_api_gateway_rest_api.open.id
  parent_id   = aws_api_gateway_rest_api.open.root_resource_id
  path_part   = "status"
}

resource "aws_api_gateway_method" "open" {
  rest_api_id      = aws_api_gateway_rest_api.open.id
  resource_id      = aws_api_gateway_resource.open.id
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = true
}

resource "aws_api_gateway_integration" "open" {
  rest_api_id             = aws_api_gateway_rest_api.open.id
  resource_id             = aws_api_gateway_resource.open.id
  http_method             = aws_api_gateway_method.open.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.status.invoke_arn
}

resource "aws_api_gateway_usage_plan" "partner" {
  name = "partner"
  api_stages {
    api_id = aws_api_gateway_rest_api.partner.id
    stage  = "prod"
  }
  throttle_settings {
    rate_limit  = 50
    burst_limit = 100
  }
}

resource "aws_api_gateway_api_key" "partner" {
  name = "partner"
}

resource "aws_api_gateway_usage_plan_key" "partner" {
  key_id        = aws_api_gateway_api_key.partner.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.partner.id
}

resource "aws_api_gateway_usage_plan" "open" {
  name = "open"
  api_stages {
    api_id = aws_api_gateway_rest_api.open.id
    stage  = "prod"
  }
  throttle_settings {
    rate_limit = 10
  }
}
