package terraform

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// commonAttrs are always on a resource's marker object, so references the
// configuration does not spell out literally still evaluate.
var commonAttrs = []string{"arn", "id", "name", "url", "invoke_arn", "qualified_arn", "function_name", "stream_arn",
	"bucket", "execution_arn", "root_resource_id", "api_endpoint", "json", "policy", "role", "queue_url"}

// evaluate (re)builds the module's evaluation context: variables, locals,
// resource markers, module outputs.
func (m *module) evaluate(im *importer) {
	vars := map[string]cty.Value{}
	for name, def := range m.varExprs {
		v := cty.DynamicVal
		if arg, ok := m.args[name]; ok && m.parent != nil {
			if x, ok := m.parent.eval(arg); ok {
				v = x
			}
		} else if def != nil {
			if x, ok := evalSafe(def, &hcl.EvalContext{Functions: functions(im, m)}); ok {
				v = x
			}
		}
		vars[name] = v
	}
	m.vars = vars
	types := map[string]map[string]cty.Value{}
	data := map[string]map[string]cty.Value{}
	for _, r := range m.resources {
		if r.registry != "" {
			continue // module.NAME, below
		}
		attrs := map[string]cty.Value{}
		for _, a := range commonAttrs {
			attrs[a] = cty.StringVal(r.marker())
		}
		for a := range m.attrNames[r.addr()] {
			attrs[a] = cty.StringVal(r.marker())
		}
		if r.data && r.typ == "aws_partition" {
			// The partition only shapes ARNs
			// (arn:${data.aws_partition.current.partition}:states:::...);
			// read them as the commercial partition's.
			attrs["partition"] = cty.StringVal("aws")
			attrs["id"] = cty.StringVal("aws")
		}
		obj := cty.ObjectVal(attrs)
		var val cty.Value
		switch {
		case r.body.Attributes["for_each"] != nil:
			val = cty.DynamicVal
		case r.body.Attributes["count"] != nil:
			val = cty.TupleVal([]cty.Value{obj})
		default:
			val = obj
		}
		target := types
		if r.data {
			target = data
		}
		if target[r.typ] == nil {
			target[r.typ] = map[string]cty.Value{}
		}
		target[r.typ][r.name] = val
	}
	variables := map[string]cty.Value{
		"var":       objectOrEmpty(vars),
		"path":      cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(m.dir), "root": cty.StringVal(m.dir), "cwd": cty.StringVal(m.dir)}),
		"terraform": cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")}),
		"count":     cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(0)}),
		"each":      cty.ObjectVal(map[string]cty.Value{"key": cty.UnknownVal(cty.String), "value": cty.DynamicVal}),
	}
	for typ, byName := range types {
		variables[typ] = objectOrEmpty(byName)
	}
	dataObj := map[string]cty.Value{}
	for typ, byName := range data {
		dataObj[typ] = objectOrEmpty(byName)
	}
	variables["data"] = objectOrEmpty(dataObj)
	mods := map[string]cty.Value{}
	for _, c := range m.calls {
		if m.byAddr["module."+c.name] != nil {
			mods[c.name] = m.registryObject(c.name)
			continue
		}
		if c.child == nil {
			continue
		}
		outs := map[string]cty.Value{}
		for name, e := range c.child.outputs {
			if v, ok := c.child.eval(e); ok {
				outs[name] = v
			} else {
				outs[name] = cty.DynamicVal
			}
		}
		mods[c.name] = objectOrEmpty(outs)
	}
	variables["module"] = objectOrEmpty(mods)
	m.ctx = &hcl.EvalContext{Variables: variables, Functions: functions(im, m)}
	// Locals may refer to each other: evaluate until nothing changes.
	names := make([]string, 0, len(m.locals))
	for n := range m.locals {
		names = append(names, n)
	}
	sort.Strings(names)
	m.localVals = map[string]cty.Value{}
	for pass := 0; pass < 4; pass++ {
		variables["local"] = objectOrEmpty(m.localVals)
		changed := false
		for _, n := range names {
			v, ok := evalSafe(m.locals[n], m.ctx)
			if !ok {
				v = cty.DynamicVal
			}
			if old, seen := m.localVals[n]; !seen || !old.RawEquals(v) {
				changed = true
			}
			m.localVals[n] = v
		}
		if !changed {
			break
		}
	}
	variables["local"] = objectOrEmpty(m.localVals)
}

func objectOrEmpty(m map[string]cty.Value) cty.Value {
	if len(m) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(m)
}

// eval evaluates an expression in the module; ok is false when it has
// errors. Unknown parts stay unknown.
func (m *module) eval(e hcl.Expression) (cty.Value, bool) {
	if e == nil || m.ctx == nil {
		return cty.DynamicVal, false
	}
	return evalSafe(e, m.ctx)
}

// evalSafe evaluates and turns a panic in a function into a failure: no
// configuration may crash the importer.
func evalSafe(e hcl.Expression, ctx *hcl.EvalContext) (v cty.Value, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			v, ok = cty.DynamicVal, false
		}
	}()
	v, diags := e.Value(ctx)
	if diags.HasErrors() {
		return cty.DynamicVal, false
	}
	return v, true
}

func functions(im *importer, m *module) map[string]function.Function {
	fs := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc, "max": stdlib.MaxFunc, "min": stdlib.MinFunc,
		"parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "signum": stdlib.SignumFunc, "log": stdlib.LogFunc,
		"chomp": stdlib.ChompFunc, "format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc, "indent": stdlib.IndentFunc,
		"join": stdlib.JoinFunc, "lower": stdlib.LowerFunc, "upper": stdlib.UpperFunc, "regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc,
		"replace": stdlib.ReplaceFunc, "split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc,
		"title": stdlib.TitleFunc, "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc, "trimsuffix": stdlib.TrimSuffixFunc,
		"trimspace": stdlib.TrimSpaceFunc, "chunklist": stdlib.ChunklistFunc, "coalesce": stdlib.CoalesceFunc,
		"coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc, "index": stdlib.IndexFunc,
		"keys": stdlib.KeysFunc, "length": stdlib.LengthFunc, "lookup": stdlib.LookupFunc, "merge": stdlib.MergeFunc,
		"range": stdlib.RangeFunc, "reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
		"setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc,
		"slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
		"jsonencode": stdlib.JSONEncodeFunc, "jsondecode": stdlib.JSONDecodeFunc, "csvdecode": stdlib.CSVDecodeFunc,
		"regexreplace": stdlib.RegexReplaceFunc, "strlen": stdlib.StrlenFunc,
		"tostring": convertFunc(cty.String), "tonumber": convertFunc(cty.Number), "tobool": convertFunc(cty.Bool),
		"tolist": convertFunc(cty.List(cty.DynamicPseudoType)), "toset": convertFunc(cty.Set(cty.DynamicPseudoType)),
		"tomap": convertFunc(cty.Map(cty.DynamicPseudoType)),
		"try":   tryfunc.TryFunc, "can": tryfunc.CanFunc,
	}
	// Functions whose results depend on files, time or hashing evaluate to
	// an unknown value: nothing the architecture needs comes from them.
	for _, name := range []string{"filebase64sha256", "filebase64sha512", "filebase64", "filemd5", "filesha1", "filesha256",
		"filesha512", "fileset", "fileexists", "md5", "sha1", "sha256", "sha512", "base64sha256", "base64sha512", "bcrypt",
		"uuid", "uuidv5", "timestamp", "plantimestamp", "formatdate", "timeadd", "timecmp", "cidrhost", "cidrnetmask",
		"cidrsubnet", "cidrsubnets", "abspath", "pathexpand", "textdecodebase64", "textencodebase64", "templatestring",
		"ephemeralasnull", "provider::aws::arn_parse", "provider::aws::arn_build", "rsadecrypt", "base64gzip"} {
		fs[name] = unknownFunc()
	}
	for _, name := range []string{"sensitive", "nonsensitive", "type"} {
		fs[name] = identityFunc()
	}
	fs["startswith"] = stringTest(strings.HasPrefix)
	fs["endswith"] = stringTest(strings.HasSuffix)
	fs["strcontains"] = stringTest(strings.Contains)
	fs["basename"] = stringMap(path.Base)
	fs["dirname"] = stringMap(path.Dir)
	fs["base64encode"] = stringMap(func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) })
	fs["base64decode"] = stringMap(func(s string) string {
		b, _ := base64.StdEncoding.DecodeString(s)
		return string(b)
	})
	fs["one"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			_, vals := entries(args[0])
			if len(vals) == 0 {
				return cty.NullVal(cty.DynamicPseudoType), nil
			}
			return vals[0], nil
		},
	})
	fs["file"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			src, err := im.readModuleFile(m, args[0].AsString())
			if err != nil {
				return cty.DynamicVal, err
			}
			return cty.StringVal(string(src)), nil
		},
	})
	fs["templatefile"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			src, err := im.readModuleFile(m, args[0].AsString())
			if err != nil {
				return cty.DynamicVal, err
			}
			tmpl, diags := hclsyntax.ParseTemplate(src, args[0].AsString(), hcl.InitialPos)
			if diags.HasErrors() {
				return cty.DynamicVal, diags
			}
			vars := map[string]cty.Value{}
			if v := args[1]; v.IsKnown() && !v.IsNull() && (v.Type().IsObjectType() || v.Type().IsMapType()) {
				for it := v.ElementIterator(); it.Next(); {
					k, ev := it.Element()
					vars[k.AsString()] = ev
				}
			}
			out, diags := tmpl.Value(&hcl.EvalContext{Variables: vars, Functions: functions(im, m)})
			if diags.HasErrors() {
				return cty.DynamicVal, diags
			}
			return convert.Convert(out, cty.String)
		},
	})
	return fs
}

func convertFunc(t cty.Type) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true}},
		Type:   function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return convert.Convert(args[0], t)
		},
	})
}

// readModuleFile reads a file a module names relative to itself (the
// path.module the context gives is the module directory).
func (im *importer) readModuleFile(m *module, p string) ([]byte, error) {
	if !strings.HasPrefix(p, m.dir+"/") && p != m.dir {
		p = path.Join(m.dir, p)
	}
	p = path.Clean(p)
	src, err := fs.ReadFile(im.fsys, p)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s", p)
	}
	shown := joinDisplay(m.display, strings.TrimPrefix(strings.TrimPrefix(p, m.dir), "/"))
	im.res.Sources[shown] = src
	return src, nil
}

// markers lists the resources a value names, in order.
func (im *importer) markers(v cty.Value) []*resource {
	var out []*resource
	seen := map[*resource]bool{}
	var walk func(cty.Value, int)
	walk = func(v cty.Value, depth int) {
		if depth > 64 || v.IsNull() || !v.IsKnown() {
			return
		}
		t := v.Type()
		switch {
		case t == cty.String:
			for _, m := range markerRE.FindAllStringSubmatch(v.AsString(), -1) {
				if r := im.lookup(m[1], m[2]); r != nil && !seen[r] {
					seen[r] = true
					out = append(out, r)
				}
			}
		case t.IsObjectType() || t.IsMapType() || t.IsTupleType() || t.IsListType() || t.IsSetType():
			for it := v.ElementIterator(); it.Next(); {
				k, ev := it.Element()
				if k.Type() == cty.String {
					walk(k, depth+1)
				}
				walk(ev, depth+1)
			}
		}
	}
	walk(v, 0)
	return out
}

func (im *importer) lookup(modKey, addr string) *resource {
	if m := im.byKey[modKey]; m != nil {
		return m.byAddr[addr]
	}
	return nil
}

// refs returns the resources an expression refers to: through evaluation
// (markers survive locals, variables, functions and modules), and where
// evaluation fails, by following its references statically.
func (m *module) refs(im *importer, e hcl.Expression) []*resource {
	if e == nil {
		return nil
	}
	var out []*resource
	if v, ok := m.eval(e); ok {
		out = im.markers(v)
	}
	if len(out) > 0 {
		return out
	}
	seen := map[*resource]bool{}
	m.staticRefs(im, e, seen, &out, 0)
	return out
}

func (m *module) staticRefs(im *importer, e hcl.Expression, seen map[*resource]bool, out *[]*resource, depth int) {
	if e == nil || depth > 16 {
		return
	}
	for _, t := range e.Variables() {
		root := t.RootName()
		name := ""
		if len(t) > 1 {
			if a, ok := t[1].(hcl.TraverseAttr); ok {
				name = a.Name
			}
		}
		switch root {
		case "local":
			m.staticRefs(im, m.locals[name], seen, out, depth+1)
		case "var":
			if arg, ok := m.args[name]; ok && m.parent != nil {
				m.parent.staticRefs(im, arg, seen, out, depth+1)
			}
		case "module":
			if r := m.byAddr["module."+name]; r != nil && !seen[r] {
				seen[r] = true
				*out = append(*out, r)
			}
			for _, c := range m.calls {
				if c.name == name && c.child != nil && len(t) > 2 {
					if a, ok := t[2].(hcl.TraverseAttr); ok {
						c.child.staticRefs(im, c.child.outputs[a.Name], seen, out, depth+1)
					}
				}
			}
		case "data":
			if len(t) > 2 {
				if a, ok := t[2].(hcl.TraverseAttr); ok {
					if r := m.byAddr["data."+name+"."+a.Name]; r != nil && !seen[r] {
						seen[r] = true
						*out = append(*out, r)
					}
				}
			}
		default:
			if r := m.byAddr[root+"."+name]; r != nil && !seen[r] {
				seen[r] = true
				*out = append(*out, r)
			}
		}
	}
}

// str, num and boolean evaluate literal attributes.
func (m *module) str(e hcl.Expression) (string, bool) {
	v, ok := m.eval(e)
	if !ok || !v.IsWhollyKnown() || v.IsNull() {
		return "", false
	}
	v, err := convert.Convert(v, cty.String)
	if err != nil || strings.Contains(v.AsString(), "⟦") {
		return "", false
	}
	return v.AsString(), true
}

func (m *module) num(e hcl.Expression) (float64, bool) {
	v, ok := m.eval(e)
	if !ok || !v.IsWhollyKnown() || v.IsNull() {
		return 0, false
	}
	v, err := convert.Convert(v, cty.Number)
	if err != nil {
		return 0, false
	}
	f, _ := v.AsBigFloat().Float64()
	return f, true
}

func (m *module) boolean(e hcl.Expression) (bool, bool) {
	v, ok := m.eval(e)
	if !ok || !v.IsWhollyKnown() || v.IsNull() {
		return false, false
	}
	v, err := convert.Convert(v, cty.Bool)
	if err != nil {
		return false, false
	}
	return v.True(), true
}

func (m *module) strings(e hcl.Expression) []string {
	v, ok := m.eval(e)
	if !ok || !v.IsWhollyKnown() || v.IsNull() {
		return nil
	}
	if v.Type() == cty.String {
		return []string{v.AsString()}
	}
	if !v.CanIterateElements() {
		return nil
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, ev := it.Element()
		if s, err := convert.Convert(ev, cty.String); err == nil && !s.IsNull() {
			out = append(out, s.AsString())
		}
	}
	return out
}

// goValue converts a known value to plain Go data (JSON-like).
func goValue(v cty.Value) any {
	if v.IsNull() || !v.IsWhollyKnown() {
		return nil
	}
	b, err := ctyJSON(v)
	if err != nil {
		return nil
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return nil
	}
	return out
}

func ctyJSON(v cty.Value) ([]byte, error) {
	enc, err := stdlib.JSONEncode(v)
	if err != nil {
		return nil, err
	}
	return []byte(enc.AsString()), nil
}

// jsonDoc evaluates an attribute holding a JSON document: a string
// (jsonencode, heredoc, file) or an object.
func (m *module) jsonDoc(e hcl.Expression) any {
	v, ok := m.eval(e)
	if !ok || v.IsNull() {
		return nil
	}
	if v.Type() == cty.String && v.IsKnown() {
		var out any
		if json.Unmarshal([]byte(v.AsString()), &out) == nil {
			return out
		}
		return nil
	}
	return goValue(v)
}

// attr returns a body's attribute expression, or nil.
func attr(b *hclsyntax.Body, name string) hcl.Expression {
	if b == nil {
		return nil
	}
	if a, ok := b.Attributes[name]; ok {
		return a.Expr
	}
	return nil
}

// rangeOf is an expression's range, or the fallback.
func rangeOf(e hcl.Expression, fallback hcl.Range) hcl.Range {
	if e == nil {
		return fallback
	}
	return e.Range()
}

// blocks returns the nested blocks of a type, including the content of
// dynamic blocks.
func blocks(b *hclsyntax.Body, typ string) []*hclsyntax.Block {
	if b == nil {
		return nil
	}
	var out []*hclsyntax.Block
	for _, nb := range b.Blocks {
		if nb.Type == typ {
			out = append(out, nb)
		}
		if nb.Type == "dynamic" && len(nb.Labels) == 1 && nb.Labels[0] == typ {
			for _, c := range nb.Body.Blocks {
				if c.Type == "content" {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

func block(b *hclsyntax.Body, typ string) *hclsyntax.Body {
	if bs := blocks(b, typ); len(bs) > 0 {
		return bs[0].Body
	}
	return nil
}

func unknownFunc() function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true},
		Type:     function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return cty.DynamicVal, nil
		},
	})
}

func identityFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true}},
		Type:   function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return args[0], nil
		},
	})
}

func stringTest(f func(string, string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String}, {Name: "x", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

func stringMap(f func(string) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(f(args[0].AsString())), nil
		},
	})
}
