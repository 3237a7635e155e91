# An HTTP API and a REST API guarded by Lambda authorizers.

resource "aws_apigatewayv2_api" "chat" {
  name          = "chat"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "chat" {
  api_id                            = aws_apigatewayv2_api.chat.id
  name                              = "chat"
  authorizer_type                   = "REQUEST"
  authorizer_uri                    = aws_lambda_function.chat_auth.invoke_arn
  authorizer_payload_format_version = "2.0"
  authorizer_result_ttl_in_seconds  = 300
  identity_sources                  = ["$request.header.Authorization"]
}

resource "aws_apigatewayv2_integration" "chat" {
  api_id                 = aws_apigatewayv2_api.chat.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.chat.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "messages" {
  api_id             = aws_apigatewayv2_api.chat.id
  route_key          = "POST /messages"
  authorization_type = "CUSTOM"
  authorizer_id      = aws_apigatewayv2_authorizer.chat.id
  target             = "integrations/${aws_apigatewayv2_integration.chat.id}"
}

resource "aws_api_gateway_rest_api" "admin" {
  name = "admin"
}

resource "aws_api_gateway_authorizer" "admin" {
  name           = "admin"
  rest_api_id    = aws_api_gateway_rest_api.admin.id
  authorizer_uri = aws_lambda_function.chat_auth.invoke_arn
}

resource "aws_api_gateway_authorizer" "cognito" {
  name          = "cognito"
  type          = "COGNITO_USER_POOLS"
  rest_api_id   = aws_api_gateway_rest_api.admin.id
  provider_arns = ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"]
}

resource "aws_lambda_function" "chat_auth" {
  function_name = "chat-auth"
  role          = "arn:aws:iam::123456789012:role/auth"
  runtime       = "python3.12"
  handler       = "auth.handler"
  memory_size   = 256
  timeout       = 5
  filename      = "auth.zip"
}

resource "aws_lambda_function" "chat" {
  function_name = "chat"
  role          = "arn:aws:iam::123456789012:role/chat"
  runtime       = "python3.12"
  handler       = "chat.handler"
  memory_size   = 256
  timeout       = 10
  filename      = "chat.zip"
}
