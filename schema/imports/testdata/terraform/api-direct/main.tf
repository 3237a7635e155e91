# API Gateway direct integrations: a REST API that reads and writes a
# table and a bucket, an HTTP API that puts events on a bus and on the
# default bus, and an OpenAPI body whose table is found by its name and
# through its role.
data "aws_region" "current" {}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
}

resource "aws_dynamodb_table" "pets" {
  name         = "Pets"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
}

resource "aws_dynamodb_table" "audit" {
  name         = "audit"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
}

resource "aws_s3_bucket" "docs" {
  bucket = "docs"
}

resource "aws_cloudwatch_event_bus" "shop" {
  name = "shop"
}

resource "aws_iam_role" "audit" {
  name = "audit"
  inline_policy {
    name = "scan"
    policy = jsonencode({
      Statement = [{ Effect = "Allow", Action = ["dynamodb:Scan"], Resource = aws_dynamodb_table.audit.arn }]
    })
  }
}

resource "aws_api_gateway_rest_api" "rest" {
  name = "rest"
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.rest.id
  parent_id   = aws_api_gateway_rest_api.rest.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_method" "orders_get" {
  rest_api_id   = aws_api_gateway_rest_api.rest.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "NONE"
}

# GET that reads the table named in the request template.
resource "aws_api_gateway_integration" "orders_get" {
  rest_api_id             = aws_api_gateway_rest_api.rest.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = aws_api_gateway_method.orders_get.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:${data.aws_region.current.id}:dynamodb:action/GetItem"
  request_templates = {
    "application/json" = jsonencode({ TableName = aws_dynamodb_table.orders.name, Key = { id = { S = "$input.params('id')" } } })
  }
}

resource "aws_api_gateway_resource" "docs" {
  rest_api_id = aws_api_gateway_rest_api.rest.id
  parent_id   = aws_api_gateway_rest_api.rest.root_resource_id
  path_part   = "docs"
}

resource "aws_api_gateway_method" "docs_post" {
  rest_api_id   = aws_api_gateway_rest_api.rest.id
  resource_id   = aws_api_gateway_resource.docs.id
  http_method   = "POST"
  authorization = "NONE"
}

# S3 proxy with the bucket in the path: PUT writes.
resource "aws_api_gateway_integration" "docs_post" {
  rest_api_id             = aws_api_gateway_rest_api.rest.id
  resource_id             = aws_api_gateway_resource.docs.id
  http_method             = aws_api_gateway_method.docs_post.http_method
  type                    = "AWS"
  integration_http_method = "PUT"
  uri                     = "arn:aws:apigateway:${data.aws_region.current.id}:s3:path/${aws_s3_bucket.docs.bucket}/{key}"
}

resource "aws_api_gateway_resource" "audit" {
  rest_api_id = aws_api_gateway_rest_api.rest.id
  parent_id   = aws_api_gateway_rest_api.rest.root_resource_id
  path_part   = "audit"
}

resource "aws_api_gateway_method" "audit_post" {
  rest_api_id   = aws_api_gateway_rest_api.rest.id
  resource_id   = aws_api_gateway_resource.audit.id
  http_method   = "POST"
  authorization = "NONE"
}

# Scan of a table the request names: the role allows only one.
resource "aws_api_gateway_integration" "audit_post" {
  rest_api_id             = aws_api_gateway_rest_api.rest.id
  resource_id             = aws_api_gateway_resource.audit.id
  http_method             = aws_api_gateway_method.audit_post.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  credentials             = aws_iam_role.audit.arn
  uri                     = "arn:aws:apigateway:${data.aws_region.current.id}:dynamodb:action/Scan"
  request_templates = {
    "application/json" = "{\"TableName\": \"$input.params('table')\"}"
  }
}

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "shop" {
  api_id              = aws_apigatewayv2_api.http.id
  integration_type    = "AWS_PROXY"
  integration_subtype = "EventBridge-PutEvents"
  request_parameters = {
    EventBusName = aws_cloudwatch_event_bus.shop.name
    Detail       = "$request.body"
    DetailType   = "order"
    Source       = "shop"
  }
}

resource "aws_apigatewayv2_route" "shop" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "POST /orders"
  target    = "integrations/${aws_apigatewayv2_integration.shop.id}"
}

resource "aws_apigatewayv2_integration" "ping" {
  api_id              = aws_apigatewayv2_api.http.id
  integration_type    = "AWS_PROXY"
  integration_subtype = "EventBridge-PutEvents"
  request_parameters = {
    Detail     = "$request.body"
    DetailType = "ping"
    Source     = "shop"
  }
}

resource "aws_apigatewayv2_route" "ping" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "POST /ping"
  target    = "integrations/${aws_apigatewayv2_integration.ping.id}"
}

resource "aws_api_gateway_rest_api" "openapi" {
  name = "openapi"
  body = jsonencode({
    openapi = "3.0.1"
    paths = {
      "/pets" = {
        get = {
          "x-amazon-apigateway-integration" = {
            type       = "aws"
            httpMethod = "POST"
            uri        = "arn:aws:apigateway:${data.aws_region.current.id}:dynamodb:action/Query"
            requestTemplates = {
              "application/json" = "{\"TableName\":\"Pets\",\"KeyConditionExpression\":\"PetType=:v1\"}"
            }
          }
        }
      }
    }
  })
}
