# An internal REST API, reached only through a VPC endpoint, in front of a
# function; and a public one beside it.
resource "aws_api_gateway_rest_api" "internal" {
  name = "internal"
  endpoint_configuration {
    types            = ["PRIVATE"]
    vpc_endpoint_ids = ["vpce-0123456789abcdef0"]
  }
}

resource "aws_api_gateway_rest_api" "regional" {
  name = "regional"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_lambda_function" "lookup" {
  function_name = "lookup"
  runtime       = "python3.12"
  handler       = "lookup.handler"
  role          = "arn:aws:iam::123456789012:role/lookup"
  filename      = "lookup.zip"
  timeout       = 10
}

resource "aws_api_gateway_resource" "items" {
  rest_api_id = aws_api_gateway_rest_api.internal.id
  parent_id   = aws_api_gateway_rest_api.internal.root_resource_id
  path_part   = "items"
}

resource "aws_api_gateway_method" "get_items" {
  rest_api_id   = aws_api_gateway_rest_api.internal.id
  resource_id   = aws_api_gateway_resource.items.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "get_items" {
  rest_api_id             = aws_api_gateway_rest_api.internal.id
  resource_id             = aws_api_gateway_resource.items.id
  http_method             = aws_api_gateway_method.get_items.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.lookup.invoke_arn
}
