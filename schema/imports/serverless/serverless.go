// Package serverless imports Serverless Framework services (serverless.yml,
// with its resources section) into the importer model. Functions keep
// their keys as names; the resources section is CloudFormation and goes
// through the cfn importer, so references between both resolve.
package serverless

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/cfn"
	"github.com/archiehq/archie/schema/imports/ir"
	"github.com/archiehq/archie/schema/lazyregexp"
	"github.com/archiehq/archie/schema/pathtext"
	"github.com/hashicorp/hcl/v2"
)

// configNames are the file names the Serverless Framework reads, in order.
var configNames = []string{"serverless.yml", "serverless.yaml", "serverless.json"}

// ConfigFile returns the service file in dir, or "".
func ConfigFile(fsys fs.FS, dir string) string {
	for _, n := range configNames {
		if _, err := fs.Stat(fsys, path.Join(dir, n)); err == nil {
			return n
		}
	}
	return ""
}

// Defaults the Serverless Framework applies to a function that sets none
// (serverless.com/framework/docs/providers/aws/guide/functions, checked
// 2026-11): 1024 MB and 6 seconds.
const (
	defaultMemory  = 1024.0
	defaultTimeout = 6.0
)

// Import reads the service at p: a serverless.yml or a directory holding
// one.
func Import(ctx context.Context, res *ir.Result, fsys fs.FS, p, display string) error {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return fmt.Errorf("%s: %w", display, unwrap(err))
	}
	file, shown := p, display
	if info.IsDir() {
		name := ConfigFile(fsys, p)
		if name == "" {
			for _, other := range []string{"serverless.ts", "serverless.js"} {
				if _, err := fs.Stat(fsys, path.Join(p, other)); err == nil {
					return fmt.Errorf("%s: %s is code, which the importer cannot read; export the resolved configuration with 'serverless print > serverless.yml'", display, other)
				}
			}
			return fmt.Errorf("%s: no serverless.yml here", display)
		}
		file, shown = path.Join(p, name), joinDisplay(display, name)
	}
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return fmt.Errorf("%s: %w", shown, unwrap(err))
	}
	res.Sources[shown] = src
	root, d := cfn.Parse(shown, src)
	if d != nil {
		res.Diags = append(res.Diags, d)
		return nil
	}
	if name := root.Path("provider", "name"); name.Ok() {
		if p, ok := name.Scalar(); ok && !strings.EqualFold(strings.TrimSpace(p), "aws") {
			// The catalog knows AWS only: a service of another provider is
			// reported once and left out rather than linted as AWS.
			res.Warn(name.Pos(), "Provider not supported",
				"provider.name is %q: archie reads AWS services only, so this service is neither imported nor linted.", p)
			return nil
		}
	}
	s := &service{res: res, root: root, file: shown, dir: path.Dir(file), display: path.Dir(shown), fsys: fsys, included: map[string]cfn.Node{}}
	s.root = cfn.Rewrite(root, s.expand)
	s.root = cfn.Rewrite(s.root, s.interpolate)
	s.run(ctx, fsys)
	return nil
}

var wholeVar = lazyregexp.New(`^\$\{(self|file)(?::|\()([^}]*)\}$`)

// expand replaces a value that is wholly ${self:path} or
// ${file(path):key} by the value it names, so the rest of the importer
// sees plain YAML.
func (s *service) expand(v cfn.Node) (cfn.Node, bool) {
	str, ok := v.Scalar()
	if !ok {
		return cfn.Node{}, false
	}
	m := wholeVar.FindStringSubmatch(strings.TrimSpace(str))
	if m == nil {
		return cfn.Node{}, false
	}
	if m[1] == "self" {
		if strings.Contains(m[2], ",") {
			return cfn.Node{}, false
		}
		n := s.root.Path(strings.Split(strings.TrimSpace(m[2]), ".")...)
		return n, n.Ok()
	}
	// file(path):key.path or file(path)
	name, key, _ := strings.Cut(m[2], ")")
	key = strings.TrimPrefix(key, ":")
	doc := s.include(strings.Trim(strings.TrimSpace(name), `'"`), v)
	if !doc.Ok() {
		return cfn.Node{}, false
	}
	if key != "" {
		doc = doc.Path(strings.Split(key, ".")...)
	}
	return doc, doc.Ok()
}

// interpolate replaces a string holding variables the importer resolves
// (${self:path}, ${sls:stage}, a variable with a default) by its value,
// as the framework does before CloudFormation sees the template: a table
// named "${self:service}-${sls:stage}" in the resources section is named
// like the environment variable and the IAM statement that name it.
// Other variables (${ssm:...}, ${cf:...}) stay as written.
func (s *service) interpolate(v cfn.Node) (cfn.Node, bool) {
	str, ok := v.Scalar()
	if !ok || !strings.Contains(str, "${") {
		return cfn.Node{}, false
	}
	out, ok := s.text(v)
	if !ok || out == str {
		return cfn.Node{}, false
	}
	return cfn.WithText(v, out), true
}

// include reads a YAML or JSON file a service names with ${file(...)}.
func (s *service) include(name string, at cfn.Node) cfn.Node {
	if doc, ok := s.included[name]; ok {
		return doc
	}
	s.included[name] = cfn.Node{}
	shown := path.Clean(joinDisplay(s.display, name))
	_, src, err := ir.ReadLocal(s.fsys, s.dir, name)
	if err != nil {
		s.res.Warn(at.Pos(), "File not read", "%s is not read: %s; what it holds is not imported.", name, ir.Unreadable(err))
		return cfn.Node{}
	}
	s.res.Sources[shown] = src
	doc, d := cfn.Parse(shown, src)
	if d != nil {
		s.res.Diags = append(s.res.Diags, d)
		return cfn.Node{}
	}
	s.included[name] = doc
	return doc
}

func unwrap(err error) error { return pathtext.Cause(err) }

func joinDisplay(dir, name string) string { return pathtext.Join(dir, name) }

type service struct {
	res      *ir.Result
	root     cfn.Node
	file     string
	dir      string
	display  string
	fsys     fs.FS
	included map[string]cfn.Node
	im       *cfn.Importer
	t        *cfn.Template
	doc      *ir.Doc
	fns      []*function
	// cur is the function whose settings or events are being read: a
	// reference in them that cannot be followed marks it.
	cur *ir.Component
}

type function struct {
	key  string
	node cfn.Node
	comp *ir.Component
	at   hcl.Range
}

func (s *service) run(ctx context.Context, fsys fs.FS) {
	name, _ := s.text(s.root.Get("service"))
	if name == "" {
		name, _ = s.text(s.root.Path("service", "name"))
	}
	if name == "" {
		name = path.Base(s.dir)
	}
	s.doc = &ir.Doc{Source: s.file, Format: "Serverless Framework", Service: ir.Identifier(name), File: ir.Identifier(name) + schema.FileSuffix}
	s.res.Docs = append(s.res.Docs, s.doc)
	names := ir.NewNames()
	s.im = cfn.New(ctx, s.res, names, fsys)
	resources := s.root.Get("resources")
	if resources.IsSeq() {
		// A list of resource files, each with its own Resources.
		var maps []cfn.Node
		for _, it := range resources.Items() {
			maps = append(maps, it.Get("Resources"))
		}
		resources = cfn.MergeMaps(maps)
		s.t = s.im.Add(wrapResources(resources), s.file, s.dir, s.doc)
	} else {
		s.t = s.im.Add(resources, s.file, s.dir, s.doc)
	}
	provider := s.root.Get("provider")
	functions := s.root.Get("functions")
	if functions.IsSeq() {
		functions = cfn.MergeMaps(functions.Items())
	}
	for _, kv := range functions.Pairs() {
		fn := &function{key: kv.Key, node: s.resolve(kv.Value), at: kv.KeyAt}
		fn.comp = &ir.Component{Kind: schema.KindFunction, Name: names.Take(schema.KindFunction, kv.Key), ID: kv.Key, Type: "function", Pos: kv.KeyAt}
		s.doc.Components = append(s.doc.Components, fn.comp)
		s.im.Alias(s.t, logicalID(kv.Key), fn.comp)
		s.fns = append(s.fns, fn)
	}
	// serverless-step-functions lets definitions name functions by key
	// (Fn::GetAtt: [hello, Arn]).
	for _, fn := range s.fns {
		if !s.t.Declares(fn.key) {
			s.im.Alias(s.t, fn.key, fn.comp)
		}
	}
	machines := s.stateMachines(names)
	for _, fn := range s.fns {
		s.functionAttrs(fn, provider)
	}
	for _, fn := range s.fns {
		for _, ev := range s.resolve(fn.node.Get("events")).Items() {
			s.event(fn, s.resolve(ev))
		}
		s.im.ApplyStatements(s.t, fn.comp, s.resolve(fn.node.Get("iamRoleStatements")), nil)
		s.im.ApplyStatements(s.t, fn.comp, s.resolve(fn.node.Path("iam", "role", "statements")), nil)
		s.im.ApplyStatements(s.t, fn.comp, s.resolve(provider.Path("iam", "role", "statements")), providerRole{s.t})
		s.im.ApplyStatements(s.t, fn.comp, s.resolve(provider.Get("iamRoleStatements")), providerRole{s.t})
	}
	for _, sm := range machines {
		s.stateMachine(sm)
	}
	s.hygiene(provider)
	s.im.Finish()
	for _, fn := range s.fns {
		vars := append(s.resolve(fn.node.Get("environment")).Pairs(), s.resolve(provider.Get("environment")).Pairs()...)
		for i := range vars {
			vars[i].Value = s.resolve(vars[i].Value)
		}
		s.im.EnvDeps(s.t, fn.comp, vars)
		cfn.DropWeakSelfFeeds(fn.comp)
	}
}

// logicalID is the CloudFormation logical ID the Serverless Framework gives
// a function's resource: "create-order" -> "CreateDashorderLambdaFunction".
func logicalID(key string) string {
	return normalizedName(key) + "LambdaFunction"
}

// normalizedName is the framework's getNormalizedFunctionName: dashes and
// underscores spelled out, the first letter upper case.
func normalizedName(key string) string {
	n := strings.ReplaceAll(key, "-", "Dash")
	n = strings.ReplaceAll(n, "_", "Underscore")
	if n != "" {
		n = strings.ToUpper(n[:1]) + n[1:]
	}
	return n
}

var selfRef = lazyregexp.New(`^\$\{self:([^,}]+)\}$`)

// resolve follows a value that is wholly a ${self:path} variable to the
// value it names.
func (s *service) resolve(v cfn.Node) cfn.Node {
	for i := 0; i < 10; i++ {
		str, ok := v.Scalar()
		if !ok {
			return v
		}
		m := selfRef.FindStringSubmatch(strings.TrimSpace(str))
		if m == nil {
			return v
		}
		next := s.root.Path(strings.Split(strings.TrimSpace(m[1]), ".")...)
		if !next.Ok() {
			return v
		}
		v = next
	}
	return v
}

var anyVar = lazyregexp.New(`\$\{([^{}]*)\}`)

// text evaluates a string, replacing the variables it can: ${self:...},
// ${opt:x, 'default'}, ${sls:stage}.
func (s *service) text(v cfn.Node) (string, bool) {
	v = s.resolve(v)
	str, ok := s.t0(v)
	if !ok {
		return "", false
	}
	for i := 0; i < 5 && strings.Contains(str, "${"); i++ {
		str = anyVar.ReplaceAllStringFunc(str, func(m string) string {
			inner := strings.TrimSpace(m[2 : len(m)-1])
			if p, ok := strings.CutPrefix(inner, "self:"); ok {
				if r, ok := s.t0(s.root.Path(strings.Split(p, ".")...)); ok {
					return r
				}
				// The framework's defaults for the provider's stage
				// and region (serverless.com/framework/docs/providers/
				// aws/guide/serverless.yml, checked 2026-12-02).
				switch p {
				case "provider.stage":
					return "dev"
				case "provider.region":
					return "us-east-1"
				}
			}
			if inner == "sls:stage" {
				return "dev"
			}
			if _, def, ok := strings.Cut(inner, ","); ok {
				def = strings.TrimSpace(def)
				if strings.HasPrefix(def, "'") || strings.HasPrefix(def, `"`) {
					return strings.Trim(def, `'"`)
				}
				if strings.HasPrefix(def, "self:") || strings.HasPrefix(def, "sls:") || strings.HasPrefix(def, "opt:") || strings.HasPrefix(def, "env:") {
					return "${" + def + "}" // a default that is a variable: resolved in the next pass
				}
				return def
			}
			return m
		})
	}
	return str, true
}

func (s *service) t0(v cfn.Node) (string, bool) {
	if s.t != nil {
		return s.t.Str(v)
	}
	return v.Scalar()
}

func (s *service) num(v cfn.Node) (float64, bool) {
	str, ok := s.text(v)
	if !ok {
		return 0, false
	}
	var f float64
	if _, err := fmt.Sscanf(strings.TrimSpace(str), "%g", &f); err != nil {
		return 0, false
	}
	return f, true
}

func (s *service) boolean(v cfn.Node) (bool, bool) {
	str, ok := s.text(v)
	if !ok {
		return false, false
	}
	switch strings.ToLower(strings.TrimSpace(str)) {
	case "true", "active":
		return true, true
	case "false", "passthrough":
		return false, true
	}
	return false, false
}

// prop reads a function property, falling back to the provider's.
func (s *service) prop(fn *function, key string) cfn.Node {
	if v := s.resolve(fn.node.Get(key)); v.Ok() {
		return v
	}
	return s.resolve(s.root.Path("provider", key))
}

func (s *service) functionAttrs(fn *function, provider cfn.Node) {
	c := fn.comp
	s.cur = c
	defer func() { s.cur = nil }()
	if d, ok := s.text(fn.node.Get("description")); ok && d != "" {
		c.Set("description", d, fn.node.Get("description").Pos())
	}
	if v := s.prop(fn, "runtime"); v.Ok() {
		if rt, ok := s.text(v); ok {
			c.Set("runtime", rt, v.Pos())
		}
	}
	if v := s.prop(fn, "memorySize"); v.Ok() {
		if f, ok := s.num(v); ok {
			c.Set("memory", f, v.Pos())
		}
	} else {
		c.Set("memory", defaultMemory, fn.at)
		c.Get("memory").Assumed = true
	}
	if v := s.prop(fn, "timeout"); v.Ok() {
		if f, ok := s.num(v); ok {
			c.Set("timeout", ir.Seconds(f), v.Pos())
		}
	} else {
		c.Set("timeout", ir.Seconds(defaultTimeout), fn.at)
		c.Get("timeout").Assumed = true
	}
	if v := s.prop(fn, "architecture"); v.Ok() {
		if a, ok := s.text(v); ok {
			c.Set("arch", a, v.Pos())
		}
	}
	if v := s.resolve(fn.node.Get("reservedConcurrency")); v.Ok() {
		if f, ok := s.num(v); ok {
			c.Set("concurrency", f, v.Pos())
		}
	}
	if v := s.resolve(fn.node.Get("provisionedConcurrency")); v.Ok() {
		if f, ok := s.num(v); ok {
			c.Set("provisioned", f, v.Pos())
		}
	}
	tracing := s.resolve(fn.node.Get("tracing"))
	if !tracing.Ok() {
		tracing = s.resolve(provider.Path("tracing", "lambda"))
	}
	if b, ok := s.boolean(tracing); ok && b {
		c.Set("tracing", true, tracing.Pos())
	}
	if v := s.resolve(fn.node.Get("maximumRetryAttempts")); v.Ok() {
		if f, ok := s.num(v); ok {
			c.Set("retries", f, v.Pos())
		}
	}
	if v := s.resolve(fn.node.Get("maximumEventAge")); v.Ok() {
		if f, ok := s.num(v); ok {
			c.Set("max_event_age", ir.Seconds(f), v.Pos())
		}
	}
	if v := s.resolve(fn.node.Get("onError")); v.Ok() {
		if dst := s.target(v, "The onError of function "+fn.key); dst != nil {
			c.Set("on_failure", dst, v.Pos())
		}
	}
	dest := s.resolve(fn.node.Get("destinations"))
	if of := s.resolve(dest.Get("onFailure")); of.Ok() {
		if arn := of.Get("arn"); arn.Ok() {
			of = s.resolve(arn)
		}
		if dst := s.target(of, "The onFailure destination of function "+fn.key); dst != nil {
			c.Set("on_failure", dst, of.Pos())
		}
	}
	if os := s.resolve(dest.Get("onSuccess")); os.Ok() {
		if arn := os.Get("arn"); arn.Ok() {
			os = s.resolve(arn)
		}
		if dst := s.find(os); dst != nil {
			c.AddDep("emits", dst, os.Pos(), schema.SourceTemplate, "on-success destination")
		}
	}
}

// find resolves a value to a component: a CloudFormation reference into
// the resources section, a function key, or a name declared there.
func (s *service) find(v cfn.Node) *ir.Component {
	v = s.resolve(v)
	if c, _ := s.im.Resolve(s.t, v); c != nil {
		return c
	}
	if str, ok := s.text(v); ok {
		for _, fn := range s.fns {
			if fn.key == str {
				return fn.comp
			}
		}
	}
	return nil
}

// target is find, with a warning when nothing is found.
func (s *service) target(v cfn.Node, what string) *ir.Component {
	if c := s.find(v); c != nil {
		return c
	}
	text := "this value"
	if str, ok := s.text(v); ok {
		text = fmt.Sprintf("%q", str)
	} else if fn, _ := v.Fn(); fn != "" {
		text = "a " + fn
	}
	s.res.Warn(v.Pos(), "Unresolved reference", "%s refers to %s, which is not a resource of this service; that link is left out.", what, text)
	if s.cur != nil && v.Ok() {
		// A ${cf:...}, ${ssm:...}, ${param:...} or Fn::ImportValue, or an
		// ARN of another service: the function has a link archie could
		// not follow, so rules do not claim an absence there.
		s.cur.MarkUnknown(v.Pos(), what+" refers to "+text)
	}
	return nil
}

// implicit returns a component the framework creates for an event
// (the HTTP API, a topic or a bucket named in an event).
func (s *service) implicit(key string, kind schema.Kind, name, typ string, at hcl.Range) *ir.Component {
	return s.im.Implicit(s.t, key, kind, name, typ, at)
}

// restAPI reads what the provider says of the service's REST API: a
// private endpoint (provider.endpointType: PRIVATE) is not public, and a
// usage plan's throttle, when the service declares API keys (every client
// then holds one), is the API's throttle. Serverless Framework v3 writes
// them under provider.apiGateway, earlier versions on provider itself; a
// list of usage plans counts with its highest rate.
func (s *service) restAPI(api *ir.Component) {
	provider := s.root.Get("provider")
	if t := s.resolve(provider.Get("endpointType")); t.Ok() {
		if v, _ := s.text(t); strings.EqualFold(v, "PRIVATE") {
			api.Set("public", false, t.Pos())
		}
	}
	for _, base := range []cfn.Node{s.resolve(provider.Get("apiGateway")), provider} {
		if len(s.resolve(base.Get("apiKeys")).Items()) == 0 {
			continue
		}
		plans := s.resolve(base.Get("usagePlan"))
		var list []cfn.Node
		if plans.IsSeq() {
			for _, it := range plans.Items() {
				for _, kv := range s.resolve(it).Pairs() {
					list = append(list, s.resolve(kv.Value))
				}
			}
		} else {
			list = []cfn.Node{plans}
		}
		best := 0.0
		for _, plan := range list {
			th := s.resolve(plan.Get("throttle"))
			rate, ok := s.num(th.Get("rateLimit"))
			if !ok || rate <= best {
				continue
			}
			best = rate
			api.Set("throttle_rate", rate, th.Get("rateLimit").Pos())
			api.Get("throttle_rate").Note = "per API key, from the usage plan"
			if burst, ok := s.num(th.Get("burstLimit")); ok {
				api.Set("throttle_burst", burst, th.Get("burstLimit").Pos())
			} else {
				api.Unset("throttle_burst")
			}
		}
		return
	}
}

// event maps one entry of a function's events.
func (s *service) event(fn *function, ev cfn.Node) {
	pairs := ev.Pairs()
	if len(pairs) != 1 {
		return
	}
	typ, p, at := pairs[0].Key, s.resolve(pairs[0].Value), pairs[0].KeyAt
	c := fn.comp
	s.cur = c
	defer func() { s.cur = nil }()
	what := fmt.Sprintf("The %s event of function %s", typ, fn.key)
	switch typ {
	case "httpApi", "http", "websocket":
		var api *ir.Component
		switch typ {
		case "httpApi":
			api = s.implicit("HttpApi", schema.KindAPI, "http_api", "AWS::ApiGatewayV2::Api", at)
			api.SetDefault("type", "http", at)
		case "http":
			api = s.implicit("ApiGatewayRestApi", schema.KindAPI, "api_gateway_rest_api", "AWS::ApiGateway::RestApi", at)
			if api.Get("type") == nil {
				api.Set("type", "rest", at)
				s.restAPI(api)
			}
		default:
			api = s.implicit("WebsocketsApi", schema.KindAPI, "websockets_api", "AWS::ApiGatewayV2::Api", at)
			api.SetDefault("type", "websocket", at)
		}
		tr := c.AddTrigger(api, "", at)
		if route := s.route(typ, p); route != "" {
			tr.Set("route", route, p.Pos())
		}
		if typ == "http" {
			s.authorizer(api, p.Get("authorizer"))
		}
	case "sqs":
		arn := p
		if p.IsMap() && p.Get("arn").Ok() {
			arn = s.resolve(p.Get("arn"))
		}
		q := s.target(arn, what)
		if q == nil {
			return
		}
		tr := c.AddTrigger(q, "", at)
		s.batch(tr, p)
		if f, ok := s.num(p.Get("maximumConcurrency")); ok {
			tr.Set("max_concurrency", f, p.Get("maximumConcurrency").Pos())
		}
	case "stream":
		arn := p
		if p.IsMap() && p.Get("arn").Ok() {
			arn = s.resolve(p.Get("arn"))
		}
		src := s.target(arn, what)
		if src == nil {
			return
		}
		tr := c.AddTrigger(src, "", at)
		s.batch(tr, p)
		if b, ok := s.boolean(p.Get("bisectBatchOnFunctionError")); ok {
			tr.Set("bisect_on_error", b, p.Get("bisectBatchOnFunctionError").Pos())
		}
		if f, ok := s.num(p.Get("maximumRetryAttempts")); ok {
			tr.Set("max_retries", f, p.Get("maximumRetryAttempts").Pos())
		}
		if f, ok := s.num(p.Get("maximumRecordAgeInSeconds")); ok && f >= 0 {
			tr.Set("max_record_age", ir.Seconds(f), p.Get("maximumRecordAgeInSeconds").Pos())
		}
		if f, ok := s.num(p.Get("parallelizationFactor")); ok {
			tr.Set("parallelization", f, p.Get("parallelizationFactor").Pos())
		}
		if of := s.resolve(p.Path("destinations", "onFailure")); of.Ok() {
			if arn := of.Get("arn"); arn.Ok() {
				of = s.resolve(arn)
			}
			if dst := s.target(of, "The on-failure destination of "+strings.ToLower(what[:1])+what[1:]); dst != nil {
				tr.Set("on_failure", dst, of.Pos())
			}
		}
	case "sns":
		topic := s.topic(p, at, what)
		if topic == nil {
			return
		}
		tr := c.AddTrigger(topic, "", at)
		if fp := p.Get("filterPolicy"); fp.Ok() {
			tr.Set("filter", ir.Raw{V: fp.Raw()}, fp.Pos())
		}
		rp := p.Get("redrivePolicy")
		if ref := rp.Get("deadLetterTargetRef"); ref.Ok() {
			if id, ok := s.text(ref); ok {
				if q := s.find(cfnRef(ref, id)); q != nil {
					tr.Set("dead_letter", q, ref.Pos())
				}
			}
		} else if arn := rp.Get("deadLetterTargetArn"); arn.Ok() {
			if q := s.target(arn, "The redrive policy of "+strings.ToLower(what[:1])+what[1:]); q != nil {
				tr.Set("dead_letter", q, arn.Pos())
			}
		}
	case "s3":
		bucketNode := p
		if p.IsMap() {
			bucketNode = s.resolve(p.Get("bucket"))
		}
		b := s.find(bucketNode)
		if b != nil && b.Kind != schema.KindBucket {
			b = nil // a bucket named like a function is the bucket the framework creates
		}
		if b == nil {
			name, ok := s.text(bucketNode)
			if !ok {
				s.target(bucketNode, what)
				return
			}
			b = s.implicit("bucket:"+name, schema.KindBucket, name, "AWS::S3::Bucket", at)
		}
		tr := c.AddTrigger(b, "", at)
		var kinds []string
		for _, e := range s.strings(p.Get("event")) {
			if k := ir.S3EventKind(e); k != "" && !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
		if len(kinds) > 0 {
			tr.Set("events", kinds, p.Get("event").Pos())
		}
		for _, rule := range p.Get("rules").Items() {
			for _, kv := range rule.Pairs() {
				if kv.Key == "prefix" || kv.Key == "suffix" {
					if v, ok := s.text(kv.Value); ok {
						tr.Set(kv.Key, v, kv.Value.Pos())
					}
				}
			}
		}
	case "schedule":
		rate := p
		if p.IsMap() {
			rate = p.Get("rate")
		}
		exprs := s.strings(rate)
		if len(exprs) == 0 {
			s.res.Warn(at, "Event not mapped", "%s has no rate or cron expression the importer can read; it is left out.", what)
			return
		}
		for _, e := range exprs {
			tr := c.AddTrigger(nil, "schedule", at)
			tr.Set("schedule", e, rate.Pos())
		}
	case "eventBridge", "cloudwatchEvent":
		if sched := p.Get("schedule"); sched.Ok() {
			tr := c.AddTrigger(nil, "schedule", at)
			if e, ok := s.text(sched); ok {
				tr.Set("schedule", e, sched.Pos())
			}
			s.eventFailure(tr, p)
			return
		}
		bus := s.bus(p.Get("eventBus"), at)
		if bus == nil {
			return
		}
		tr := c.AddTrigger(bus, "", at)
		pattern := p.Get("pattern")
		if typ == "cloudwatchEvent" {
			pattern = p.Get("event")
		}
		if pattern.Ok() {
			tr.Set("pattern", ir.Raw{V: pattern.Raw()}, pattern.Pos())
		}
		s.eventFailure(tr, p)
	case "msk", "kafka":
		topic, _ := s.text(p.Get("topic"))
		var topics []string
		if topic != "" {
			topics = []string{topic}
		}
		var src *ir.Component
		if typ == "msk" {
			// A cluster of the service's resources, or one outside it:
			// a stream of its own, named after the topic.
			if src = s.find(s.resolve(p.Get("arn"))); src == nil {
				arn, _ := s.text(p.Get("arn"))
				src = s.implicit("msk|"+arn+"|"+topic, schema.KindStream, ir.Identifier("msk_"+topic), "AWS::MSK::Cluster", at)
				src.SetDefault("description", "Amazon MSK cluster (Kafka)", at)
			}
		} else {
			src = s.im.Kafka(s.t, s.strings(p.Get("bootstrapServers")), topics, at)
		}
		tr := c.AddTrigger(src, "", at)
		s.batch(tr, p)
		if topic != "" {
			tr.Notes = append(tr.Notes, "topic "+topic)
		}
	case "activemq", "rabbitmq":
		src := s.find(s.resolve(p.Get("arn")))
		queue, _ := s.text(p.Get("queue"))
		if src == nil {
			name := "mq"
			if queue != "" {
				name = "mq_" + queue
			}
			src = s.implicit("mq|"+typ+"|"+queue, schema.KindQueue, ir.Identifier(name), "AWS::AmazonMQ::Broker", at)
			if src.Get("broker") == nil {
				cfn.MQBroker(src, typ, at)
			}
		} else if src.Kind != schema.KindQueue {
			s.res.Warn(at, "Event not mapped", "%s names a %s, not an Amazon MQ broker; it is left out.", what, src.Kind)
			return
		}
		tr := c.AddTrigger(src, "", at)
		s.batch(tr, p)
		if queue != "" {
			tr.Notes = append(tr.Notes, "queue "+queue)
		}
	case "cognitoUserPool":
		c.AddTrigger(nil, "cognito", at)
	case "alexaSkill", "alexaSmartHome":
		c.AddTrigger(nil, "alexa", at)
	case "iot":
		c.AddTrigger(nil, "iot", at)
	case "cloudwatchLog":
		c.AddTrigger(nil, "cloudwatch_logs", at)
	case "alb":
		api := s.implicit("ApplicationLoadBalancer", schema.KindAPI, "alb", "AWS::ElasticLoadBalancingV2::LoadBalancer", at)
		api.SetDefault("type", "alb", at)
		tr := c.AddTrigger(api, "", at)
		if pth, ok := s.text(p.Path("conditions", "path")); ok {
			tr.Set("route", pth, p.Path("conditions", "path").Pos())
		}
	default:
		s.res.Warn(at, "Event type not supported", "%s is of a type the importer does not map yet; it is left out.", what)
	}
}

// authorizer wires an http event's Lambda authorizer: a function of the
// service named by its key (authorizer: NAME or authorizer: {name: NAME}),
// which the REST api calls synchronously before each request it
// authorizes; resultTtlInSeconds (300 by default in the framework) is how
// long its answer is cached. An authorizer given by arn alone, or of type
// COGNITO_USER_POOLS or aws_iam, calls no function of the service.
func (s *service) authorizer(api *ir.Component, a cfn.Node) {
	a = s.resolve(a)
	if !a.Ok() {
		return
	}
	name, ok := s.text(a)
	if !ok {
		name, _ = s.text(a.Get("name"))
	}
	for _, fn := range s.fns {
		if fn.key == name && name != "" {
			ttl, set := s.num(a.Get("resultTtlInSeconds"))
			ir.AuthorizerTrigger(api, fn.comp, name, a.Pos(), ttl, set)
			return
		}
	}
}

// cfnRef makes a Ref to a logical ID written as a plain name.
func cfnRef(at cfn.Node, id string) cfn.Node {
	n, d := cfn.Parse(at.File(), []byte("Ref: "+id))
	if d != nil {
		return cfn.Node{}
	}
	pos := at.Pos()
	return cfn.Relocate(n, at.File(), pos.Start.Line, pos.Start.Column)
}

// route reads an httpApi, http or websocket event's route.
func (s *service) route(typ string, p cfn.Node) string {
	if str, ok := s.text(p); ok {
		if typ == "websocket" {
			return str
		}
		if str == "*" {
			return ""
		}
		method, pth, found := strings.Cut(strings.TrimSpace(str), " ")
		if !found {
			return ""
		}
		return routeOf(method, pth)
	}
	if typ == "websocket" {
		r, _ := s.text(p.Get("route"))
		return r
	}
	method, _ := s.text(p.Get("method"))
	pth, _ := s.text(p.Get("path"))
	if method == "*" {
		method = "ANY"
	}
	return routeOf(method, pth)
}

func routeOf(method, pth string) string {
	method = strings.ToUpper(strings.TrimSpace(method))
	pth = strings.TrimSpace(pth)
	if pth != "" && !strings.HasPrefix(pth, "/") {
		pth = "/" + pth
	}
	switch {
	case pth == "" && method == "":
		return ""
	case pth == "":
		return method
	case method == "":
		return pth
	}
	return method + " " + pth
}

// batch reads the batching settings of sqs and stream events.
func (s *service) batch(tr *ir.Trigger, p cfn.Node) {
	if f, ok := s.num(p.Get("batchSize")); ok {
		tr.Set("batch_size", f, p.Get("batchSize").Pos())
	}
	if f, ok := s.num(p.Get("maximumBatchingWindow")); ok {
		tr.Set("batch_window", ir.Seconds(f), p.Get("maximumBatchingWindow").Pos())
	}
	if slices.Contains(s.strings(p.Get("functionResponseType")), "ReportBatchItemFailures") {
		tr.Set("partial_batch_response", true, p.Get("functionResponseType").Pos())
	}
}

func (s *service) strings(v cfn.Node) []string {
	var out []string
	for _, it := range s.resolve(v).List() {
		if str, ok := s.text(it); ok {
			out = append(out, str)
		}
	}
	return out
}

// topic resolves an sns event's topic: a reference into the resources
// section, or a topic the framework creates from its name.
func (s *service) topic(p cfn.Node, at hcl.Range, what string) *ir.Component {
	ref := p
	if p.IsMap() && p.Get("arn").Ok() {
		ref = s.resolve(p.Get("arn"))
	}
	// A topic named like a function of the service ("sns: analyzeNote"
	// on function analyzeNote) is the topic the framework creates, not
	// the function.
	if c := s.find(ref); c != nil && c.Kind == schema.KindTopic {
		return c
	}
	name := ""
	if p.IsMap() {
		name, _ = s.text(p.Get("topicName"))
	} else if str, ok := s.text(p); ok && !strings.HasPrefix(str, "arn:") {
		name = str
	}
	if name == "" {
		s.target(ref, what)
		return nil
	}
	return s.implicit("topic:"+name, schema.KindTopic, name, "AWS::SNS::Topic", at)
}

// bus resolves eventBridge's eventBus: a reference, a bus declared in the
// resources section, or the default bus.
func (s *service) bus(v cfn.Node, at hcl.Range) *ir.Component {
	if !v.Ok() {
		return s.implicit("default", schema.KindBus, "default", "AWS::Events::EventBus", at)
	}
	if c := s.find(v); c != nil {
		return c
	}
	name, ok := s.text(v)
	if ok && (name == "default" || name == "") {
		return s.implicit("default", schema.KindBus, "default", "AWS::Events::EventBus", at)
	}
	if ok && !strings.HasPrefix(name, "arn:") {
		// The framework creates a bus named in the event.
		return s.implicit("bus:"+name, schema.KindBus, name, "AWS::Events::EventBus", at)
	}
	s.target(v, "The eventBridge event bus")
	return nil
}

func (s *service) eventFailure(tr *ir.Trigger, p cfn.Node) {
	if dl := s.resolve(p.Get("deadLetterQueueArn")); dl.Ok() {
		if q := s.target(dl, "The dead-letter queue of an eventBridge event"); q != nil {
			tr.Set("dead_letter", q, dl.Pos())
		}
	}
	if f, ok := s.num(p.Path("retryPolicy", "maximumRetryAttempts")); ok {
		tr.Set("retries", f, p.Path("retryPolicy", "maximumRetryAttempts").Pos())
	}
}

// wrapResources puts a map of resources under a Resources key, the shape
// the CloudFormation importer reads.
func wrapResources(resources cfn.Node) cfn.Node {
	n, d := cfn.Parse(resources.File(), []byte("Resources: {}"))
	if d != nil {
		return cfn.Node{}
	}
	return cfn.Rewrite(n, func(v cfn.Node) (cfn.Node, bool) {
		if v.IsMap() && len(v.Pairs()) == 0 {
			return resources, true
		}
		return cfn.Node{}, false
	})
}

// machine is a state machine of the serverless-step-functions plugin.
type machine struct {
	key  string
	node cfn.Node
	comp *ir.Component
}

// stateMachines declares the state machines of stepFunctions.stateMachines
// (the serverless-step-functions plugin), named by their keys.
func (s *service) stateMachines(names *ir.Names) []*machine {
	var out []*machine
	for _, kv := range s.root.Path("stepFunctions", "stateMachines").Pairs() {
		sm := &machine{key: kv.Key, node: kv.Value}
		sm.comp = &ir.Component{Kind: schema.KindStateMachine, Name: names.Take(schema.KindStateMachine, kv.Key), ID: kv.Key, Type: "stepFunctions state machine", Pos: kv.KeyAt}
		if t, _ := s.text(kv.Value.Get("type")); strings.EqualFold(t, "EXPRESS") {
			sm.comp.Set("type", "express", kv.Value.Get("type").Pos())
		}
		if b, ok := s.boolean(kv.Value.Path("tracingConfig", "enabled")); ok && b {
			sm.comp.Set("tracing", true, kv.Value.Get("tracingConfig").Pos())
		}
		s.doc.Components = append(s.doc.Components, sm.comp)
		// The plugin's logical ID for the machine: its id or name,
		// normalized, else its key normalized with the suffix
		// StepFunctionsStateMachine (serverless-step-functions,
		// lib/naming.js getStateMachineLogicalId, checked 2026-12-02).
		id, _ := s.text(kv.Value.Get("id"))
		if id == "" {
			id, _ = s.text(kv.Value.Get("name"))
		}
		if id != "" {
			s.im.Alias(s.t, normalizedName(id), sm.comp)
			if normalizedName(id) != id {
				s.im.Alias(s.t, id, sm.comp)
			}
		} else {
			s.im.Alias(s.t, normalizedName(kv.Key)+"StepFunctionsStateMachine", sm.comp)
		}
		out = append(out, sm)
	}
	return out
}

// stateMachine reads a plugin state machine's definition and events.
func (s *service) stateMachine(sm *machine) {
	cfn.Steps(sm.node.Get("definition"), sm.comp, cfn.StepResolver{
		Str:     s.t.Str,
		Resolve: s.find,
		Warn: func(v cfn.Node, what string) {
			if str, ok := v.Scalar(); ok && strings.Contains(str, "$") {
				return // a JSONPath, chosen at run time
			}
			s.target(v, what)
		},
		DefaultBus: func(at hcl.Range) *ir.Component {
			return s.implicit("default", schema.KindBus, "default", "AWS::Events::EventBus", at)
		},
	})
	fn := &function{key: sm.key, node: sm.node, comp: sm.comp, at: sm.comp.Pos}
	for _, ev := range sm.node.Get("events").Items() {
		n := len(sm.comp.Triggers)
		s.event(fn, ev)
		// The plugin's http event starts the execution with
		// StartExecution, which answers at once, unless it says
		// action: StartSyncExecution (an express machine whose result
		// the api waits for).
		http := s.resolve(ev.Get("http"))
		if !http.Ok() || len(sm.comp.Triggers) != n+1 {
			continue
		}
		action, _ := s.t.Str(http.Get("action"))
		if !strings.EqualFold(action, "StartSyncExecution") {
			tr := sm.comp.Triggers[n]
			tr.Set("invocation", "async", ev.Pos())
			tr.Notes = append(tr.Notes, "the http event starts the execution with StartExecution and answers at once (no action: StartSyncExecution)")
		}
	}
}

// providerRole names the role of a service's provider, whose statements
// every function of the service is given.
type providerRole struct{ t *cfn.Template }
