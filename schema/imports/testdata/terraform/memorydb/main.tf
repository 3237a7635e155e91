resource "aws_memorydb_subnet_group" "sessions" {
  name       = "sessions"
  subnet_ids = ["subnet-1", "subnet-2"]
}

resource "aws_memorydb_cluster" "sessions" {
  name              = "sessions"
  node_type         = "db.t4g.small"
  acl_name          = "open-access"
  subnet_group_name = aws_memorydb_subnet_group.sessions.id
}

resource "aws_lambda_function" "login" {
  function_name = "login"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  role          = "arn:aws:iam::123456789012:role/login"
  environment {
    variables = {
      SESSIONS = aws_memorydb_cluster.sessions.cluster_endpoint[0].address
    }
  }
}

resource "aws_lambda_function_url" "login" {
  function_name      = aws_lambda_function.login.function_name
  authorization_type = "NONE"
}
