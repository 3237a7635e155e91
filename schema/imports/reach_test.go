package imports

import (
	"context"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
)

// lintFindings imports p in fsys and returns its findings as
// "rule component" lines.
func lintFindings(t *testing.T, format string, fsys fs.FS, p string) []string {
	t.Helper()
	target := lint.Target{FS: fsys, Path: p, Display: p, Load: func(ctx context.Context) (*schema.Architecture, hcl.Diagnostics) {
		l, d := Load(ctx, format, fsys, p, p)
		if l == nil {
			return nil, d
		}
		return l.Arch, d
	}}
	report, err := lint.Lint(context.Background(), []lint.Target{target}, rules.All(), lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range report.Findings {
		out = append(out, f.Rule+" "+f.Component)
	}
	return out
}

// TestPrivateAPIsAreNotPublic: a private REST API (CloudFormation
// EndpointConfiguration.Types, Terraform endpoint_configuration.types) is
// not public, so the public-API rules stay silent on it; the same
// template with a regional endpoint gets them.
func TestPrivateAPIsAreNotPublic(t *testing.T) {
	for _, c := range []struct{ format, file string }{
		{"cloudformation", "cloudformation/private-api/template.yaml"},
		{"terraform", "terraform/private-api/main.tf"},
	} {
		src, err := os.ReadFile("testdata/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		dir := c.file[:strings.LastIndex(c.file, "/")]
		for _, private := range []bool{true, false} {
			text := string(src)
			if !private {
				text = strings.ReplaceAll(text, "PRIVATE", "REGIONAL")
			}
			fsys := fstest.MapFS{c.file: {Data: []byte(text)}}
			got := strings.Join(lintFindings(t, c.format, fsys, dir), "\n")
			public := strings.Contains(got, "missing-throttle api.internal") || strings.Contains(got, "unbounded-concurrency function.lookup")
			if public == private {
				t.Errorf("%s (private %v): findings\n%s", c.file, private, got)
			}
		}
	}
}

// TestServerlessOtherProvider: a service of another provider is reported
// once, at provider.name, and nothing of it is imported.
func TestServerlessOtherProvider(t *testing.T) {
	fsys := fstest.MapFS{"svc/serverless.yml": {Data: []byte("service: hello\nprovider:\n  name: azure\n  runtime: nodejs20\nfunctions:\n  hello:\n    handler: handler.hello\n    events:\n      - http: true\n")}}
	res, err := Import(context.Background(), "serverless", fsys, "svc", "svc")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Docs) != 0 {
		t.Errorf("imported %d files from an azure service", len(res.Docs))
	}
	if len(res.Diags) != 1 || res.Diags[0].Summary != "Provider not supported" || res.Diags[0].Subject == nil || res.Diags[0].Subject.Start.Line != 3 {
		t.Errorf("want one warning at line 3, got %v", res.Diags)
	}
	fsys["svc/serverless.yml"] = &fstest.MapFile{Data: []byte("service: hello\nprovider:\n  name: aws\nfunctions:\n  hello:\n    handler: handler.hello\n")}
	if res, _ := Import(context.Background(), "serverless", fsys, "svc", "svc"); len(res.Docs) != 1 {
		t.Errorf("the aws service was not imported")
	}
}

// TestUsagePlanThrottles: a usage plan with an API key throttles the API
// it covers, so missing-throttle is silent there; a plan no key uses
// throttles nobody, and the finding stays.
func TestUsagePlanThrottles(t *testing.T) {
	got := strings.Join(lintFindings(t, "sam", os.DirFS("testdata"), "sam/usage-plan"), "\n")
	tf := strings.Join(lintFindings(t, "terraform", os.DirFS("testdata"), "terraform/usage-plan"), "\n")
	if strings.Contains(tf, "missing-throttle api.partner") || !strings.Contains(tf, "missing-throttle api.open") {
		t.Errorf("terraform: only api.open should lack a throttle:\n%s", tf)
	}
	if strings.Contains(got, "missing-throttle api.sam_plan_api") {
		t.Errorf("Auth.UsagePlan does not throttle api.sam_plan_api:\n%s", got)
	}
	if strings.Contains(got, "missing-throttle api.partner_api") {
		t.Errorf("the keyed usage plan does not throttle api.partner_api:\n%s", got)
	}
	if !strings.Contains(got, "missing-throttle api.open_api") {
		t.Errorf("a plan without a key throttles api.open_api:\n%s", got)
	}
}

// TestWAFRateLimits: a blocking WAF rate-based rule on an API's stage is
// its throttle; a rule that only counts is not.
func TestWAFRateLimits(t *testing.T) {
	got := strings.Join(lintFindings(t, "sam", os.DirFS("testdata"), "sam/waf"), "\n")
	if strings.Contains(got, "missing-throttle api.shop_api") || !strings.Contains(got, "missing-throttle api.counted_api") {
		t.Errorf("only api.counted_api should lack a throttle:\n%s", got)
	}
}

// TestServerlessRestAPI: API keys with a usage plan throttle a
// serverless.yml REST API, and endpointType PRIVATE makes it not public;
// without either, the public-API rules fire.
func TestServerlessRestAPI(t *testing.T) {
	const file = "svc/serverless.yml"
	src, err := os.ReadFile("testdata/serverless/usage-plan/serverless.yml")
	if err != nil {
		t.Fatal(err)
	}
	plain := "service: partners\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  quote:\n    handler: quote.handler\n    reservedConcurrency: 20\n    events:\n      - http:\n          path: quotes\n          method: get\n"
	private := strings.Replace(plain, "  runtime: nodejs20.x\n", "  runtime: nodejs20.x\n  endpointType: PRIVATE\n", 1)
	for _, c := range []struct {
		name, src string
		throttled bool
	}{{"usage plan", string(src), true}, {"private", private, true}, {"neither", plain, false}} {
		got := strings.Join(lintFindings(t, "serverless", fstest.MapFS{file: {Data: []byte(c.src)}}, "svc"), "\n")
		if strings.Contains(got, "missing-throttle") == c.throttled {
			t.Errorf("%s: findings\n%s", c.name, got)
		}
	}
}
