# A mailbox API in front of SQS with no function: POST /messages sends to
# the inbox, GET /messages receives from it.

resource "aws_sqs_queue" "inbox" {
  name = "mailbox-inbox"
}

resource "aws_api_gateway_rest_api" "mailbox" {
  name = "mailbox"
}

resource "aws_api_gateway_resource" "messages" {
  rest_api_id = aws_api_gateway_rest_api.mailbox.id
  parent_id   = aws_api_gateway_rest_api.mailbox.root_resource_id
  path_part   = "messages"
}

resource "aws_api_gateway_method" "send" {
  rest_api_id   = aws_api_gateway_rest_api.mailbox.id
  resource_id   = aws_api_gateway_resource.messages.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "send" {
  rest_api_id             = aws_api_gateway_rest_api.mailbox.id
  resource_id             = aws_api_gateway_resource.messages.id
  http_method             = aws_api_gateway_method.send.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:us-east-1:sqs:path/${aws_sqs_queue.inbox.name}"
  request_templates = {
    "application/json" = "Action=SendMessage&MessageBody=$input.body"
  }
}

resource "aws_api_gateway_method" "receive" {
  rest_api_id   = aws_api_gateway_rest_api.mailbox.id
  resource_id   = aws_api_gateway_resource.messages.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "receive" {
  rest_api_id             = aws_api_gateway_rest_api.mailbox.id
  resource_id             = aws_api_gateway_resource.messages.id
  http_method             = aws_api_gateway_method.receive.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:us-east-1:sqs:path/${aws_sqs_queue.inbox.name}"
  request_parameters = {
    "integration.request.querystring.Action" = "'ReceiveMessage'"
  }
}
