package imports

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// edgeSet imports dir of fsys and returns its edges as "FROM TO RELATION".
func edgeSet(t *testing.T, format string, fsys fstest.MapFS, dir string) []string {
	t.Helper()
	loaded, diags := Load(context.Background(), format, fsys, dir, dir)
	if diags.HasErrors() || loaded == nil || loaded.Arch == nil {
		t.Fatalf("import: %v", diags)
	}
	var out []string
	for _, e := range loaded.Arch.Edges {
		out = append(out, e.From.Address()+" "+e.To.Address()+" "+string(e.Relation))
	}
	slices.Sort(out)
	return out
}

// TestWiringFromTemplates: edges that the templates of public patterns
// declare in ways the importers once missed (see testdata/labelled). Each
// case lists the edges it must give, and edges it must not.
func TestWiringFromTemplates(t *testing.T) {
	cases := []struct {
		name, format string
		files        map[string]string
		want, not    []string
	}{
		{
			// A local module whose directory is named like a
			// terraform-aws-modules one is read from its own files.
			name: "terraform local modules named terraform-aws-*", format: "terraform",
			files: map[string]string{
				"main.tf": `
module "aws_sqs_queue" {
  source     = "./modules/terraform-aws-sqs"
  queue_name = "orders.fifo"
}
module "aws_sns_topic" {
  source     = "./modules/terraform-aws-sns"
  topic_name = "orders.fifo"
  queue_arn  = module.aws_sqs_queue.aws_sqs_queue_arn
}
module "aws_lambda" {
  source    = "./modules/terraform-aws-lambda"
  queue_arn = module.aws_sqs_queue.aws_sqs_queue_arn
}
`,
				"modules/terraform-aws-sqs/main.tf": `
variable "queue_name" {}
resource "aws_sqs_queue" "queue" {
  name       = var.queue_name
  fifo_queue = true
}
output "aws_sqs_queue_arn" { value = aws_sqs_queue.queue.arn }
`,
				"modules/terraform-aws-sns/main.tf": `
variable "topic_name" {}
variable "queue_arn" {}
resource "aws_sns_topic" "topic" {
  name       = var.topic_name
  fifo_topic = true
}
resource "aws_sns_topic_subscription" "sub" {
  topic_arn = aws_sns_topic.topic.arn
  protocol  = "sqs"
  endpoint  = var.queue_arn
}
`,
				"modules/terraform-aws-lambda/main.tf": `
variable "queue_arn" {}
resource "aws_lambda_function" "lambda" {
  function_name = "logger"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/logger"
}
resource "aws_lambda_event_source_mapping" "mapping" {
  event_source_arn = var.queue_arn
  function_name    = aws_lambda_function.lambda.arn
}
`,
			},
			want: []string{"topic.topic queue.queue trigger", "queue.queue function.lambda trigger"},
		},
		{
			// A Lambda data source behind a unit resolver and behind the
			// function of a pipeline resolver; a DynamoDB data source
			// gives no edge.
			name: "appsync resolvers", format: "cloudformation",
			files: map[string]string{"template.yaml": `
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties: {Name: shop, AuthenticationType: API_KEY}
  Orders:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.13, Handler: app.handler, Role: arn:aws:iam::123456789012:role/x}
  Audit:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.13, Handler: app.handler, Role: arn:aws:iam::123456789012:role/x}
  Unused:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.13, Handler: app.handler, Role: arn:aws:iam::123456789012:role/x}
  Table:
    Type: AWS::DynamoDB::Table
    Properties: {BillingMode: PAY_PER_REQUEST}
  OrdersSource:
    Type: AWS::AppSync::DataSource
    Properties:
      ApiId: !GetAtt Api.ApiId
      Name: OrdersSource
      Type: AWS_LAMBDA
      LambdaConfig: {LambdaFunctionArn: !GetAtt Orders.Arn}
  AuditSource:
    Type: AWS::AppSync::DataSource
    Properties:
      ApiId: !GetAtt Api.ApiId
      Name: AuditSource
      Type: AWS_LAMBDA
      LambdaConfig: {LambdaFunctionArn: !GetAtt Audit.Arn}
  UnusedSource:
    Type: AWS::AppSync::DataSource
    Properties:
      ApiId: !GetAtt Api.ApiId
      Name: UnusedSource
      Type: AWS_LAMBDA
      LambdaConfig: {LambdaFunctionArn: !GetAtt Unused.Arn}
  TableSource:
    Type: AWS::AppSync::DataSource
    Properties:
      ApiId: !GetAtt Api.ApiId
      Name: TableSource
      Type: AMAZON_DYNAMODB
      DynamoDBConfig: {TableName: !Ref Table, AwsRegion: us-east-1}
  PlaceOrder:
    Type: AWS::AppSync::Resolver
    Properties:
      ApiId: !GetAtt Api.ApiId
      TypeName: Mutation
      FieldName: placeOrder
      DataSourceName: OrdersSource
  GetOrder:
    Type: AWS::AppSync::Resolver
    Properties:
      ApiId: !GetAtt Api.ApiId
      TypeName: Query
      FieldName: order
      DataSourceName: !GetAtt TableSource.Name
  AuditStep:
    Type: AWS::AppSync::FunctionConfiguration
    Properties:
      ApiId: !GetAtt Api.ApiId
      Name: audit
      DataSourceName: !GetAtt AuditSource.Name
  CancelOrder:
    Type: AWS::AppSync::Resolver
    Properties:
      ApiId: !GetAtt Api.ApiId
      TypeName: Mutation
      FieldName: cancelOrder
      Kind: PIPELINE
      PipelineConfig:
        Functions: [!GetAtt AuditStep.FunctionId]
`},
			want: []string{"api.api function.orders trigger", "api.api function.audit trigger"},
			not:  []string{"api.api function.unused trigger", "api.api database.table reads"},
		},
		{
			// The same through AWS::Serverless::GraphQLApi: a pipeline
			// function on a Lambda data source; one on None calls nothing.
			name: "sam graphql api resolvers", format: "sam",
			files: map[string]string{"template.yaml": `
Transform: AWS::Serverless-2016-10-31
Resources:
  Chat:
    Type: AWS::Serverless::Function
    Properties: {Runtime: nodejs20.x, Handler: index.handler, InlineCode: "x"}
  Api:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaInline: "type Query { ping: String }"
      Auth: {Type: API_KEY}
      DataSources:
        Lambda:
          ChatSource:
            FunctionArn: !GetAtt Chat.Arn
      Functions:
        sendMessage: {DataSource: ChatSource, Runtime: {Name: APPSYNC_JS, Version: 1.0.0}, InlineCode: "x"}
        onMessage: {DataSource: None, Runtime: {Name: APPSYNC_JS, Version: 1.0.0}, InlineCode: "x"}
      Resolvers:
        Mutation:
          sendMessage: {Pipeline: [sendMessage]}
          onMessage: {Pipeline: [onMessage]}
`},
			want: []string{"api.api function.chat trigger"},
		},
		{
			// DefinitionSubstitutions that name service integrations with
			// ${AWS::Partition}, as sam init's templates do.
			name: "state machine substitutions with a partition", format: "sam",
			files: map[string]string{"template.yaml": `
Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::Serverless::SimpleTable
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionSubstitutions:
        DDBUpdateItem: !Sub arn:${AWS::Partition}:states:::dynamodb:updateItem
        DDBGetItem: !Sub arn:${AWS::Partition}:states:::dynamodb:getItem
        DDBTable: !Ref Table
      Definition:
        StartAt: Update
        States:
          Update:
            Type: Task
            Resource: "${DDBUpdateItem}"
            Parameters: {TableName: "${DDBTable}", Key: {Id: {S: "1"}}}
            Next: Get
          Get:
            Type: Task
            Resource: "${DDBGetItem}"
            Parameters: {TableName: "${DDBTable}", Key: {Id: {S: "1"}}}
            End: true
`},
			want: []string{"state_machine.flow database.table writes", "state_machine.flow database.table reads"},
		},
		{
			// A bucket named by a parameter without a default: the policy
			// template and the definition substitution that give the same
			// !Ref name that bucket; another parameter names nothing.
			name: "names from a parameter without a default", format: "sam",
			files: map[string]string{"template.yaml": `
Transform: AWS::Serverless-2016-10-31
Parameters:
  DestinationBucketName: {Type: String}
  OtherBucketName: {Type: String}
Resources:
  Destination:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Ref DestinationBucketName}
  Writer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      InlineCode: "x"
      Policies:
        - S3WritePolicy: {BucketName: !Ref DestinationBucketName}
        - S3ReadPolicy: {BucketName: !Ref OtherBucketName}
  Copy:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionSubstitutions:
        DestinationBucketName: !Ref DestinationBucketName
      Definition:
        StartAt: Put
        States:
          Put:
            Type: Task
            Resource: arn:aws:states:::aws-sdk:s3:putObject
            Parameters: {Bucket: "${DestinationBucketName}", Key: out.json, Body: "{}"}
            End: true
`},
			want: []string{"function.writer bucket.destination writes", "state_machine.copy bucket.destination writes"},
			not:  []string{"function.writer bucket.destination reads"},
		},
		{
			// A Terraform definition naming the integration's partition
			// through data.aws_partition.
			name: "terraform state machine with a partition", format: "terraform",
			files: map[string]string{"main.tf": `
data "aws_partition" "current" {}
resource "aws_sqs_queue" "tasks" {
  name = "tasks"
}
resource "aws_sfn_state_machine" "flow" {
  name     = "flow"
  role_arn = "arn:aws:iam::123456789012:role/flow"
  definition = jsonencode({
    StartAt = "Send"
    States = {
      Send = {
        Type       = "Task"
        Resource   = "arn:${data.aws_partition.current.partition}:states:::sqs:sendMessage.waitForTaskToken"
        Parameters = { QueueUrl = aws_sqs_queue.tasks.url, MessageBody = { "TaskToken.$" = "$$.Task.Token" } }
        End        = true
      }
    }
  })
}
`},
			want: []string{"state_machine.flow queue.tasks emits"},
		},
		{
			// An integration URI in an included OpenAPI file, whose region
			// is ${AWS::Region}: the service is still states, and the
			// integration's role names the one state machine.
			name: "openapi integration uri with a region variable", format: "sam",
			files: map[string]string{
				"template.yaml": `
Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: EXPRESS
      Definition: {StartAt: Done, States: {Done: {Type: Pass, End: true}}}
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters: {Location: ./api.yaml}
  ApiRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: apigateway.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: run
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: states:StartSyncExecution, Resource: !GetAtt Flow.Arn}
`,
				"api.yaml": `
openapi: "3.0.1"
paths:
  /:
    post:
      x-amazon-apigateway-integration:
        type: aws
        httpMethod: POST
        credentials:
          Fn::Sub: "${ApiRole.Arn}"
        uri: "arn:aws:apigateway:${AWS::Region}:states:action/StartSyncExecution"
`,
			},
			want: []string{"api.api state_machine.flow trigger"},
		},
		{
			// A WebSocket route's AWS integration names its state machine
			// in the request templates.
			name: "websocket integration to a state machine", format: "sam",
			files: map[string]string{"template.yaml": `
Transform: AWS::Serverless-2016-10-31
Resources:
  Ws:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: ws, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action}
  Default:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Ws
      RouteKey: $default
      Target: !Join [/, [integrations, !Ref Integration]]
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Ws
      IntegrationType: AWS
      IntegrationMethod: POST
      IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:states:action/StartSyncExecution"
      RequestTemplates:
        $default:
          Fn::Sub: '{"input": "$util.escapeJavaScript($input.body)", "stateMachineArn": "${Flow}"}'
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: EXPRESS
      Definition: {StartAt: Done, States: {Done: {Type: Pass, End: true}}}
`},
			want: []string{"api.ws state_machine.flow trigger"},
		},
		{
			name: "terraform websocket integration to a state machine", format: "terraform",
			files: map[string]string{"main.tf": `
resource "aws_apigatewayv2_api" "ws" {
  name                       = "ws"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}
resource "aws_apigatewayv2_route" "default" {
  api_id    = aws_apigatewayv2_api.ws.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.sfn.id}"
}
resource "aws_apigatewayv2_integration" "sfn" {
  api_id             = aws_apigatewayv2_api.ws.id
  integration_type   = "AWS"
  integration_method = "POST"
  integration_uri    = "arn:aws:apigateway:us-east-1:states:action/StartSyncExecution"
  request_templates = {
    "$default" = jsonencode({ input = "$util.escapeJavaScript($input.body)", stateMachineArn = aws_sfn_state_machine.flow.arn })
  }
}
resource "aws_sfn_state_machine" "flow" {
  name       = "flow"
  type       = "EXPRESS"
  role_arn   = "arn:aws:iam::123456789012:role/flow"
  definition = jsonencode({ StartAt = "Done", States = { Done = { Type = "Pass", End = true } } })
}
`},
			want: []string{"api.ws state_machine.flow trigger"},
		},
		{
			// A mapping on an enhanced fan-out consumer reads the
			// consumer's stream.
			name: "kinesis enhanced fan-out consumer", format: "sam",
			files: map[string]string{"template.yaml": `
Transform: AWS::Serverless-2016-10-31
Resources:
  Stream:
    Type: AWS::Kinesis::Stream
    Properties: {ShardCount: 1}
  Consumer:
    Type: AWS::Kinesis::StreamConsumer
    Properties:
      StreamARN: !GetAtt Stream.Arn
      ConsumerName: app
  Reader:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      InlineCode: "x"
      Events:
        Records:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Consumer.ConsumerARN
            StartingPosition: LATEST
`},
			want: []string{"stream.stream function.reader trigger"},
		},
		{
			name: "terraform kinesis enhanced fan-out consumer", format: "terraform",
			files: map[string]string{"main.tf": `
resource "aws_kinesis_stream" "stream" {
  name        = "events"
  shard_count = 1
}
resource "aws_kinesis_stream_consumer" "consumer" {
  name       = "app"
  stream_arn = aws_kinesis_stream.stream.arn
}
resource "aws_lambda_function" "reader" {
  function_name = "reader"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/reader"
}
resource "aws_lambda_event_source_mapping" "efo" {
  event_source_arn  = aws_kinesis_stream_consumer.consumer.arn
  function_name     = aws_lambda_function.reader.arn
  starting_position = "LATEST"
}
`},
			want: []string{"stream.stream function.reader trigger"},
		},
		{
			// serverless-step-functions names a machine's resource after
			// its name (or id), else its key + StepFunctionsStateMachine.
			name: "serverless state machine logical ids", format: "serverless",
			files: map[string]string{"serverless.yml": `
service: flows
plugins: [serverless-step-functions]
provider:
  name: aws
  runtime: nodejs20.x
stepFunctions:
  stateMachines:
    helloWorld:
      name: HelloWorldStateMachine
      type: EXPRESS
      definition: {StartAt: Done, States: {Done: {Type: Pass, End: true}}}
    nightly:
      definition: {StartAt: Done, States: {Done: {Type: Pass, End: true}}}
functions:
  start:
    handler: src/handler.start
    iamRoleStatements:
      - Effect: Allow
        Action: states:StartExecution
        Resource:
          - Fn::GetAtt: [HelloWorldStateMachine, Arn]
          - Ref: NightlyStepFunctionsStateMachine
`},
			want: []string{"function.start state_machine.helloWorld emits", "function.start state_machine.nightly emits"},
		},
		{
			// Variables inside strings are resolved everywhere, as the
			// framework does, so the table of the resources section and
			// the statement naming it agree; a default that is itself a
			// variable (${opt:stage, self:provider.stage}) resolves too.
			name: "serverless variables inside strings", format: "serverless",
			files: map[string]string{"serverless.yml": `
service: todos
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    TABLE: ${self:service}-${opt:stage, self:provider.stage}
functions:
  create:
    handler: create.handler
    iamRoleStatements:
      - Effect: Allow
        Action: [dynamodb:PutItem]
        Resource: "arn:aws:dynamodb:${opt:region, self:provider.region}:*:table/${self:provider.environment.TABLE}"
resources:
  Resources:
    TodosTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: ${self:provider.environment.TABLE}
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
        KeySchema: [{AttributeName: id, KeyType: HASH}]
`},
			want: []string{"function.create database.todos_table writes"},
			not:  []string{"function.create database.todos_table reads"},
		},
		{
			// An sns event naming a topic after a function of the
			// service: the framework creates the topic.
			name: "serverless sns topic named like a function", format: "serverless",
			files: map[string]string{"serverless.yml": `
service: notes
provider:
  name: aws
  runtime: nodejs20.x
functions:
  analyzeNote:
    handler: analyzeNote.handler
    events:
      - sns: analyzeNote
`},
			want: []string{"topic.analyzeNote function.analyzeNote trigger"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, src := range c.files {
				fsys["src/"+name] = &fstest.MapFile{Data: []byte(src)}
			}
			got := edgeSet(t, c.format, fsys, "src")
			for _, e := range c.want {
				if !slices.Contains(got, e) {
					t.Errorf("edge %s not found; edges:\n%s", e, strings.Join(got, "\n"))
				}
			}
			for _, e := range c.not {
				if slices.Contains(got, e) {
					t.Errorf("edge %s found; edges:\n%s", e, strings.Join(got, "\n"))
				}
			}
		})
	}
}

// TestFirehoseProcessors: a Lambda processor of an Amazon Data Firehose
// delivery stream gets a trigger from the delivery stream; a function the
// stream does not name gets none.
func TestFirehoseProcessors(t *testing.T) {
	cases := []struct{ format, file, src string }{
		{"cloudformation", "template.yaml", `
Resources:
  Transform:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.13, Handler: app.handler, Role: arn:aws:iam::123456789012:role/x}
  Other:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.13, Handler: app.handler, Role: arn:aws:iam::123456789012:role/x}
  Out:
    Type: AWS::S3::Bucket
  Delivery:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Out.Arn
        RoleARN: arn:aws:iam::123456789012:role/firehose
        ProcessingConfiguration:
          Enabled: true
          Processors:
            - Type: Lambda
              Parameters:
                - {ParameterName: LambdaArn, ParameterValue: !GetAtt Transform.Arn}
`},
		{"terraform", "main.tf", `
resource "aws_lambda_function" "transform" {
  function_name = "transform"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/x"
}
resource "aws_lambda_function" "other" {
  function_name = "other"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/x"
}
resource "aws_s3_bucket" "out" {
  bucket = "out"
}
resource "aws_kinesis_firehose_delivery_stream" "delivery" {
  name        = "delivery"
  destination = "extended_s3"
  extended_s3_configuration {
    role_arn   = "arn:aws:iam::123456789012:role/firehose"
    bucket_arn = aws_s3_bucket.out.arn
    processing_configuration {
      enabled = true
      processors {
        type = "Lambda"
        parameters {
          parameter_name  = "LambdaArn"
          parameter_value = "${aws_lambda_function.transform.arn}:$LATEST"
        }
      }
    }
  }
}
`},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			fsys := fstest.MapFS{"src/" + c.file: {Data: []byte(c.src)}}
			loaded, diags := Load(context.Background(), c.format, fsys, "src", "src")
			if diags.HasErrors() || loaded == nil || loaded.Arch == nil {
				t.Fatalf("import: %v", diags)
			}
			for addr, want := range map[string]bool{"function.transform": true, "function.other": false} {
				fn := loaded.Arch.Component(addr)
				if fn == nil {
					t.Fatalf("no %s", addr)
				}
				got := false
				for _, tr := range fn.Triggers {
					got = got || tr.Source != nil && tr.Source.Address() == "firehose.delivery"
				}
				if got != want {
					t.Errorf("%s: trigger from firehose.delivery %v, want %v", addr, got, want)
				}
			}
		})
	}
}
