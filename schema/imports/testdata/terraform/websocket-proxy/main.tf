# A WebSocket chat whose message handler stores messages in Aurora through
# an RDS Proxy.

resource "aws_apigatewayv2_api" "chat" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_integration" "connect" {
  api_id           = aws_apigatewayv2_api.chat.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.connect.invoke_arn
}

resource "aws_apigatewayv2_route" "connect" {
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "$connect"
  target    = "integrations/${aws_apigatewayv2_integration.connect.id}"
}

resource "aws_apigatewayv2_integration" "send" {
  api_id           = aws_apigatewayv2_api.chat.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.send.invoke_arn
}

resource "aws_apigatewayv2_route" "send" {
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "sendmessage"
  target    = "integrations/${aws_apigatewayv2_integration.send.id}"
}

resource "aws_apigatewayv2_stage" "prod" {
  api_id = aws_apigatewayv2_api.chat.id
  name   = "prod"
  default_route_settings {
    throttling_rate_limit  = 50
    throttling_burst_limit = 100
  }
}

resource "aws_lambda_function" "connect" {
  function_name                  = "chat-connect"
  role                           = "arn:aws:iam::123456789012:role/chat"
  runtime                        = "nodejs22.x"
  handler                        = "connect.handler"
  memory_size                    = 256
  timeout                        = 10
  reserved_concurrent_executions = 20
  filename                       = "connect.zip"
}

resource "aws_lambda_function" "send" {
  function_name                  = "chat-send"
  role                           = "arn:aws:iam::123456789012:role/chat"
  runtime                        = "nodejs22.x"
  handler                        = "send.handler"
  memory_size                    = 256
  timeout                        = 10
  reserved_concurrent_executions = 20
  filename                       = "send.zip"
  environment {
    variables = {
      DB_HOST = aws_db_proxy.messages.endpoint
    }
  }
}

resource "aws_rds_cluster" "messages" {
  cluster_identifier = "messages"
  engine             = "aurora-postgresql"
  master_username    = "chat"
  master_password    = "not-a-real-password"
}

resource "aws_db_proxy" "messages" {
  name          = "messages"
  engine_family = "POSTGRESQL"
  role_arn      = "arn:aws:iam::123456789012:role/proxy"
  vpc_subnet_ids = ["subnet-1", "subnet-2"]
  auth {
    auth_scheme = "SECRETS"
    secret_arn  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"
  }
}

resource "aws_db_proxy_default_target_group" "messages" {
  db_proxy_name = aws_db_proxy.messages.name
  connection_pool_config {
    max_connections_percent = 50
  }
}

resource "aws_db_proxy_target" "messages" {
  db_proxy_name         = aws_db_proxy.messages.name
  target_group_name     = aws_db_proxy_default_target_group.messages.name
  db_cluster_identifier = aws_rds_cluster.messages.cluster_identifier
}
