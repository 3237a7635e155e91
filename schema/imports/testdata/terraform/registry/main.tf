# Public terraform-aws-modules, read from their arguments.
module "orders_queue" {
  source  = "terraform-aws-modules/sqs/aws"
  version = "~> 4.0"

  name                       = "orders"
  visibility_timeout_seconds = 120
  create_dlq                 = true
  redrive_policy = {
    maxReceiveCount = 4
  }
}

module "orders_table" {
  source         = "terraform-aws-modules/dynamodb-table/aws"
  name           = "orders"
  hash_key       = "id"
  stream_enabled = true
}

module "events" {
  source   = "terraform-aws-modules/sns/aws"
  name     = "order-events"
  subscriptions = {
    audit = {
      protocol = "sqs"
      endpoint = module.orders_queue.queue_arn
    }
  }
}

module "processor" {
  source        = "terraform-aws-modules/lambda/aws"
  version       = "7.2.0"
  function_name = "processor"
  runtime       = "python3.12"
  memory_size   = 512
  timeout       = 30
  architectures = ["arm64"]

  event_source_mapping = {
    sqs = {
      event_source_arn        = module.orders_queue.queue_arn
      batch_size              = 10
      function_response_types = ["ReportBatchItemFailures"]
      scaling_config = {
        maximum_concurrency = 20
      }
    }
  }

  attach_policy_statements = true
  policy_statements = {
    table = {
      effect    = "Allow"
      actions   = ["dynamodb:PutItem"]
      resources = [module.orders_table.dynamodb_table_arn]
    }
    publish = {
      effect    = "Allow"
      actions   = ["sns:Publish"]
      resources = [module.events.topic_arn]
    }
  }
}

module "projector" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "projector"
  runtime       = "python3.12"
  event_source_mapping = {
    table = {
      event_source_arn           = module.orders_table.dynamodb_table_stream_arn
      starting_position          = "LATEST"
      maximum_retry_attempts     = 2
      destination_arn_on_failure = module.orders_queue.dead_letter_queue_arn
    }
  }
}

module "api" {
  source        = "terraform-aws-modules/apigateway-v2/aws"
  name          = "orders"
  protocol_type = "HTTP"
  routes = {
    "POST /orders" = {
      integration = {
        uri = module.processor.lambda_function_arn
      }
    }
  }
}

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
