package imports

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// firehoseFacts imports dir and lists what a test of delivery streams
// checks: every edge ("FROM TO RELATION", and with its source for emits),
// every trigger from a named source (`"iot" TO trigger`), the attributes
// set on each firehose ("firehose.x buffer_size=1048576") and whether a
// firehose has links the importer could not follow ("firehose.x unknown").
func firehoseFacts(t *testing.T, format string, files map[string]string) []string {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys["src/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	loaded, diags := Load(context.Background(), format, fsys, "src", "src")
	if diags.HasErrors() || loaded == nil || loaded.Arch == nil {
		t.Fatalf("import: %v", diags)
	}
	var out []string
	for _, e := range loaded.Arch.Edges {
		out = append(out, e.From.Address()+" "+e.To.Address()+" "+string(e.Relation))
		if e.Relation == "emits" {
			out = append(out, e.From.Address()+" "+e.To.Address()+" emits source="+e.Source)
		}
	}
	for _, c := range loaded.Arch.Components {
		for _, tr := range c.Triggers {
			if tr.Source == nil {
				out = append(out, fmt.Sprintf("%q %s trigger", tr.SourceName, c.Address()))
			}
		}
		if c.Kind != "firehose" {
			continue
		}
		for name, a := range c.Attrs {
			if a.Set && len(a.Refs) == 0 {
				out = append(out, fmt.Sprintf("%s %s=%s", c.Address(), name, strconv.FormatFloat(a.Num, 'f', -1, 64)))
			}
		}
		if len(c.Unknown) > 0 {
			out = append(out, c.Address()+" unknown")
		}
	}
	slices.Sort(out)
	return out
}

const fhFunction = `{Runtime: python3.13, Handler: app.handler, Role: arn:aws:iam::123456789012:role/x}`

// TestFirehoseImport: delivery streams become firehose components with
// their destinations, sources, producers and failure handling, in each
// importer. Each case lists facts it must give and facts it must not.
func TestFirehoseImport(t *testing.T) {
	cases := []struct {
		name, format string
		files        map[string]string
		want, not    []string
	}{
		{
			name: "cloudformation S3 destination, Kinesis source, buffering", format: "cloudformation",
			files: map[string]string{"template.yaml": `
Resources:
  Events:
    Type: AWS::Kinesis::Stream
    Properties: {ShardCount: 1}
  Lake:
    Type: AWS::S3::Bucket
  Raw:
    Type: AWS::S3::Bucket
  Clicks:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      DeliveryStreamType: KinesisStreamAsSource
      KinesisStreamSourceConfiguration:
        KinesisStreamARN: !GetAtt Events.Arn
        RoleARN: arn:aws:iam::123456789012:role/firehose
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Lake.Arn
        RoleARN: arn:aws:iam::123456789012:role/firehose
        BufferingHints: {IntervalInSeconds: 60, SizeInMBs: 64}
        S3BackupMode: Enabled
        S3BackupConfiguration:
          BucketARN: !Sub arn:aws:s3:::${Raw}
          RoleARN: arn:aws:iam::123456789012:role/firehose
`},
			want: []string{
				"stream.events firehose.clicks trigger", "firehose.clicks bucket.lake writes", "firehose.clicks bucket.raw writes",
				"firehose.clicks buffer_interval=60", fmt.Sprintf("firehose.clicks buffer_size=%d", 64<<20),
			},
			not: []string{"firehose.clicks unknown", "firehose.clicks bucket.raw on_failure"},
		},
		{
			name: "cloudformation producers: permission, policy template, environment", format: "sam",
			files: map[string]string{"template.yaml": `
Transform: AWS::Serverless-2016-10-31
Resources:
  Lake:
    Type: AWS::S3::Bucket
  Clicks:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      DeliveryStreamName: clicks
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Lake.Arn
        RoleARN: arn:aws:iam::123456789012:role/firehose
  Writer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
      Policies:
        - Statement:
            - Effect: Allow
              Action: [firehose:PutRecord, firehose:PutRecordBatch]
              Resource: !GetAtt Clicks.Arn
  Templated:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
      Policies:
        - FirehoseWritePolicy: {DeliveryStreamName: !Ref Clicks}
  Named:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
      Environment:
        Variables:
          STREAM: !Ref Clicks
  Describer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
      Policies:
        - Statement:
            - Effect: Allow
              Action: firehose:DescribeDeliveryStream
              Resource: arn:aws:firehose:us-east-1:123456789012:deliverystream/clicks
`},
			want: []string{
				"function.writer firehose.clicks emits source=permission", "function.templated firehose.clicks emits source=permission",
				"function.named firehose.clicks emits source=environment", "firehose.clicks bucket.lake writes",
			},
			not: []string{"function.describer firehose.clicks emits"},
		},
		{
			name: "cloudformation HTTP endpoint, Splunk and OpenSearch destinations with S3 backup", format: "cloudformation",
			files: map[string]string{"template.yaml": `
Resources:
  Failed:
    Type: AWS::S3::Bucket
  Search:
    Type: AWS::OpenSearchService::Domain
  ToDatadog:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      HttpEndpointDestinationConfiguration:
        EndpointConfiguration: {Url: "https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input", Name: Datadog}
        BufferingHints: {IntervalInSeconds: 60, SizeInMBs: 4}
        S3BackupMode: FailedDataOnly
        S3Configuration: {BucketARN: !GetAtt Failed.Arn, RoleARN: arn:aws:iam::123456789012:role/firehose}
  ToSplunk:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      SplunkDestinationConfiguration:
        HECEndpoint: https://splunk.example.com:8088
        HECEndpointType: Raw
        S3Configuration: {BucketARN: !GetAtt Failed.Arn, RoleARN: arn:aws:iam::123456789012:role/firehose}
  ToSearch:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      AmazonopensearchserviceDestinationConfiguration:
        DomainARN: !GetAtt Search.Arn
        IndexName: logs
        RoleARN: arn:aws:iam::123456789012:role/firehose
        S3BackupMode: AllDocuments
        S3Configuration: {BucketARN: !GetAtt Failed.Arn, RoleARN: arn:aws:iam::123456789012:role/firehose}
`},
			want: []string{
				"firehose.to_datadog external.datadog calls", "firehose.to_datadog bucket.failed on_failure",
				"firehose.to_splunk external.splunk calls", "firehose.to_splunk bucket.failed on_failure", "firehose.to_splunk buffer_interval=60",
				"firehose.to_search database.search writes", "firehose.to_search bucket.failed on_failure",
				"firehose.to_datadog buffer_interval=60", fmt.Sprintf("firehose.to_datadog buffer_size=%d", 4<<20),
			},
			not: []string{"firehose.to_datadog bucket.failed writes", "firehose.to_search unknown"},
		},
		{
			name: "cloudformation triggers: SNS, EventBridge, IoT, CloudWatch Logs, API Gateway, processor", format: "cloudformation",
			files: map[string]string{"template.yaml": `
Resources:
  Lake:
    Type: AWS::S3::Bucket
  Transform:
    Type: AWS::Lambda::Function
    Properties: ` + fhFunction + `
  Delivery:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      DeliveryStreamName: delivery
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Lake.Arn
        RoleARN: arn:aws:iam::123456789012:role/firehose
        ProcessingConfiguration:
          Enabled: true
          Processors:
            - Type: Lambda
              Parameters:
                - {ParameterName: LambdaArn, ParameterValue: !GetAtt Transform.Arn}
  Orders:
    Type: AWS::SNS::Topic
  Redrive:
    Type: AWS::SQS::Queue
  Sub:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Orders
      Protocol: firehose
      Endpoint: !GetAtt Delivery.Arn
      SubscriptionRoleArn: arn:aws:iam::123456789012:role/sns
      RedrivePolicy: {deadLetterTargetArn: !GetAtt Redrive.Arn}
  Bus:
    Type: AWS::Events::EventBus
    Properties: {Name: orders}
  Rule:
    Type: AWS::Events::Rule
    Properties:
      EventBusName: !Ref Bus
      EventPattern: {source: [shop]}
      Targets:
        - Id: archive
          Arn: !GetAtt Delivery.Arn
          RoleArn: arn:aws:iam::123456789012:role/events
          DeadLetterConfig: {Arn: !GetAtt Redrive.Arn}
          RetryPolicy: {MaximumRetryAttempts: 3}
  Devices:
    Type: AWS::IoT::TopicRule
    Properties:
      TopicRulePayload:
        Sql: SELECT * FROM 'devices/#'
        Actions:
          - Firehose: {DeliveryStreamName: !Ref Delivery, RoleArn: arn:aws:iam::123456789012:role/iot}
  Logs:
    Type: AWS::Logs::SubscriptionFilter
    Properties:
      LogGroupName: /aws/lambda/app
      FilterPattern: ""
      DestinationArn: !GetAtt Delivery.Arn
      RoleArn: arn:aws:iam::123456789012:role/logs
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: ingest}
  Resource:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: events}
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Resource
      HttpMethod: POST
      AuthorizationType: NONE
      Integration:
        Type: AWS
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:firehose:action/PutRecord
        Credentials: arn:aws:iam::123456789012:role/apigw
        RequestTemplates:
          application/json: !Sub '{"DeliveryStreamName": "${Delivery}", "Record": {"Data": "$util.base64Encode($input.body)"}}'
`},
			want: []string{
				"topic.orders firehose.delivery trigger", "firehose.delivery queue.redrive dead_letter",
				"bus.bus firehose.delivery trigger", `"iot" firehose.delivery trigger`, `"cloudwatch_logs" firehose.delivery trigger`,
				"api.api firehose.delivery trigger", "firehose.delivery function.transform trigger", "firehose.delivery bucket.lake writes",
			},
			not: []string{`"firehose" function.transform trigger`},
		},
		{
			name: "cloudformation API Gateway integration whose role names the delivery stream", format: "cloudformation",
			files: map[string]string{"template.yaml": `
Resources:
  Lake:
    Type: AWS::S3::Bucket
  Delivery:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Lake.Arn
        RoleARN: arn:aws:iam::123456789012:role/firehose
  ApiRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: put
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: firehose:PutRecord
                Resource: !GetAtt Delivery.Arn
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: ingest}
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      AuthorizationType: NONE
      Integration:
        Type: AWS
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:firehose:action/PutRecord
        Credentials: !GetAtt ApiRole.Arn
        RequestTemplates:
          application/json: '{"DeliveryStreamName": "$input.params(''stream'')", "Record": {"Data": "$util.base64Encode($input.body)"}}'
`},
			want: []string{"api.api firehose.delivery trigger"},
		},
		{
			name: "cloudformation state machine putting records", format: "cloudformation",
			files: map[string]string{"template.yaml": `
Resources:
  Lake:
    Type: AWS::S3::Bucket
  Delivery:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      DeliveryStreamName: delivery
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Lake.Arn
        RoleARN: arn:aws:iam::123456789012:role/firehose
  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/sfn
      Definition:
        StartAt: Put
        States:
          Put:
            Type: Task
            Resource: arn:aws:states:::aws-sdk:firehose:putRecord
            Parameters:
              DeliveryStreamName: !Ref Delivery
              Record: {Data.$: States.Base64Encode($.body)}
            End: true
`},
			want: []string{"state_machine.flow firehose.delivery emits", "state_machine.flow firehose.delivery emits source=definition"},
		},
		{
			name: "cloudformation unresolved destination and source", format: "cloudformation",
			files: map[string]string{"template.yaml": `
Resources:
  Delivery:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      KinesisStreamSourceConfiguration:
        KinesisStreamARN: !ImportValue shared-stream-arn
        RoleARN: arn:aws:iam::123456789012:role/firehose
      ExtendedS3DestinationConfiguration:
        BucketARN: !ImportValue shared-bucket-arn
        RoleARN: arn:aws:iam::123456789012:role/firehose
`},
			want: []string{"firehose.delivery unknown"},
		},
		{
			name: "terraform destinations, sources, producers and triggers", format: "terraform",
			files: map[string]string{"main.tf": `
resource "aws_kinesis_stream" "events" {
  name        = "events"
  shard_count = 1
}
resource "aws_s3_bucket" "lake" {
  bucket = "lake"
}
resource "aws_s3_bucket" "failed" {
  bucket = "failed"
}
resource "aws_sqs_queue" "redrive" {
  name = "redrive"
}
resource "aws_lambda_function" "transform" {
  function_name = "transform"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/x"
}
resource "aws_kinesis_firehose_delivery_stream" "clicks" {
  name        = "clicks"
  destination = "extended_s3"
  kinesis_source_configuration {
    kinesis_stream_arn = aws_kinesis_stream.events.arn
    role_arn           = "arn:aws:iam::123456789012:role/firehose"
  }
  extended_s3_configuration {
    role_arn           = "arn:aws:iam::123456789012:role/firehose"
    bucket_arn         = aws_s3_bucket.lake.arn
    buffering_size     = 64
    buffering_interval = 60
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
resource "aws_kinesis_firehose_delivery_stream" "to_datadog" {
  name        = "to-datadog"
  destination = "http_endpoint"
  http_endpoint_configuration {
    url                = "https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input"
    name               = "Datadog"
    role_arn           = "arn:aws:iam::123456789012:role/firehose"
    s3_backup_mode     = "FailedDataOnly"
    buffering_interval = 60
    s3_configuration {
      role_arn   = "arn:aws:iam::123456789012:role/firehose"
      bucket_arn = aws_s3_bucket.failed.arn
    }
  }
}
resource "aws_sns_topic" "orders" {
  name = "orders"
}
resource "aws_sns_topic_subscription" "to_firehose" {
  topic_arn             = aws_sns_topic.orders.arn
  protocol              = "firehose"
  endpoint              = aws_kinesis_firehose_delivery_stream.to_datadog.arn
  subscription_role_arn = "arn:aws:iam::123456789012:role/sns"
  redrive_policy        = jsonencode({ deadLetterTargetArn = aws_sqs_queue.redrive.arn })
}
resource "aws_cloudwatch_event_rule" "shop" {
  event_pattern = jsonencode({ source = ["shop"] })
}
resource "aws_cloudwatch_event_target" "archive" {
  rule     = aws_cloudwatch_event_rule.shop.name
  arn      = aws_kinesis_firehose_delivery_stream.clicks.arn
  role_arn = "arn:aws:iam::123456789012:role/events"
}
resource "aws_iot_topic_rule" "devices" {
  name        = "devices"
  enabled     = true
  sql         = "SELECT * FROM 'devices/#'"
  sql_version = "2016-03-23"
  firehose {
    delivery_stream_name = aws_kinesis_firehose_delivery_stream.clicks.name
    role_arn             = "arn:aws:iam::123456789012:role/iot"
  }
}
resource "aws_cloudwatch_log_subscription_filter" "logs" {
  name            = "logs"
  log_group_name  = "/aws/lambda/app"
  filter_pattern  = ""
  destination_arn = aws_kinesis_firehose_delivery_stream.to_datadog.arn
  role_arn        = "arn:aws:iam::123456789012:role/logs"
}
resource "aws_iam_role" "writer" {
  name               = "writer"
  assume_role_policy = "{}"
  inline_policy {
    name = "put"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["firehose:PutRecordBatch"], Resource = aws_kinesis_firehose_delivery_stream.clicks.arn }]
    })
  }
}
resource "aws_lambda_function" "writer" {
  function_name = "writer"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.writer.arn
}
resource "aws_iam_role" "by_arn" {
  name               = "by-arn"
  assume_role_policy = "{}"
  inline_policy {
    name = "put"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["firehose:PutRecord"], Resource = "arn:aws:firehose:us-east-1:123456789012:deliverystream/to-datadog" }]
    })
  }
}
resource "aws_lambda_function" "by_arn" {
  function_name = "by-arn"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.by_arn.arn
}
resource "aws_lambda_function" "named" {
  function_name = "named"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/x"
  environment {
    variables = { STREAM = aws_kinesis_firehose_delivery_stream.to_datadog.name }
  }
}
`},
			want: []string{
				"stream.events firehose.clicks trigger", "firehose.clicks bucket.lake writes", "firehose.clicks function.transform trigger",
				"firehose.clicks buffer_interval=60", fmt.Sprintf("firehose.clicks buffer_size=%d", 64<<20),
				"firehose.to_datadog external.datadog calls", "firehose.to_datadog bucket.failed on_failure",
				"topic.orders firehose.to_datadog trigger", "firehose.to_datadog queue.redrive dead_letter",
				"bus.default firehose.clicks trigger", `"iot" firehose.clicks trigger`, `"cloudwatch_logs" firehose.to_datadog trigger`,
				"function.writer firehose.clicks emits source=permission", "function.named firehose.to_datadog emits source=environment",
				"function.by_arn firehose.to_datadog emits source=permission",
			},
			not: []string{"firehose.clicks unknown", "firehose.to_datadog unknown", `"firehose" function.transform trigger`},
		},
		{
			name: "cloudformation MSK source", format: "cloudformation",
			files: map[string]string{"template.yaml": `
Resources:
  Cluster:
    Type: AWS::MSK::ServerlessCluster
    Properties: {ClusterName: events, ClientAuthentication: {Sasl: {Iam: {Enabled: true}}}, VpcConfigs: []}
  Lake:
    Type: AWS::S3::Bucket
  Delivery:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      DeliveryStreamType: MSKAsSource
      MSKSourceConfiguration:
        MSKClusterARN: !GetAtt Cluster.Arn
        TopicName: clicks
        AuthenticationConfiguration: {RoleARN: arn:aws:iam::123456789012:role/firehose, Connectivity: PRIVATE}
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Lake.Arn
        RoleARN: arn:aws:iam::123456789012:role/firehose
`},
			want: []string{"stream.cluster firehose.delivery trigger", "firehose.delivery bucket.lake writes"},
			not:  []string{"firehose.delivery unknown"},
		},
		{
			name: "terraform API Gateway integration and an OpenSearch Serverless destination", format: "terraform",
			files: map[string]string{"main.tf": `
resource "aws_s3_bucket" "failed" {
  bucket = "failed"
}
resource "aws_opensearchserverless_collection" "logs" {
  name = "logs"
}
resource "aws_kinesis_firehose_delivery_stream" "search" {
  name        = "search"
  destination = "opensearchserverless"
  opensearchserverless_configuration {
    collection_endpoint = aws_opensearchserverless_collection.logs.collection_endpoint
    index_name          = "logs"
    role_arn            = "arn:aws:iam::123456789012:role/firehose"
    s3_configuration {
      role_arn   = "arn:aws:iam::123456789012:role/firehose"
      bucket_arn = aws_s3_bucket.failed.arn
    }
  }
}
resource "aws_api_gateway_rest_api" "ingest" {
  name = "ingest"
}
resource "aws_api_gateway_resource" "events" {
  rest_api_id = aws_api_gateway_rest_api.ingest.id
  parent_id   = aws_api_gateway_rest_api.ingest.root_resource_id
  path_part   = "events"
}
resource "aws_api_gateway_method" "post" {
  rest_api_id   = aws_api_gateway_rest_api.ingest.id
  resource_id   = aws_api_gateway_resource.events.id
  http_method   = "POST"
  authorization = "NONE"
}
resource "aws_api_gateway_integration" "put" {
  rest_api_id             = aws_api_gateway_rest_api.ingest.id
  resource_id             = aws_api_gateway_resource.events.id
  http_method             = aws_api_gateway_method.post.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "arn:aws:apigateway:us-east-1:firehose:action/PutRecord"
  credentials             = "arn:aws:iam::123456789012:role/apigw"
  request_templates = {
    "application/json" = jsonencode({ DeliveryStreamName = aws_kinesis_firehose_delivery_stream.search.name, Record = { Data = "$util.base64Encode($input.body)" } })
  }
}
`},
			want: []string{"api.ingest firehose.search trigger", "firehose.search bucket.failed on_failure", "firehose.search unknown"},
		},
		{
			name: "terraform Redshift destination and a provider 4 S3 destination", format: "terraform",
			files: map[string]string{"main.tf": `
resource "aws_s3_bucket" "staging" {
  bucket = "staging"
}
resource "aws_s3_bucket" "old" {
  bucket = "old"
}
resource "aws_kinesis_firehose_delivery_stream" "warehouse" {
  name        = "warehouse"
  destination = "redshift"
  redshift_configuration {
    role_arn        = "arn:aws:iam::123456789012:role/firehose"
    cluster_jdbcurl = "jdbc:redshift://example.us-east-1.redshift.amazonaws.com:5439/dev"
    username        = "firehose"
    data_table_name = "events"
    s3_configuration {
      role_arn           = "arn:aws:iam::123456789012:role/firehose"
      bucket_arn         = aws_s3_bucket.staging.arn
      buffering_interval = 120
    }
  }
}
resource "aws_kinesis_firehose_delivery_stream" "legacy" {
  name        = "legacy"
  destination = "s3"
  s3_configuration {
    role_arn   = "arn:aws:iam::123456789012:role/firehose"
    bucket_arn = aws_s3_bucket.old.arn
  }
}
`},
			want: []string{
				"firehose.warehouse bucket.staging writes", "firehose.warehouse external.redshift calls", "firehose.warehouse buffer_interval=120",
				"firehose.legacy bucket.old writes",
			},
			not: []string{"firehose.warehouse bucket.staging on_failure", "firehose.legacy bucket.old on_failure"},
		},
		{
			name: "terraform unresolved destination", format: "terraform",
			files: map[string]string{"main.tf": `
variable "bucket_arn" {}
resource "aws_kinesis_firehose_delivery_stream" "delivery" {
  name        = "delivery"
  destination = "extended_s3"
  extended_s3_configuration {
    role_arn   = "arn:aws:iam::123456789012:role/firehose"
    bucket_arn = var.bucket_arn
  }
}
`},
			want: []string{"firehose.delivery unknown"},
		},
		{
			name: "terraform metric stream into a delivery stream", format: "terraform",
			files: map[string]string{"main.tf": `
resource "aws_s3_bucket" "metrics" {
  bucket = "metrics"
}
resource "aws_kinesis_firehose_delivery_stream" "metrics" {
  name        = "metrics"
  destination = "extended_s3"
  extended_s3_configuration {
    role_arn   = "arn:aws:iam::123456789012:role/firehose"
    bucket_arn = aws_s3_bucket.metrics.arn
  }
}
resource "aws_cloudwatch_metric_stream" "all" {
  name          = "all"
  role_arn      = "arn:aws:iam::123456789012:role/metrics"
  firehose_arn  = aws_kinesis_firehose_delivery_stream.metrics.arn
  output_format = "json"
}
`},
			want: []string{"firehose.metrics unknown", "firehose.metrics bucket.metrics writes"},
		},
		{
			name: "serverless resources and a function's statements", format: "serverless",
			files: map[string]string{"serverless.yml": `
service: clicks
provider:
  name: aws
  runtime: python3.13
functions:
  writer:
    handler: app.handler
    iamRoleStatements:
      - Effect: Allow
        Action: [firehose:PutRecord]
        Resource: !GetAtt Clicks.Arn
resources:
  Resources:
    Lake:
      Type: AWS::S3::Bucket
    Clicks:
      Type: AWS::KinesisFirehose::DeliveryStream
      Properties:
        ExtendedS3DestinationConfiguration:
          BucketARN: !GetAtt Lake.Arn
          RoleARN: arn:aws:iam::123456789012:role/firehose
          BufferingHints: {IntervalInSeconds: 120, SizeInMBs: 8}
`},
			want: []string{
				"function.writer firehose.clicks emits source=permission", "firehose.clicks bucket.lake writes",
				"firehose.clicks buffer_interval=120", fmt.Sprintf("firehose.clicks buffer_size=%d", 8<<20),
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := firehoseFacts(t, c.format, c.files)
			for _, f := range c.want {
				if !slices.Contains(got, f) {
					t.Errorf("%s not found; got:\n%s", f, strings.Join(got, "\n"))
				}
			}
			for _, f := range c.not {
				if slices.Contains(got, f) {
					t.Errorf("%s found", f)
				}
			}
		})
	}
}
