package imports

import (
	"context"
	"fmt"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
)

// corpus builds n template directories in memory from the CloudFormation
// and SAM fixtures, as a repository with n stacks would be.
func corpus(b *testing.B, n int) (fstest.MapFS, []string) {
	b.Helper()
	var srcs [][]byte
	for _, p := range []string{"sam/orders/template.yaml", "sam/shop/template.yaml", "sam/workflows/template.yaml", "cloudformation/pipeline/pipeline.json"} {
		src, err := os.ReadFile("testdata/" + p)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
	}
	// The workflows fixture pulls in files of its own.
	extra := map[string]string{}
	for _, p := range []string{"statemachine/order.asl.json", "api/openapi.yaml", "api/admin.json"} {
		src, err := os.ReadFile("testdata/sam/workflows/" + p)
		if err != nil {
			b.Fatal(err)
		}
		extra[p] = string(src)
	}
	fsys := fstest.MapFS{}
	var dirs []string
	for i := 0; i < n; i++ {
		dir := fmt.Sprintf("repo/stack%03d", i)
		fsys[dir+"/template.yaml"] = &fstest.MapFile{Data: srcs[i%len(srcs)]}
		for p, src := range extra {
			fsys[path.Join(dir, p)] = &fstest.MapFile{Data: []byte(src)}
		}
		dirs = append(dirs, dir)
	}
	return fsys, dirs
}

// BenchmarkImportAndLint500 imports 500 templates and lints each with the
// whole rule catalog: what `archie lint --from sam --recursive` does on a
// repository of 500 stacks. docs/performance.md records the numbers.
func BenchmarkImportAndLint500(b *testing.B) {
	fsys, dirs := corpus(b, 500)
	catalog := rules.All()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var targets []lint.Target
		for _, d := range dirs {
			d := d
			targets = append(targets, lint.Target{FS: fsys, Path: d, Display: d, Load: func(ctx context.Context) (*schema.Architecture, hcl.Diagnostics) {
				l, diags := Load(ctx, "sam", fsys, d, d)
				if l == nil {
					return nil, diags
				}
				return l.Arch, diags
			}})
		}
		report, err := lint.Lint(context.Background(), targets, catalog, lint.Config{})
		if err != nil {
			b.Fatal(err)
		}
		if report.Architectures != 500 || report.Invalid() {
			b.Fatalf("%d architectures, invalid %v", report.Architectures, report.Invalid())
		}
	}
}

// BenchmarkImport measures the importer alone on one template of each
// kind of fixture.
func BenchmarkImport(b *testing.B) {
	fsys, dirs := corpus(b, 4)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range dirs {
			if l, diags := Load(context.Background(), "sam", fsys, d, d); l == nil || diags.HasErrors() {
				b.Fatal(diags)
			}
		}
	}
}

// BenchmarkLargeTemplate imports one SAM template of 3,000 resources:
// 1,500 queues and 1,500 functions, each with an SQS event, a parameter
// and an ARN in its environment and a policy naming a queue by ARN (the
// lookups by name must not grow with the square of the template).
func BenchmarkLargeTemplate(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Transform: AWS::Serverless-2016-10-31\nParameters:\n  P: {Type: String, Default: x}\nResources:\n")
	for i := 0; i < 1500; i++ {
		fmt.Fprintf(&sb, "  Q%d:\n    Type: AWS::SQS::Queue\n    Properties: {QueueName: !Sub 'q-${P}-%d'}\n", i, i)
		fmt.Fprintf(&sb, "  F%d:\n    Type: AWS::Serverless::Function\n    Properties:\n", i)
		sb.WriteString("      Environment: {Variables: {A: !Ref P, B: !Sub 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:nope'}}\n")
		fmt.Fprintf(&sb, "      Policies: [{Statement: [{Effect: Allow, Action: ['sqs:SendMessage'], Resource: !Sub 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:q-${P}-%d'}]}]\n", (i+1)%1500)
		fmt.Fprintf(&sb, "      Events: {Q: {Type: SQS, Properties: {Queue: !GetAtt Q%d.Arn}}}\n", i)
	}
	fsys := fstest.MapFS{"big/template.yaml": {Data: []byte(sb.String())}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l, diags := Load(context.Background(), "sam", fsys, "big", "big")
		if l == nil || l.Arch == nil || diags.HasErrors() || len(l.Arch.Components) != 3000 {
			b.Fatalf("%v", diags)
		}
	}
}
