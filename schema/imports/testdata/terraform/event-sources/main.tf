# Consumers of Kafka, Amazon MQ and DocumentDB sources.

resource "aws_msk_serverless_cluster" "clicks" {
  cluster_name = "clicks"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
  client_authentication {
    sasl {
      iam {
        enabled = true
      }
    }
  }
}

resource "aws_lambda_function" "click_consumer" {
  function_name = "click-consumer"
  role          = "arn:aws:iam::123456789012:role/consumer"
  runtime       = "python3.12"
  handler       = "clicks.handler"
  memory_size   = 256
  timeout       = 30
  filename      = "clicks.zip"
}

resource "aws_sqs_queue" "click_failures" {
  name = "click-failures"
}

resource "aws_lambda_event_source_mapping" "clicks" {
  function_name     = aws_lambda_function.click_consumer.arn
  event_source_arn  = aws_msk_serverless_cluster.clicks.arn
  topics            = ["clicks"]
  starting_position = "LATEST"
  batch_size        = 500
  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.click_failures.arn
    }
  }
}

resource "aws_lambda_function" "ledger_consumer" {
  function_name = "ledger-consumer"
  role          = "arn:aws:iam::123456789012:role/consumer"
  runtime       = "python3.12"
  handler       = "ledger.handler"
  memory_size   = 256
  timeout       = 30
  filename      = "ledger.zip"
}

resource "aws_lambda_event_source_mapping" "ledger" {
  function_name     = aws_lambda_function.ledger_consumer.arn
  topics            = ["ledger"]
  starting_position = "TRIM_HORIZON"
  self_managed_event_source {
    endpoints = {
      KAFKA_BOOTSTRAP_SERVERS = "kafka1.example.com:9092,kafka2.example.com:9092"
    }
  }
}

resource "aws_mq_broker" "orders" {
  broker_name        = "orders"
  engine_type        = "RabbitMQ"
  engine_version     = "3.13"
  host_instance_type = "mq.m5.large"
  user {
    username = "app"
    password = "not-a-real-password"
  }
}

resource "aws_lambda_function" "order_consumer" {
  function_name = "order-consumer"
  role          = "arn:aws:iam::123456789012:role/consumer"
  runtime       = "python3.12"
  handler       = "orders.handler"
  memory_size   = 256
  timeout       = 30
  filename      = "orders.zip"
}

resource "aws_lambda_event_source_mapping" "orders" {
  function_name    = aws_lambda_function.order_consumer.arn
  event_source_arn = aws_mq_broker.orders.arn
  queues           = ["orders"]
  batch_size       = 10
}

resource "aws_docdb_cluster" "profiles" {
  cluster_identifier = "profiles"
  master_username    = "admin"
  master_password    = "not-a-real-password"
}

resource "aws_lambda_function" "profile_consumer" {
  function_name = "profile-consumer"
  role          = "arn:aws:iam::123456789012:role/consumer"
  runtime       = "python3.12"
  handler       = "profiles.handler"
  memory_size   = 256
  timeout       = 30
  filename      = "profiles.zip"
}

resource "aws_lambda_event_source_mapping" "profiles" {
  function_name     = aws_lambda_function.profile_consumer.arn
  event_source_arn  = aws_docdb_cluster.profiles.arn
  starting_position = "LATEST"
  document_db_event_source_config {
    database_name   = "app"
    collection_name = "profiles"
  }
}
