package imports

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

// What an importer cannot follow is named, never dropped silently: load
// balancer routing and direct API integrations it cannot place.
func TestUnfollowedWiringIsNamed(t *testing.T) {
	cases := []struct {
		name, format, file, src string
		want                    string // in a warning or an unsupported entry
	}{
		{"cloudformation target group", "cloudformation", "template.yaml", `
Resources:
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {}
  Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
`, "AWS::ElasticLoadBalancingV2::TargetGroup"},
		{"terraform listener", "terraform", "main.tf", `
resource "aws_lb" "web" {}
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
}
`, "aws_lb_listener"},
		{"terraform openapi body to eventbridge", "terraform", "main.tf", `
resource "aws_apigatewayv2_api" "events" {
  name          = "events"
  protocol_type = "HTTP"
  body = jsonencode({
    openapi = "3.0.1"
    paths = {
      "/events" = {
        post = {
          "x-amazon-apigateway-integration" = {
            integrationSubtype = "EventBridge-PutEvents"
            type               = "aws_proxy"
            requestParameters  = { Detail = "$request.body", EventBusName = "arn:aws:events:us-east-1:123456789012:event-bus/partner" }
          }
        }
      }
    }
  })
}
`, "Integration not followed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{"src/" + c.file: {Data: []byte(c.src)}}
			res, err := Import(context.Background(), c.format, fsys, "src", "src")
			if err != nil {
				t.Fatal(err)
			}
			var said []string
			for _, d := range res.Diags {
				said = append(said, d.Summary+": "+d.Detail)
			}
			for _, u := range res.Unsupported {
				said = append(said, u.Type+": "+u.Reason)
			}
			if !strings.Contains(strings.Join(said, "\n"), c.want) {
				t.Errorf("nothing names %q; said:\n%s", c.want, strings.Join(said, "\n"))
			}
		})
	}
}
