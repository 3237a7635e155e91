# Two SQS queues feeding a standard workflow through EventBridge pipes. The
# first pipe starts the execution and lets go of the message
# (FIRE_AND_FORGET): the queue's visibility timeout does not have to cover
# the workflow. The second waits for the workflow.
resource "aws_sqs_queue" "orders" {
  name                       = "orders"
  visibility_timeout_seconds = 30
}

resource "aws_sqs_queue" "refunds" {
  name                       = "refunds"
  visibility_timeout_seconds = 30
}

resource "aws_sfn_state_machine" "fulfil" {
  name     = "fulfil"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({
    StartAt = "Wait"
    States = {
      Wait = { Type = "Wait", Seconds = 60, End = true }
    }
  })
}

resource "aws_sfn_state_machine" "refund" {
  name     = "refund"
  type     = "EXPRESS"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({
    StartAt = "Wait"
    States = {
      Wait = { Type = "Wait", Seconds = 60, End = true }
    }
  })
}

resource "aws_pipes_pipe" "orders" {
  name     = "orders"
  role_arn = "arn:aws:iam::123456789012:role/pipe"
  source   = aws_sqs_queue.orders.arn
  target   = aws_sfn_state_machine.fulfil.arn
  target_parameters {
    step_function_state_machine_parameters {
      invocation_type = "FIRE_AND_FORGET"
    }
  }
}

resource "aws_pipes_pipe" "refunds" {
  name     = "refunds"
  role_arn = "arn:aws:iam::123456789012:role/pipe"
  source   = aws_sqs_queue.refunds.arn
  target   = aws_sfn_state_machine.refund.arn
  target_parameters {
    step_function_state_machine_parameters {
      invocation_type = "REQUEST_RESPONSE"
    }
  }
}

# A table's change stream into an express workflow that the pipe does not
# wait for: its failures do not hold the shard.
resource "aws_dynamodb_table" "claims" {
  name             = "claims"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "id"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_sfn_state_machine" "review" {
  name     = "review"
  type     = "EXPRESS"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({
    StartAt = "Wait"
    States = {
      Wait = { Type = "Wait", Seconds = 1, End = true }
    }
  })
}

resource "aws_pipes_pipe" "claims" {
  name     = "claims"
  role_arn = "arn:aws:iam::123456789012:role/pipe"
  source   = aws_dynamodb_table.claims.stream_arn
  target   = aws_sfn_state_machine.review.arn
  source_parameters {
    dynamodb_stream_parameters {
      starting_position = "LATEST"
      batch_size        = 1
    }
  }
  target_parameters {
    step_function_state_machine_parameters {
      invocation_type = "FIRE_AND_FORGET"
    }
  }
}
