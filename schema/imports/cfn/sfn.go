package cfn

import (
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/ir"
	"gopkg.in/yaml.v3"
)

// stateMachine reads a state machine's definition (inline, a JSON string,
// or a local file) and turns its Task states into calls, emits, reads and
// writes, in the order the workflow runs them.
func (im *Importer) stateMachine(r *Resource, c *ir.Component) {
	t := r.T
	sc := *t.sc
	sc.subs = map[string]Node{}
	for _, kv := range r.Props.Get("DefinitionSubstitutions").Pairs() {
		sc.subs[kv.Key] = kv.Value
	}
	def := r.Props.Get("Definition")
	if !def.Ok() {
		def = im.definitionString(t, r.Props.Get("DefinitionString"))
	}
	if !def.Ok() {
		if uri := r.Props.Get("DefinitionUri"); uri.Ok() {
			if _, isText := uri.Scalar(); isText {
				def = im.include(t, uri, "DefinitionUri of "+r.ID)
			} else {
				im.Res.Warn(uri.Pos(), "Definition not read", "The definition of %s is in S3; its steps are not imported.", r.ID)
			}
		} else if loc := r.Props.Get("DefinitionS3Location"); loc.Ok() {
			im.Res.Warn(loc.Pos(), "Definition not read", "The definition of %s is in S3; its steps are not imported.", r.ID)
		}
	}
	if !def.Ok() {
		return
	}
	Steps(def, c, StepResolver{
		Str: sc.substituted,
		Resolve: func(v Node) *ir.Component {
			if tg, ok := sc.Target(v); ok {
				if dst := im.component(t, tg); dst != nil {
					return dst
				}
			}
			// "${Name}" whose substitution is a name only deploy time
			// knows (!Ref BucketParam): the resource named alike.
			if text, ok := v.Scalar(); ok && strings.HasPrefix(text, "${") && strings.HasSuffix(text, "}") {
				if x, found := sc.subs[text[2:len(text)-1]]; found {
					if dst := im.byPhysicalName(x, t); dst != nil {
						return dst
					}
				}
			}
			return im.byPhysicalName(v, t)
		},
		Warn:       func(v Node, what string) { im.warnUnresolved(t, v, what) },
		DefaultBus: func(at hcl.Range) *ir.Component { return im.busOf(t, Node{}, at) },
	})
}

// substituted evaluates a value of a definition with its
// DefinitionSubstitutions applied: "${DDBPutItem}", substituted with
// !Sub arn:${AWS::Partition}:states:::dynamodb:putItem, reads as
// arn:*:states:::dynamodb:putItem (a pseudo parameter is "*").
func (s *scope) substituted(v Node) (string, bool) {
	text, ok := s.Str(v)
	if !ok || len(s.subs) == 0 || !strings.Contains(text, "${") {
		return text, ok
	}
	return subVar.ReplaceAllStringFunc(text, func(m string) string {
		x, found := s.subs[m[2:len(m)-1]]
		if !found {
			return m
		}
		if r, ok := s.Str(x); ok {
			return r
		}
		if r, ok := s.lenient(x); ok {
			return r
		}
		return m
	}), true
}

// StepResolver evaluates the values of a state machine definition for
// Steps: strings, references to components, warnings.
type StepResolver struct {
	Str        func(Node) (string, bool)
	Resolve    func(Node) *ir.Component // nil when the value names no component
	Warn       func(v Node, what string)
	DefaultBus func(at hcl.Range) *ir.Component
}

// Steps turns the Task states of a definition into calls, emits, reads
// and writes of c, in the order the workflow runs them.
func Steps(def Node, c *ir.Component, r StepResolver) {
	w := &stepWalker{r: r, c: c, seen: map[*yaml.Node]bool{}, passed: map[string][]Node{}}
	w.passValues(def, 0)
	w.states(def, 0)
}

type stepWalker struct {
	r    StepResolver
	c    *ir.Component
	seen map[*yaml.Node]bool
	// passed maps a JSONPath ("$.snsInput.TopicArn") to the constant
	// values Pass states of the definition put there.
	passed map[string][]Node
}

// passValues records the constants each Pass state of def (and of its
// Parallel branches and Map iterators) writes into the state's data: its
// Result, or its Parameters without one, placed at its ResultPath ("$"
// when unset). A value chosen by a path of its own ("Message.$") is not a
// constant and is left out.
func (w *stepWalker) passValues(def Node, depth int) {
	if depth > 16 {
		return
	}
	for _, kv := range def.Get("States").Pairs() {
		st := kv.Value
		typ, _ := st.Get("Type").Scalar()
		switch typ {
		case "Pass":
			out := st.Get("Result")
			if !out.Ok() {
				out = st.Get("Parameters")
			}
			rp := st.Get("ResultPath")
			at, ok := rp.Scalar()
			if !rp.Ok() {
				at, ok = "$", true
			}
			if ok && out.IsMap() && strings.HasPrefix(at, "$") {
				w.passLeaves(strings.TrimSuffix(at, "."), out, 0)
			}
		case "Parallel":
			for _, b := range st.Get("Branches").Items() {
				w.passValues(b, depth+1)
			}
		case "Map":
			for _, key := range []string{"ItemProcessor", "Iterator"} {
				w.passValues(st.Get(key), depth+1)
			}
		}
	}
}

func (w *stepWalker) passLeaves(at string, v Node, depth int) {
	if depth > 8 {
		return
	}
	if !v.IsMap() || isIntrinsic(v) {
		w.passed[at] = append(w.passed[at], v)
		return
	}
	for _, kv := range v.Pairs() {
		if strings.HasSuffix(kv.Key, ".$") {
			continue
		}
		w.passLeaves(at+"."+kv.Key, kv.Value, depth+1)
	}
}

// isIntrinsic reports whether v is a CloudFormation function (Fn::Sub,
// Ref), a value rather than a map of the state's data.
func isIntrinsic(v Node) bool {
	pairs := v.Pairs()
	return len(pairs) == 1 && (pairs[0].Key == "Ref" || strings.HasPrefix(pairs[0].Key, "Fn::"))
}

// pathValue is the one constant a Pass state puts at the JSONPath a
// parameter names ("TopicArn.$": "$.snsInput.TopicArn"); not ok when no
// Pass state, or more than one, writes there.
func (w *stepWalker) pathValue(params Node, key string) (Node, bool) {
	path, ok := params.Get(key + ".$").Scalar()
	if !ok {
		return Node{}, false
	}
	vals := w.passed[path]
	if len(vals) != 1 {
		return Node{}, false
	}
	return vals[0], true
}

// definitionString parses a definition written as a JSON string. A block
// scalar keeps its line numbers; other strings point at the property.
func (im *Importer) definitionString(t *Template, v Node) Node {
	if !v.Ok() {
		return Node{}
	}
	text, ok := v.Scalar()
	at := v
	if !ok {
		fn, arg := v.Fn()
		switch fn {
		case "Fn::Sub":
			tmpl, _ := subArgs(arg)
			text, ok = tmpl.Scalar()
			at = tmpl
		case "Fn::Join":
			// Joined pieces: keep references as ${Logical.Attr} so the
			// walk below resolves them.
			items := arg.Items()
			if len(items) == 2 {
				var b strings.Builder
				for _, it := range items[1].Items() {
					if s, isText := it.Scalar(); isText {
						b.WriteString(s)
					} else if tg, found := t.sc.Target(it); found {
						b.WriteString("${" + tg.ID + "}")
					}
				}
				text, ok = b.String(), true
			}
		}
	}
	if !ok {
		return Node{}
	}
	n, d := Parse(v.File(), []byte(text))
	if d != nil || !n.Ok() {
		im.Res.Warn(v.Pos(), "Definition not read", "The state machine definition is not valid JSON; its steps are not imported.")
		return Node{}
	}
	base := at.n
	literal := base.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	var fix func(*yaml.Node)
	fix = func(x *yaml.Node) {
		if literal {
			x.Line += base.Line
			x.Column += base.Column + 1
		} else {
			x.Line, x.Column = base.Line, base.Column
		}
		for _, ch := range x.Content {
			fix(ch)
		}
	}
	fix(n.n)
	return n
}

// states walks States from StartAt along Next, Default, Choices and Catch,
// then any state not reached, descending into Parallel branches and Map
// iterators.
func (w *stepWalker) states(def Node, depth int) {
	if depth > 16 {
		return
	}
	states := def.Get("States")
	var order []string
	visited := map[string]bool{}
	var visit func(name string, d int)
	visit = func(name string, d int) {
		if visited[name] || d > 500 {
			return
		}
		st := states.Get(name)
		if !st.Ok() {
			return
		}
		visited[name] = true
		order = append(order, name)
		for _, key := range []string{"Next", "Default"} {
			if n, ok := st.Get(key).Scalar(); ok {
				visit(n, d+1)
			}
		}
		for _, ch := range st.Get("Choices").Items() {
			if n, ok := ch.Get("Next").Scalar(); ok {
				visit(n, d+1)
			}
		}
		for _, ch := range st.Get("Catch").Items() {
			if n, ok := ch.Get("Next").Scalar(); ok {
				visit(n, d+1)
			}
		}
	}
	if start, ok := def.Get("StartAt").Scalar(); ok {
		visit(start, 0)
	}
	for _, kv := range states.Pairs() {
		visit(kv.Key, 0)
	}
	for _, name := range order {
		st := states.Get(name)
		if st.n == nil || w.seen[st.n] {
			continue
		}
		w.seen[st.n] = true
		typ, _ := st.Get("Type").Scalar()
		switch typ {
		case "Task":
			w.task(name, st)
		case "Parallel":
			for _, b := range st.Get("Branches").Items() {
				w.states(b, depth+1)
			}
		case "Map":
			for _, key := range []string{"ItemProcessor", "Iterator"} {
				if it := st.Get(key); it.Ok() {
					w.states(it, depth+1)
				}
			}
		}
	}
}

// task maps one Task state: an optimised or SDK service integration, or a
// function ARN as the resource.
// invokeRel is how a state's Lambda invoke with these parameters depends
// on the function: InvocationType Event hands the payload to Lambda and
// moves on, so the state does not wait for it (emits); otherwise it calls.
func (w *stepWalker) invokeRel(params Node) string {
	if it, _ := w.r.Str(params.Get("InvocationType")); strings.EqualFold(it, "Event") {
		return "emits"
	}
	return "calls"
}

func (w *stepWalker) task(name string, st Node) {
	c := w.c
	resNode := st.Get("Resource")
	resource, _ := w.r.Str(resNode)
	params := st.Get("Parameters")
	if !params.Ok() {
		params = st.Get("Arguments") // JSONata states
	}
	why := "state " + name
	at := resNode.Pos()
	if !resNode.Ok() {
		at = st.Pos()
	}
	resolve := func(keys ...string) *ir.Component {
		for _, k := range keys {
			v := params.Get(k)
			if !v.Ok() {
				// A path to a constant an earlier Pass state set: the
				// component it names, or nothing.
				if pv, ok := w.pathValue(params, k); ok {
					if dst := w.r.Resolve(pv); dst != nil {
						return dst
					}
				}
				continue
			}
			if dst := w.r.Resolve(v); dst != nil {
				return dst
			}
			w.r.Warn(v, "Task state "+name)
		}
		return nil
	}
	// arn:aws:states:::, or another partition's (arn:aws-cn:...), or
	// arn:*:states::: where the partition is ${AWS::Partition}.
	svc, integration := cutStatesARN(resource)
	if !integration {
		// A Lambda function ARN, possibly through a substitution.
		if dst := w.r.Resolve(resNode); dst != nil {
			c.AddDep("calls", dst, at, schema.SourceDefinition, why)
		} else if resNode.Ok() {
			w.r.Warn(resNode, "Task state "+name)
		}
		return
	}
	action := svc
	for _, suffix := range []string{".sync:2", ".sync", ".waitForTaskToken"} {
		action = strings.TrimSuffix(action, suffix)
	}
	sync := strings.Contains(svc, ".sync") || strings.Contains(svc, ".waitForTaskToken")
	switch {
	case action == "lambda:invoke":
		if dst := resolve("FunctionName"); dst != nil {
			c.AddDep(w.invokeRel(params), dst, at, schema.SourceDefinition, why)
		}
	case action == "sqs:sendMessage":
		if dst := resolve("QueueUrl"); dst != nil {
			c.AddDep("emits", dst, at, schema.SourceDefinition, why)
		}
	case action == "sns:publish":
		if dst := resolve("TopicArn"); dst != nil {
			c.AddDep("emits", dst, at, schema.SourceDefinition, why)
		}
	case action == "events:putEvents":
		for _, e := range params.Get("Entries").Items() {
			v := e.Get("EventBusName")
			var dst *ir.Component
			if v.Ok() {
				dst = w.r.Resolve(v)
			}
			if dst == nil {
				if bus, _ := w.r.Str(v); !v.Ok() || bus == "default" {
					dst = w.r.DefaultBus(at)
				} else {
					w.r.Warn(v, "Task state "+name)
				}
			}
			if dst != nil {
				c.AddDep("emits", dst, at, schema.SourceDefinition, why)
			}
		}
	case action == "dynamodb:getItem":
		if dst := resolve("TableName"); dst != nil {
			c.AddDep("reads", dst, at, schema.SourceDefinition, why)
		}
	case action == "dynamodb:putItem", action == "dynamodb:updateItem", action == "dynamodb:deleteItem":
		if dst := resolve("TableName"); dst != nil {
			c.AddDep("writes", dst, at, schema.SourceDefinition, why)
		}
	case action == "states:startExecution":
		if dst := resolve("StateMachineArn"); dst != nil {
			rel := "emits"
			if sync {
				rel = "calls"
			}
			c.AddDep(rel, dst, at, schema.SourceDefinition, why)
		}
	case strings.HasPrefix(action, "aws-sdk:"):
		parts := strings.SplitN(strings.TrimPrefix(action, "aws-sdk:"), ":", 2)
		if len(parts) != 2 {
			return
		}
		svcName, api := parts[0], parts[1]
		dst := resolve("TableName", "Bucket", "QueueUrl", "TopicArn", "StreamName", "StateMachineArn", "FunctionName", "DeliveryStreamName")
		if dst == nil {
			return
		}
		iamAction := svcName + ":" + api
		if svcName == "sfn" {
			iamAction = "states:" + api
		} else if svcName == "eventbridge" {
			iamAction = "events:" + api
		}
		if dst.Kind == schema.KindFunction && strings.EqualFold(api, "invoke") {
			c.AddDep(w.invokeRel(params), dst, at, schema.SourceDefinition, why)
			return
		}
		for _, rel := range Relations([]string{iamAction}, dst.Kind) {
			c.AddDep(rel.Rel, dst, at, schema.SourceDefinition, why)
		}
	}
}

// cutStatesARN returns the service and action of a Step Functions service
// integration ARN (arn:PARTITION:states:::SERVICE:ACTION).
func cutStatesARN(resource string) (string, bool) {
	rest, ok := strings.CutPrefix(resource, "arn:")
	if !ok {
		return "", false
	}
	partition, rest, ok := strings.Cut(rest, ":")
	if !ok || (partition != "*" && partition != "${AWS::Partition}" && !strings.HasPrefix(partition, "aws")) {
		return "", false
	}
	return strings.CutPrefix(rest, "states:::")
}
