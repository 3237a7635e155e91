# A claims workflow whose Pass state sets the topic ARN its Notify task
# publishes to.

resource "aws_sns_topic" "claims" {
  name = "claims-decided"
}

resource "aws_iam_role" "workflow" {
  name               = "claims-workflow"
  assume_role_policy = "{}"
}

resource "aws_sfn_state_machine" "claims" {
  name     = "claims"
  role_arn = aws_iam_role.workflow.arn
  definition = jsonencode({
    StartAt = "PrepareNotice"
    States = {
      PrepareNotice = {
        Type       = "Pass"
        Result     = { TopicArn = aws_sns_topic.claims.arn }
        ResultPath = "$.notice"
        Next       = "Notify"
      }
      Notify = {
        Type     = "Task"
        Resource = "arn:aws:states:::sns:publish"
        Parameters = {
          "TopicArn.$" = "$.notice.TopicArn"
          "Message.$"  = "$.decision"
        }
        End = true
      }
    }
  })
}

resource "aws_cloudwatch_event_bus" "claims" {
  name = "claims"
}

resource "aws_cloudwatch_event_rule" "submitted" {
  name           = "claim-submitted"
  event_bus_name = aws_cloudwatch_event_bus.claims.name
  event_pattern  = jsonencode({ "detail-type" = ["ClaimSubmitted"] })
}

resource "aws_cloudwatch_event_target" "workflow" {
  rule           = aws_cloudwatch_event_rule.submitted.name
  event_bus_name = aws_cloudwatch_event_bus.claims.name
  arn            = aws_sfn_state_machine.claims.arn
  role_arn       = aws_iam_role.workflow.arn
}
