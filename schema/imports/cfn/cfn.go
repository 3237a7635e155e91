// Package cfn imports AWS CloudFormation and SAM templates (YAML or JSON,
// short-form intrinsic tags included) into the importer model.
//
// Templates are read with gopkg.in/yaml.v3 rather than goformation:
// goformation drops line numbers, rejects properties and resource types it
// does not know, and fails on intrinsics in typed (number, bool) fields,
// while an importer must point at the user's lines and accept every
// template that CloudFormation accepts.
package cfn

import (
	"gopkg.in/yaml.v3"

	"bytes"
	"context"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/ir"
	"github.com/hashicorp/hcl/v2"
)

// Template is one parsed template.
type Template struct {
	File      string // as positions show it
	Dir       string // its directory in the file system, for DefinitionUri and AWS::Include
	Display   string // its directory as shown
	Root      Node
	SAM       bool
	Globals   Node
	Resources []*Resource
	byID      map[string]*Resource
	sc        *scope
	doc       *ir.Doc
	chain     map[string]bool // files of the nested stacks that include this one
}

// Resource is one entry of Resources.
type Resource struct {
	ID    string
	Type  string
	Props Node
	Node  Node
	At    hcl.Range
	Comp  *ir.Component
	T     *Template
}

// Importer turns templates into the importer model. Several templates may
// share one importer: they become one architecture.
type Importer struct {
	Res   *ir.Result
	Names *ir.Names
	FS    fs.FS
	// ParseFile parses the template at full in FS, shown as shown; nil
	// means Parse. A caller that parsed the file already hands its result.
	ParseFile func(full, shown string, src []byte) (Node, *hcl.Diagnostic)
	ctx       context.Context
	tmpls     []*Template
	implicit  map[string]*ir.Component
	// aliases map extra logical IDs (Serverless Framework's generated
	// function IDs) to components.
	aliases map[*Template]map[string]*ir.Component
	roles   map[*Resource][]statement // IAM statements by role
	grants  ir.RoleGrants             // dependencies inferred from each role
	pending []*Resource               // nested stacks in local files, not read yet
	// physical indexes components by the names their resources declare;
	// nil until first used, and again after a template is added.
	physical map[string]*ir.Component
	links    *links
}

// New returns an importer writing into res.
func New(ctx context.Context, res *ir.Result, names *ir.Names, fsys fs.FS) *Importer {
	im := &Importer{Res: res, Names: names, FS: fsys, ctx: ctx, implicit: map[string]*ir.Component{},
		aliases: map[*Template]map[string]*ir.Component{}, roles: map[*Resource][]statement{}}
	im.links = &links{tmpls: &im.tmpls}
	return im
}

func (im *Importer) parse(full, shown string, src []byte) (Node, *hcl.Diagnostic) {
	if im.ParseFile != nil {
		return im.ParseFile(full, shown, src)
	}
	return Parse(shown, src)
}

// MayBeTemplate is a quick test of a file's bytes, made before parsing it,
// that is true of every source LooksLikeTemplate accepts once parsed: a
// template has a key Resources (plain or quoted, in YAML or JSON) and a
// resource type with "::". A recursive import reads every YAML and JSON
// file of a tree, and most of them (package data, test events, configs)
// fail this test in one pass over their bytes instead of a parse. A
// source whose key or types are written with escapes (YAML "\x52esources")
// fails it; no template writes them so.
func MayBeTemplate(src []byte) bool {
	if !bytes.Contains(src, []byte("::")) {
		return false
	}
	const key = "Resources"
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte(key))
		if j < 0 {
			return false
		}
		start := i + j
		i = start + len(key)
		if start > 0 && isNameByte(src[start-1]) {
			continue // ListResources:
		}
		k := i
		if k < len(src) && (src[k] == '"' || src[k] == '\'') {
			k++
		}
		for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		if k < len(src) && src[k] == ':' {
			return true
		}
	}
}

func isNameByte(b byte) bool {
	return b == '_' || b == '-' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// LooksLikeTemplate reports whether a parsed document is a CloudFormation
// template: a Resources map whose entries have a Type.
func LooksLikeTemplate(root Node) bool {
	for _, kv := range root.Get("Resources").Pairs() {
		if t, ok := kv.Value.Get("Type").Scalar(); ok && strings.Contains(t, "::") {
			return true
		}
	}
	return false
}

// Add declares the components of a template and returns it; wiring waits
// for Finish, when every template is known. dir is the template's directory
// in the file system (for files it includes).
func (im *Importer) Add(root Node, file, dir string, doc *ir.Doc) *Template {
	t := &Template{File: file, Dir: dir, Root: root, byID: map[string]*Resource{}, doc: doc}
	t.Display = path.Dir(file)
	for _, tr := range root.Get("Transform").List() {
		if s, _ := tr.Scalar(); strings.HasPrefix(s, "AWS::Serverless") {
			t.SAM = true
		}
	}
	t.Globals = root.Get("Globals")
	t.sc = &scope{params: map[string]Node{}, mappings: root.Get("Mappings"), resources: map[string]bool{}, tmpl: t, nested: map[string]*Template{}, links: im.links}
	for _, kv := range root.Get("Parameters").Pairs() {
		t.sc.params[kv.Key] = kv.Value
	}
	for _, kv := range root.Get("Resources").Pairs() {
		typ, _ := kv.Value.Get("Type").Scalar()
		r := &Resource{ID: kv.Key, Type: typ, Props: kv.Value.Get("Properties"), Node: kv.Value, At: kv.KeyAt, T: t}
		if typ == "" {
			im.Res.Warn(kv.KeyAt, "Resource without a type", "Resource %s has no Type and is left out.", kv.Key)
			continue
		}
		if strings.HasPrefix(typ, "AWS::Serverless::") {
			t.SAM = true
		}
		t.Resources = append(t.Resources, r)
		t.byID[kv.Key] = r
		t.sc.resources[kv.Key] = true
	}
	im.tmpls = append(im.tmpls, t)
	im.physical = nil
	im.links.built = false
	for _, r := range t.Resources {
		im.declare(r)
	}
	return t
}

// Alias makes a logical ID of t resolve to c.
func (im *Importer) Alias(t *Template, id string, c *ir.Component) {
	if im.aliases[t] == nil {
		im.aliases[t] = map[string]*ir.Component{}
	}
	im.aliases[t][id] = c
	t.sc.resources[id] = true
}

// Declares reports whether the template has a resource with this logical
// ID.
func (t *Template) Declares(id string) bool { return t.byID[id] != nil }

// Scope evaluation for other front ends that embed templates.
func (t *Template) Str(v Node) (string, bool)  { return t.sc.Str(v) }
func (t *Template) Num(v Node) (float64, bool) { return t.sc.Num(v) }
func (t *Template) Bool(v Node) (bool, bool)   { return t.sc.Bool(v) }

// Strings evaluates a string or list of strings.
func (t *Template) Strings(v Node) []string { return t.sc.Strings(v) }

// Finish wires every template added: attributes, triggers, dependencies.
func (im *Importer) Finish() {
	im.addNested()
	for _, t := range im.tmpls {
		for _, r := range t.Resources {
			if im.ctx.Err() != nil {
				return
			}
			im.attributes(r)
		}
	}
	im.usagePlans()
	im.wafRateLimits()
	for _, t := range im.tmpls {
		for _, r := range t.Resources {
			if r.Type == "AWS::IAM::Policy" || r.Type == "AWS::IAM::ManagedPolicy" || r.Type == "AWS::IAM::Role" {
				im.collectPolicy(r)
			}
		}
	}
	for _, t := range im.tmpls {
		for _, r := range t.Resources {
			if im.ctx.Err() != nil {
				return
			}
			im.wire(r)
		}
	}
	for _, t := range im.tmpls {
		for _, r := range t.Resources {
			if r.Type == "AWS::Lambda::Permission" {
				im.permission(r)
			}
		}
	}
	im.envDeps()
	im.grants.MarkShared()
	im.dropWeakSelfFeeds()
	for _, t := range im.tmpls {
		for _, r := range t.Resources {
			if r.Comp != nil {
				r.Comp.FinishDurable()
			}
		}
	}
	im.publishedChannels()
	im.hygiene()
}

// publishedChannels marks a queue, topic, bus or stream whose ARN, URL or
// name a stack exports or writes to an SSM parameter that no imported
// template reads: what reads it, a stack or application outside the
// import, may consume or feed it, so rules do not claim that nothing does.
// A channel of which some published reference is read by an imported
// stack has its cross-stack links in the import, and is not marked.
func (im *Importer) publishedChannels() {
	type mark struct {
		at   hcl.Range
		what string
	}
	read := map[*ir.Component]bool{}
	var unread []*ir.Component
	marks := map[*ir.Component]mark{}
	im.links.each(func(p published, how string, isRead bool) {
		for _, tg := range p.t.sc.Targets(p.v) {
			c := im.component(p.t, tg)
			if c == nil || !c.Kind.IsChannel() {
				continue
			}
			if isRead {
				read[c] = true
			} else if _, ok := marks[c]; !ok {
				unread = append(unread, c)
				marks[c] = mark{p.v.Pos(), "Its reference is " + how + ", which no imported template reads"}
			}
		}
	})
	for _, c := range unread {
		if !read[c] {
			c.MarkUnknownPeers(marks[c].at, marks[c].what)
		}
	}
}

// Resolve returns the component a value in t refers to.
func (im *Importer) Resolve(t *Template, v Node) (*ir.Component, Target) {
	tg, ok := t.sc.Target(v)
	if !ok {
		if c := im.byPhysicalName(v, t); c != nil {
			return c, Target{At: v}
		}
		return nil, Target{}
	}
	return im.component(t, tg), tg
}

// ResolveAll returns every component a value refers to, once each.
func (im *Importer) ResolveAll(t *Template, v Node) []*ir.Component {
	var out []*ir.Component
	for _, tg := range t.sc.Targets(v) {
		if c := im.component(t, tg); c != nil && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func (im *Importer) component(t *Template, tg Target) *ir.Component {
	if tg.T != nil {
		t = tg.T
	}
	if c := im.aliases[t][tg.ID]; c != nil {
		return c
	}
	r := t.byID[tg.ID]
	if r == nil {
		if c := im.implicit[t.File+"|"+tg.ID]; c != nil {
			return c
		}
		if id, _, ok := strings.Cut(tg.ID, "."); ok {
			// FUNCTION.Alias, API.Stage and the like stand for their resource.
			return im.component(t, Target{ID: id, T: t})
		}
		return nil
	}
	if r.Comp != nil {
		return r.Comp
	}
	switch r.Type {
	case "AWS::Lambda::Alias", "AWS::Lambda::Version":
		c, _ := im.Resolve(t, r.Props.Get("FunctionName"))
		return c
	case "AWS::Kinesis::StreamConsumer":
		// An enhanced fan-out consumer reads its stream: a mapping on the
		// consumer's ARN is a trigger from the stream.
		c, _ := im.Resolve(t, r.Props.Get("StreamARN"))
		if c != nil && c.Kind == schema.KindStream {
			return c
		}
	case "AWS::RDS::DBProxy":
		return im.proxyTarget(t, r, 0)
	case "AWS::RDS::DBProxyEndpoint":
		if tg, ok := t.sc.Target(r.Props.Get("DBProxyName")); ok {
			if p := t.byID[tg.ID]; p != nil && p.Type == "AWS::RDS::DBProxy" {
				return im.proxyTarget(t, p, 0)
			}
		}
	}
	return nil
}

// proxyTarget is the database an RDS Proxy pools connections to: the
// cluster or instance its target group names. A function's link to the
// proxy (its endpoint in an environment variable, rds-db:connect on it) is
// a link to that database.
func (im *Importer) proxyTarget(t *Template, proxy *Resource, depth int) *ir.Component {
	if depth > 0 {
		return nil
	}
	for _, r := range t.Resources {
		if r.Type != "AWS::RDS::DBProxyTargetGroup" {
			continue
		}
		tg, ok := t.sc.Target(r.Props.Get("DBProxyName"))
		if !ok || tg.ID != proxy.ID {
			continue
		}
		for _, key := range []string{"DBClusterIdentifiers", "DBInstanceIdentifiers"} {
			for _, v := range r.Props.Get(key).List() {
				if tg, ok := t.sc.Target(v); ok {
					if db := t.byID[tg.ID]; db != nil && db.Comp != nil && db.Comp.Kind == schema.KindDatabase {
						return db.Comp
					}
				}
			}
		}
	}
	return nil
}

// byPhysicalName resolves an ARN, URL or name written as text to a
// resource of the architecture that declares that name.
func (im *Importer) byPhysicalName(v Node, t *Template) *ir.Component {
	s, ok := t.sc.Str(v)
	if !ok {
		if c := sameSubName(v, t); c != nil {
			return c
		}
		// Pseudo parameters (${AWS::Region}) have no static value, but the
		// resource name at the end of an ARN often does.
		s, ok = t.sc.lenient(v)
	}
	if !ok || s == "" {
		return nil
	}
	name := NameFromARN(s)
	if name == "" || strings.ContainsAny(name, "${}*") {
		return nil
	}
	return im.byName(name)
}

// sameSubName resolves a name given as an Fn::Sub whose value is known
// only at deploy time (${AWS::StackName}-uploads) to the one resource of
// the same template whose name property is that same Fn::Sub: in one stack
// the two evaluate alike. A policy template's BucketName written as the
// bucket's own BucketName expression names that bucket.
func sameSubName(v Node, t *Template) *ir.Component {
	text, ok := nameText(v, t)
	if !ok || !strings.Contains(text, "${") {
		return nil
	}
	var found *ir.Component
	for _, r := range t.Resources {
		if r.Comp == nil {
			continue
		}
		for _, key := range nameKeys {
			if n, ok := nameText(r.Props.Get(key), t); ok && n == text {
				if found != nil && found != r.Comp {
					return nil // two resources share the expression: ambiguous
				}
				found = r.Comp
			}
		}
	}
	return found
}

// nameText is the text of a name only deploy time knows: the template of
// an Fn::Sub without a variable map, or "${P}" for a Ref to a parameter P
// without a default (BucketName: !Ref BucketNameParam on the bucket, and
// in the policy template that grants access to it).
func nameText(v Node, t *Template) (string, bool) {
	if fn, arg := v.Fn(); fn == "Ref" {
		name, ok := arg.Scalar()
		if p, isParam := t.sc.params[name]; ok && isParam && !p.Get("Default").Ok() {
			return "${" + name + "}", true
		}
		return "", false
	}
	return subText(v)
}

// subText returns the template of an Fn::Sub without a variable map.
func subText(v Node) (string, bool) {
	fn, arg := v.Fn()
	if fn != "Fn::Sub" {
		return "", false
	}
	tmpl, vars := subArgs(arg)
	if vars.Ok() {
		return "", false
	}
	return tmpl.Scalar()
}

// nameKeys are the properties that give a resource its physical name.
var nameKeys = []string{"QueueName", "TopicName", "TableName", "BucketName", "FunctionName", "StreamName", "Name", "StateMachineName", "DeliveryStreamName"}

// byName finds a component by the physical name its resource declares.
// The index is built once, when every template is known.
func (im *Importer) byName(name string) *ir.Component {
	if im.physical == nil {
		im.physical = map[string]*ir.Component{}
		for _, t := range im.tmpls {
			for _, r := range t.Resources {
				if r.Comp == nil {
					continue
				}
				for _, key := range nameKeys {
					if n, ok := t.sc.Str(r.Props.Get(key)); ok {
						if _, taken := im.physical[n]; !taken {
							im.physical[n] = r.Comp
						}
					}
				}
			}
		}
	}
	return im.physical[name]
}

// NameFromARN returns the resource name an ARN, URL or name ends in:
// "arn:aws:dynamodb:r:a:table/orders/index/*" -> "orders",
// "arn:aws:s3:::uploads/*" -> "uploads", "https://sqs.../queue" -> "queue".
func NameFromARN(s string) string {
	s = strings.TrimSpace(s)
	for _, suffix := range []string{"/*", "/stream/*", "/index/*"} {
		s = strings.TrimSuffix(s, suffix)
	}
	if i := strings.Index(s, ":table/"); i >= 0 {
		s = s[i+len(":table/"):]
		if j := strings.Index(s, "/"); j >= 0 {
			s = s[:j]
		}
		return s
	}
	if i := strings.LastIndexAny(s, ":/"); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// warnUnresolved reports a reference the importer cannot follow.
func (im *Importer) warnUnresolved(t *Template, v Node, what string) {
	at := v.Pos()
	if !v.Ok() {
		return
	}
	if tg, ok := t.sc.Target(v); ok && t.byID[tg.ID] != nil {
		// A resource of the template that archie has no component for.
		typ := t.byID[tg.ID].Type
		article := "a"
		if strings.HasPrefix(typ, "AWS::") || strings.HasPrefix(typ, "Alexa::") {
			article = "an"
		}
		im.Res.Warn(at, "Unresolved reference",
			"%s refers to %s, %s %s, which archie does not model; that link is left out.", what, t.sc.Text(v), article, typ)
	} else {
		im.Res.Warn(at, "Unresolved reference",
			"%s refers to %s, which is not a resource of the imported templates; that link is left out.", what, t.sc.Text(v))
	}
	// The component whose resource holds the reference has a link archie
	// could not follow: rules do not claim an absence there.
	for _, r := range t.Resources {
		if r.Comp != nil && holds(r.Node.n, v.n) {
			r.Comp.MarkUnknown(at, what+" refers to "+t.sc.Text(v))
			return
		}
	}
}

// holds reports whether x is root or inside it.
func holds(root, x *yaml.Node) bool {
	if root == nil {
		return false
	}
	if root == x {
		return true
	}
	for _, c := range root.Content {
		if holds(c, x) {
			return true
		}
	}
	return false
}

func (im *Importer) newComponent(r *Resource, kind schema.Kind) *ir.Component {
	c := &ir.Component{Kind: kind, Name: im.Names.StackName(kind, r.T.doc.Service, componentName(r)), ID: r.ID, Type: r.Type, Pos: r.At}
	r.Comp = c
	r.T.doc.Components = append(r.T.doc.Components, c)
	return c
}

// componentName is the logical ID in snake_case. Templates synthesized by
// the AWS CDK carry the construct path in their metadata: its last
// meaningful segments name the resource better than the logical ID, which
// ends in a hash (OrdersTable5BA4F4E0).
func componentName(r *Resource) string {
	if p, ok := r.Node.Path("Metadata", "aws:cdk:path").Scalar(); ok {
		parts := strings.Split(p, "/")
		if len(parts) > 1 {
			parts = parts[1:] // the stack
		}
		for len(parts) > 1 && (parts[len(parts)-1] == "Resource" || parts[len(parts)-1] == "Default") {
			parts = parts[:len(parts)-1]
		}
		if n := len(parts); n > 2 {
			parts = parts[n-2:]
		}
		var words []string
		for _, s := range parts {
			if w := ir.SnakeCase(s); w != "" && (len(words) == 0 || words[len(words)-1] != w) {
				words = append(words, w)
			}
		}
		if len(words) > 0 {
			return strings.Join(words, "_")
		}
	}
	return ir.SnakeCase(r.ID)
}

// Implicit returns a component the platform creates without a resource of
// its own (SAM's ServerlessRestApi, the default event bus), creating it on
// first use.
func (im *Importer) Implicit(t *Template, key string, kind schema.Kind, name, typ string, at hcl.Range) *ir.Component {
	k := t.File + "|" + key
	if c := im.implicit[k]; c != nil {
		return c
	}
	if r := t.byID[key]; r != nil && r.Comp != nil {
		return r.Comp // declared explicitly, as SAM allows for ServerlessRestApi
	}
	c := &ir.Component{Kind: kind, Name: im.Names.StackName(kind, t.doc.Service, name), ID: key, Type: typ, Pos: at, Implicit: true}
	im.implicit[k] = c
	t.doc.Components = append(t.doc.Components, c)
	return c
}

// componentKinds maps resource types to component kinds.
var componentKinds = map[string]schema.Kind{
	"AWS::Serverless::Function":                 schema.KindFunction,
	"AWS::Lambda::Function":                     schema.KindFunction,
	"AWS::SQS::Queue":                           schema.KindQueue,
	"AWS::SNS::Topic":                           schema.KindTopic,
	"AWS::DynamoDB::Table":                      schema.KindDatabase,
	"AWS::DynamoDB::GlobalTable":                schema.KindDatabase,
	"AWS::Serverless::SimpleTable":              schema.KindDatabase,
	"AWS::RDS::DBCluster":                       schema.KindDatabase,
	"AWS::RDS::DBInstance":                      schema.KindDatabase,
	"AWS::ElastiCache::CacheCluster":            schema.KindDatabase,
	"AWS::ElastiCache::ReplicationGroup":        schema.KindDatabase,
	"AWS::ElastiCache::ServerlessCache":         schema.KindDatabase,
	"AWS::MemoryDB::Cluster":                    schema.KindDatabase,
	"AWS::OpenSearchService::Domain":            schema.KindDatabase,
	"AWS::Elasticsearch::Domain":                schema.KindDatabase,
	"AWS::Neptune::DBCluster":                   schema.KindDatabase,
	"AWS::S3::Bucket":                           schema.KindBucket,
	"AWS::Kinesis::Stream":                      schema.KindStream,
	"AWS::MSK::Cluster":                         schema.KindStream,
	"AWS::MSK::ServerlessCluster":               schema.KindStream,
	"AWS::AmazonMQ::Broker":                     schema.KindQueue,
	"AWS::DocDB::DBCluster":                     schema.KindDatabase,
	"AWS::Events::EventBus":                     schema.KindBus,
	"AWS::KinesisFirehose::DeliveryStream":      schema.KindFirehose,
	"AWS::ApiGateway::RestApi":                  schema.KindAPI,
	"AWS::ApiGatewayV2::Api":                    schema.KindAPI,
	"AWS::Serverless::Api":                      schema.KindAPI,
	"AWS::Serverless::HttpApi":                  schema.KindAPI,
	"AWS::AppSync::GraphQLApi":                  schema.KindAPI,
	"AWS::Serverless::GraphQLApi":               schema.KindAPI,
	"AWS::ElasticLoadBalancingV2::LoadBalancer": schema.KindAPI,
	"AWS::StepFunctions::StateMachine":          schema.KindStateMachine,
	"AWS::Serverless::StateMachine":             schema.KindStateMachine,
	"AWS::ECS::Service":                         schema.KindContainer,
}

// wiringTypes are understood: they connect components rather than being
// one.
var wiringTypes = []string{
	"AWS::Lambda::EventSourceMapping", "AWS::Lambda::EventInvokeConfig", "AWS::SNS::Subscription",
	"AWS::Events::Rule", "AWS::Scheduler::Schedule", "AWS::ApiGateway::Resource", "AWS::ApiGateway::Method",
	"AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Integration", "AWS::ApiGatewayV2::Stage",
	"AWS::Serverless::Connector", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
	"AWS::Lambda::Alias", "AWS::Lambda::Version", "AWS::S3::BucketNotification",
	"AWS::Pipes::Pipe", "AWS::Lambda::Url", "AWS::ApiGateway::Authorizer", "AWS::ApiGatewayV2::Authorizer",
	"AWS::RDS::DBProxy", "AWS::RDS::DBProxyTargetGroup", "AWS::RDS::DBProxyEndpoint",
	"Custom::S3BucketNotifications", "AWS::Lambda::Permission", "AWS::AppSync::Resolver", "AWS::IoT::TopicRule",
}

// ignoredPrefixes are resource types with no place in an architecture
// model: identity, logging, alarms, networking, deployment plumbing.
var ignoredPrefixes = []string{
	"AWS::IAM::", "AWS::Logs::", "AWS::CloudWatch::", "AWS::KMS::", "AWS::SSM::", "AWS::SecretsManager::",
	"AWS::EC2::", "AWS::Route53", "AWS::CertificateManager::", "AWS::WAF", "AWS::ApplicationAutoScaling::",
	"AWS::CodeDeploy::", "AWS::CodeBuild::", "AWS::CodePipeline::", "AWS::CodeCommit::", "Custom::", "AWS::CloudFormation::CustomResource",
	"AWS::CloudFormation::WaitCondition", "AWS::CloudFormation::Macro", "AWS::Cognito::", "AWS::ECR::", "AWS::SNS::TopicPolicy",
	"AWS::SNS::TopicInlinePolicy", "AWS::SQS::QueuePolicy", "AWS::SQS::QueueInlinePolicy", "AWS::S3::BucketPolicy",
	"AWS::Lambda::LayerVersion", "AWS::Lambda::LayerVersionPermission", "AWS::Lambda::CodeSigningConfig",
	"AWS::Serverless::LayerVersion", "AWS::Events::Archive", "AWS::Events::Connection", "AWS::Scheduler::ScheduleGroup",
	"AWS::XRay::", "AWS::SSO::", "AWS::Budgets::", "AWS::ResourceGroups::", "AWS::ServiceDiscovery::", "AWS::ECS::Cluster",
	"AWS::ECS::TaskDefinition", "AWS::ECS::CapacityProvider", "AWS::ECS::ClusterCapacityProviderAssociations", "AWS::RDS::DBSubnetGroup",
	"AWS::RDS::DBClusterParameterGroup", "AWS::RDS::DBParameterGroup", "AWS::ElastiCache::SubnetGroup", "AWS::ElastiCache::ParameterGroup",
	"AWS::MemoryDB::SubnetGroup", "AWS::MemoryDB::ParameterGroup", "AWS::MemoryDB::ACL", "AWS::MemoryDB::User",
	"AWS::ApiGateway::Deployment", "AWS::ApiGateway::Account", "AWS::ApiGateway::Model",
	"AWS::ApiGateway::RequestValidator", "AWS::ApiGateway::UsagePlan", "AWS::ApiGateway::ApiKey", "AWS::ApiGateway::UsagePlanKey",
	"AWS::ApiGateway::DomainName", "AWS::ApiGateway::BasePathMapping", "AWS::ApiGateway::GatewayResponse", "AWS::ApiGateway::DocumentationPart",
	"AWS::ApiGateway::DocumentationVersion", "AWS::ApiGateway::VpcLink", "AWS::ApiGateway::ClientCertificate", "AWS::ApiGatewayV2::Deployment",
	"AWS::ApiGatewayV2::DomainName", "AWS::ApiGatewayV2::ApiMapping", "AWS::ApiGatewayV2::VpcLink",
	"AWS::ApiGatewayV2::Model", "AWS::ApiGatewayV2::RouteResponse", "AWS::ApiGatewayV2::IntegrationResponse", "AWS::CloudFront::",
	"AWS::AppSync::ApiKey", "AWS::AppSync::GraphQLSchema", "AWS::AppSync::FunctionConfiguration", "AWS::AppSync::DomainName",
	"AWS::ElasticLoadBalancingV2::ListenerCertificate", "AWS::SES::", "AWS::Glue::", "AWS::Athena::", "AWS::SDB::", "AWS::Config::",
	"AWS::AutoScaling::", "AWS::EFS::", "AWS::Amplify::", "AWS::Backup::", "AWS::GuardDuty::",
	"AWS::CloudTrail::", "AWS::Kinesis::StreamConsumer", "AWS::SecurityHub::", "AWS::Signer::", "AWS::DAX::SubnetGroup",
	"AWS::EventSchemas::", "AWS::ApplicationInsights::", "AWS::CDK::Metadata", "AWS::Lambda::EventSourceMapping::", "AWS::SSM::",
}

// unsupportedReasons explain types that matter but are not followed.
var unsupportedReasons = map[string]string{
	"AWS::ElasticLoadBalancingV2::Listener":     "load balancer routing is not followed yet: add trigger { source = api.NAME } to each target",
	"AWS::ElasticLoadBalancingV2::ListenerRule": "load balancer routing is not followed yet: add trigger { source = api.NAME } to each target",
	"AWS::ElasticLoadBalancingV2::TargetGroup":  "load balancer routing is not followed yet: add trigger { source = api.NAME } to each target",
	"AWS::AppSync::DataSource":                  "only Lambda data sources are followed (a trigger from the api on the function); an api reading a table or calling a service directly has no edge yet",
	"AWS::CloudFormation::Stack":                "the nested template is not a local file (TemplateURL is a URL); import a local copy",
	"AWS::Serverless::Application":              "the application's template is not a local file (Serverless Application Repository or a URL)",
}

func (im *Importer) declare(r *Resource) {
	if k, ok := componentKinds[r.Type]; ok {
		im.newComponent(r, k)
		return
	}
	if loc := nestedLocation(r); loc != "" {
		im.pending = append(im.pending, r)
		return
	}
	if slices.Contains(wiringTypes, r.Type) {
		return
	}
	if r.Type == "AWS::AppSync::DataSource" {
		// A Lambda data source is wired by the resolvers that use it
		// (appsync.go); the others are services the api reads or calls,
		// which the language has no edge for.
		if typ, _ := r.T.sc.Str(r.Props.Get("Type")); typ == "AWS_LAMBDA" {
			return
		}
	}
	for _, p := range ignoredPrefixes {
		if strings.HasPrefix(r.Type, p) {
			im.Res.Ignore(r.Type)
			return
		}
	}
	reason := unsupportedReasons[r.Type]
	if reason == "" {
		reason = "no architecture construct for this resource type yet"
	}
	im.Res.Unsupport(r.Type, r.At, reason)
}

// Templates returns the templates added, in order.
func (im *Importer) Templates() []*Template { return im.tmpls }

// nestedLocation is the local file of a nested stack or application, or
// "" when it has none (a URL, S3, or the Serverless Application Repository).
func nestedLocation(r *Resource) string {
	var v Node
	switch r.Type {
	case "AWS::CloudFormation::Stack":
		v = r.Props.Get("TemplateURL")
	case "AWS::Serverless::Application":
		v = r.Props.Get("Location")
	default:
		return ""
	}
	loc, ok := r.T.sc.Str(v)
	if !ok || loc == "" || strings.Contains(loc, "://") || strings.HasPrefix(loc, "https:") {
		return ""
	}
	return loc
}

// addNested reads the nested stacks whose templates are local files: each
// becomes a template of its own (a file and a service), whose parameters
// are the values its parent passes and whose outputs its parent can name.
//
// A chain of nested stacks deeper than ir.MaxDepth, or more than
// ir.MaxFollowed nested templates in all, are not followed: a few small
// templates that each include the next many times would otherwise make
// the import exponential.
func (im *Importer) addNested() {
	followed := 0
	for depth := 0; len(im.pending) > 0; depth++ {
		pending := im.pending
		im.pending = nil
		if depth >= ir.MaxDepth {
			for _, r := range pending {
				im.Res.Warn(r.At, "Nested stack not followed", "%s is nested %d stacks deep; archie follows nested stacks %d deep at most.", r.ID, depth+1, ir.MaxDepth)
			}
			break
		}
		for _, r := range pending {
			loc := nestedLocation(r)
			full, err := ir.LocalPath(r.T.Dir, loc)
			if err != nil {
				im.Res.Warn(r.At, "Nested stack not followed", "%s names the template %s, which is not read: %s.", r.ID, loc, ir.Unreadable(err))
				continue
			}
			shown := path.Clean(path.Join(r.T.Display, loc))
			if r.T.chain[full] || full == path.Clean(path.Join(r.T.Dir, path.Base(r.T.File))) {
				im.Res.Warn(r.At, "Nested stack not followed", "%s includes %s, which includes it again; it is read once.", r.ID, loc)
				continue
			}
			if followed >= ir.MaxFollowed {
				im.Res.Warn(r.At, "Nested stack not followed", "%s: this import already follows %d nested templates, the most archie reads in one import.", r.ID, ir.MaxFollowed)
				continue
			}
			followed++
			src, err := fs.ReadFile(im.FS, full)
			if err != nil {
				im.Res.Warn(r.At, "Nested stack not followed", "%s names the template %s, which is not read: %s.", r.ID, loc, ir.Unreadable(err))
				continue
			}
			im.Res.Sources[shown] = src
			root, d := im.parse(full, shown, src)
			if d != nil {
				im.Res.Diags = append(im.Res.Diags, d)
				continue
			}
			doc := &ir.Doc{Source: shown, Format: "CloudFormation", Service: ir.Identifier(ir.SnakeCase(r.ID))}
			doc.File = doc.Service + schema.FileSuffix
			im.Res.Docs = append(im.Res.Docs, doc)
			nt := im.Add(root, shown, path.Dir(full), doc)
			if nt.SAM {
				doc.Format = "AWS SAM"
			}
			nt.chain = map[string]bool{full: true}
			for k := range r.T.chain {
				nt.chain[k] = true
			}
			nt.sc.outer = r.T.sc
			nt.sc.passed = map[string]Node{}
			for _, kv := range r.Props.Get("Parameters").Pairs() {
				nt.sc.passed[kv.Key] = kv.Value
			}
			r.T.sc.nested[r.ID] = nt
		}
	}
}

// NestedFiles lists the local template files (paths in the file system)
// that a parsed template in dir includes as nested stacks.
func NestedFiles(root Node, dir string) []string {
	t := &Template{Root: root, byID: map[string]*Resource{}}
	t.sc = &scope{params: map[string]Node{}, mappings: root.Get("Mappings"), resources: map[string]bool{}, tmpl: t}
	for _, kv := range root.Get("Parameters").Pairs() {
		t.sc.params[kv.Key] = kv.Value
	}
	var out []string
	for _, kv := range root.Get("Resources").Pairs() {
		typ, _ := kv.Value.Get("Type").Scalar()
		r := &Resource{ID: kv.Key, Type: typ, Props: kv.Value.Get("Properties"), T: t}
		if loc := nestedLocation(r); loc != "" {
			if full, err := ir.LocalPath(dir, loc); err == nil {
				out = append(out, full)
			}
		}
	}
	return out
}
