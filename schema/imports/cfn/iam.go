package cfn

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/ir"
)

// statement is one IAM policy statement that allows something.
type statement struct {
	actions   []string
	action    Node // where the actions are written
	resources Node
	t         *Template
}

// collectPolicy records the statements of a role, or of a policy attached
// to roles.
func (im *Importer) collectPolicy(r *Resource) {
	t := r.T
	switch r.Type {
	case "AWS::IAM::Role":
		for _, p := range r.Props.Get("Policies").Items() {
			im.roles[r] = append(im.roles[r], statements(t, p.Get("PolicyDocument"))...)
		}
	default:
		sts := statements(t, r.Props.Get("PolicyDocument"))
		for _, role := range r.Props.Get("Roles").Items() {
			tg, ok := t.sc.Target(role)
			if !ok {
				continue
			}
			if rr := t.byID[tg.ID]; rr != nil && rr.Type == "AWS::IAM::Role" {
				im.roles[rr] = append(im.roles[rr], sts...)
			}
		}
	}
}

func statements(t *Template, doc Node) []statement {
	var out []statement
	for _, st := range doc.Get("Statement").List() {
		if str(t, st.Get("Effect")) == "Deny" {
			continue
		}
		out = append(out, statement{actions: t.sc.Strings(st.Get("Action")), action: st.Get("Action"), resources: st.Get("Resource"), t: t})
	}
	return out
}

// computeDeps infers what a function's or state machine's code reads,
// writes, emits and calls from its permissions: SAM policy templates,
// inline statements and the statements of its role.
func (im *Importer) computeDeps(r *Resource, c *ir.Component) {
	if c == nil {
		return
	}
	t := r.T
	for _, p := range r.prop("Policies").List() {
		if !p.IsMap() {
			continue // a managed policy name or ARN
		}
		if doc := p.Get("Statement"); doc.Ok() {
			for _, st := range statements(t, p) {
				im.applyStatement(c, st)
			}
			continue
		}
		for _, kv := range p.Pairs() {
			im.policyTemplate(t, c, kv)
		}
	}
	for _, key := range []string{"Role", "RoleArn"} {
		if role := r.Props.Get(key); role.Ok() {
			if tg, ok := t.sc.Target(role); ok {
				if rr := t.byID[tg.ID]; rr != nil {
					n := len(c.Deps)
					for _, st := range im.roles[rr] {
						im.applyStatement(c, st)
					}
					im.grants.Add(rr, c, c.Deps[n:])
				}
			}
		}
	}
}

// samPolicies maps SAM policy templates to the dependency they grant: the
// parameter naming the resource and the relations.
var samPolicies = map[string]struct {
	param string
	rels  []string
}{
	"SQSSendMessagePolicy":                  {"QueueName", []string{"emits"}},
	"SNSPublishMessagePolicy":               {"TopicName", []string{"emits"}},
	"SNSCrudPolicy":                         {"TopicName", []string{"emits"}},
	"EventBridgePutEventsPolicy":            {"EventBusName", []string{"emits"}},
	"KinesisCrudPolicy":                     {"StreamName", []string{"emits"}},
	"FirehoseWritePolicy":                   {"DeliveryStreamName", []string{"emits"}},
	"FirehoseCrudPolicy":                    {"DeliveryStreamName", []string{"emits"}},
	"DynamoDBCrudPolicy":                    {"TableName", []string{"reads", "writes"}},
	"DynamoDBReadPolicy":                    {"TableName", []string{"reads"}},
	"DynamoDBWritePolicy":                   {"TableName", []string{"writes"}},
	"DynamoDBBackupFullAccessPolicy":        {"TableName", []string{"reads"}},
	"S3ReadPolicy":                          {"BucketName", []string{"reads"}},
	"S3WritePolicy":                         {"BucketName", []string{"writes"}},
	"S3CrudPolicy":                          {"BucketName", []string{"reads", "writes"}},
	"S3FullAccessPolicy":                    {"BucketName", []string{"reads", "writes"}},
	"LambdaInvokePolicy":                    {"FunctionName", []string{"calls"}},
	"StepFunctionsExecutionPolicy":          {"StateMachineName", []string{"emits"}},
	"AWSSecretsManagerGetSecretValuePolicy": {"", nil},
}

func (im *Importer) policyTemplate(t *Template, c *ir.Component, kv KV) {
	spec, ok := samPolicies[kv.Key]
	if !ok || spec.param == "" {
		return
	}
	v := kv.Value.Get(spec.param)
	dst, _ := im.Resolve(t, v)
	if dst == nil {
		if name, ok := t.sc.Str(v); ok {
			dst = im.byName(name)
		}
	}
	if dst == nil {
		if v.Ok() {
			im.warnUnresolved(t, v, fmt.Sprintf("Policy %s of %s", kv.Key, c.ID))
		}
		return
	}
	for _, rel := range spec.rels {
		c.AddDep(rel, dst, kv.KeyAt, schema.SourcePermission, "inferred from "+kv.Key)
	}
}

func (im *Importer) applyStatement(c *ir.Component, st statement) {
	for _, res := range st.resources.List() {
		dsts := im.ResolveAll(st.t, res)
		if len(dsts) == 0 {
			if dst := im.byPhysicalName(res, st.t); dst != nil {
				dsts = append(dsts, dst)
			}
		}
		for _, dst := range dsts {
			for _, rel := range Relations(st.actions, dst.Kind) {
				d := len(c.Deps)
				c.AddDep(rel.Rel, dst, res.Pos(), schema.SourcePermission, "inferred from IAM "+rel.Action)
				if len(c.Deps) > d {
					c.Deps[d].Weak = rel.Wildcard
				}
			}
		}
	}
}

// Relation is a dependency an IAM action implies.
type Relation struct {
	Rel      string
	Action   string
	Wildcard bool
}

// Relations classifies IAM actions on a resource of kind k.
func Relations(actions []string, k schema.Kind) []Relation {
	var out []Relation
	add := func(rel, action string) {
		for _, r := range out {
			if r.Rel == rel {
				return
			}
		}
		out = append(out, Relation{Rel: rel, Action: action, Wildcard: strings.Contains(action, "*")})
	}
	for _, a := range actions {
		svc, name, ok := strings.Cut(strings.ToLower(a), ":")
		if !ok {
			if a == "*" {
				svc, name = "*", "*"
			} else {
				continue
			}
		}
		match := func(want string, prefixes ...string) bool {
			if svc != want && svc != "*" {
				return false
			}
			for _, p := range prefixes {
				if name == "*" || strings.HasPrefix(name, p) || strings.HasSuffix(name, "*") && strings.HasPrefix(p, strings.TrimSuffix(name, "*")) {
					return true
				}
			}
			return false
		}
		switch k {
		case schema.KindQueue:
			if match("sqs", "sendmessage") {
				add("emits", a)
			}
		case schema.KindTopic:
			if match("sns", "publish") {
				add("emits", a)
			}
		case schema.KindBus:
			if match("events", "putevents") {
				add("emits", a)
			}
		case schema.KindStream:
			if match("kinesis", "putrecord") {
				add("emits", a)
			}
		case schema.KindFirehose:
			if match("firehose", "putrecord") { // PutRecord, PutRecordBatch
				add("emits", a)
			}
		case schema.KindDatabase:
			if match("dynamodb", "getitem", "batchgetitem", "query", "scan", "partiqlselect", "transactgetitems") || match("rds-data", "executestatement", "batchexecutestatement") || match("rds-db", "connect") {
				add("reads", a)
			}
			if match("dynamodb", "putitem", "updateitem", "deleteitem", "batchwriteitem", "transactwriteitems", "partiqlinsert", "partiqlupdate", "partiqldelete") || match("rds-data", "executestatement", "batchexecutestatement") || match("rds-db", "connect") {
				add("writes", a)
			}
		case schema.KindBucket:
			if match("s3", "getobject", "listbucket", "headobject") {
				add("reads", a)
			}
			if match("s3", "putobject", "deleteobject", "abortmultipartupload") {
				add("writes", a)
			}
		case schema.KindFunction:
			if match("lambda", "invokefunction", "invoke") {
				add("calls", a)
			}
		case schema.KindStateMachine:
			if match("states", "startsyncexecution") && strings.Contains(strings.ToLower(a), "sync") {
				add("calls", a)
			} else if match("states", "startexecution") {
				add("emits", a)
			}
		}
	}
	return out
}

// envDeps infers dependencies from environment variables that name
// resources: a channel is emitted to, a function called, data read. They
// are guesses and marked so; a dependency already known wins.
func (im *Importer) envDeps() {
	for _, t := range im.tmpls {
		for _, r := range t.Resources {
			c := r.Comp
			if c == nil || !c.Kind.IsCompute() {
				continue
			}
			vars := r.Props.Path("Environment", "Variables").Pairs()
			if r.Type == "AWS::Serverless::Function" {
				vars = append(vars, t.Globals.Path("Function", "Environment", "Variables").Pairs()...)
			}
			im.EnvDeps(t, c, vars)
		}
	}
}

// EnvDeps infers dependencies of c from environment variables.
func (im *Importer) EnvDeps(t *Template, c *ir.Component, vars []KV) {
	for _, kv := range vars {
		dsts := im.ResolveAll(t, kv.Value)
		if len(dsts) == 0 {
			// A name written as text or through a parameter, matched
			// against the names resources declare.
			if c := im.byPhysicalName(kv.Value, t); c != nil {
				dsts = append(dsts, c)
			}
		}
		for _, dst := range dsts {
			if dst == c || hasAnyDep(c, dst) || isSourceOf(dst, c) {
				continue
			}
			why := "inferred from environment variable " + kv.Key
			switch {
			case dst.Kind.IsChannel():
				c.AddDep("emits", dst, kv.KeyAt, schema.SourceEnvironment, why)
			case dst.Kind == schema.KindFunction:
				c.AddDep("calls", dst, kv.KeyAt, schema.SourceEnvironment, why)
			case dst.Kind == schema.KindStateMachine:
				c.AddDep("emits", dst, kv.KeyAt, schema.SourceEnvironment, why)
			case dst.Kind == schema.KindDatabase || dst.Kind == schema.KindBucket:
				c.AddDep("reads", dst, kv.KeyAt, schema.SourceEnvironment, why)
			default:
				continue
			}
			c.Deps[len(c.Deps)-1].Weak = true
		}
	}
}

func hasAnyDep(c, dst *ir.Component) bool {
	for _, d := range c.Deps {
		if d.To == dst {
			return true
		}
	}
	return false
}

func isSourceOf(src, c *ir.Component) bool {
	for _, tr := range c.Triggers {
		if tr.Source == src {
			return true
		}
	}
	return false
}

// dropWeakSelfFeeds removes guessed emits into a channel that triggers the
// same component (a consumer's permission on its own queue, or its queue
// URL in an environment variable): they would read as a loop.
func (im *Importer) dropWeakSelfFeeds() {
	for _, t := range im.tmpls {
		for _, r := range t.Resources {
			if c := r.Comp; c != nil {
				DropWeakSelfFeeds(c)
			}
		}
	}
}

// DropWeakSelfFeeds removes c's guessed emits into its own trigger sources.
func DropWeakSelfFeeds(c *ir.Component) {
	c.Deps = slices.DeleteFunc(c.Deps, func(d *ir.Dep) bool {
		return d.Weak && d.Rel == "emits" && isSourceOf(d.To, c)
	})
}

// decodeJSONString reads a JSON document written as a string (event
// patterns, filter policies); other strings stay as they are.
func decodeJSONString(s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err == nil {
		return v
	}
	return s
}

// ApplyStatements infers dependencies of c from a list of IAM statements
// (serverless.yml's iamRoleStatements). role is nil for statements of c's
// own role, or a key naming a role other components may have too (the
// provider's role of a serverless.yml, which every function has): those
// dependencies are weak, and marked as shared once Finish knows how many
// components have the role.
func (im *Importer) ApplyStatements(t *Template, c *ir.Component, list Node, role any) {
	n := len(c.Deps)
	for _, st := range list.Items() {
		if str(t, st.Get("Effect")) == "Deny" {
			continue
		}
		im.applyStatement(c, statement{actions: t.sc.Strings(st.Get("Action")), resources: st.Get("Resource"), t: t})
	}
	if role == nil {
		return
	}
	for _, d := range c.Deps[n:] {
		d.Weak = true
	}
	im.grants.Add(role, c, c.Deps[n:])
}
