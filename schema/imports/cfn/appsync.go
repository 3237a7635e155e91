package cfn

import (
	"slices"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/ir"
)

// appsyncResolver wires an AWS::AppSync::Resolver to the functions behind
// it: a unit resolver's data source, or the data sources of the
// AWS::AppSync::FunctionConfiguration steps of a pipeline resolver
// (PipelineConfig.Functions). A data source of type AWS_LAMBDA
// (LambdaConfig.LambdaFunctionArn) is invoked synchronously by the GraphQL
// API for each field it resolves, so the function gets a trigger from the
// api, its route the field (Type.field). Other data sources (DynamoDB,
// HTTP, none) invoke no component the language can be triggered from and
// are not read.
func (im *Importer) appsyncResolver(r *Resource) {
	t := r.T
	api, _ := im.Resolve(t, r.Props.Get("ApiId"))
	if api == nil || api.Kind != schema.KindAPI {
		return
	}
	sources := []Node{r.Props.Get("DataSourceName")}
	for _, f := range r.Props.Path("PipelineConfig", "Functions").Items() {
		if fc := im.appsyncResource(t, f, "AWS::AppSync::FunctionConfiguration", ""); fc != nil {
			sources = append(sources, fc.Props.Get("DataSourceName"))
		}
	}
	typeName, _ := t.sc.Str(r.Props.Get("TypeName"))
	field, _ := t.sc.Str(r.Props.Get("FieldName"))
	route := ""
	if typeName != "" && field != "" {
		route = typeName + "." + field
	}
	for _, s := range sources {
		if !s.Ok() {
			continue
		}
		ds := im.appsyncResource(t, s, "AWS::AppSync::DataSource", "Name")
		if ds == nil {
			continue
		}
		if typ, _ := ds.T.sc.Str(ds.Props.Get("Type")); typ != "AWS_LAMBDA" {
			continue
		}
		fnRef := ds.Props.Path("LambdaConfig", "LambdaFunctionArn")
		fn, _ := im.Resolve(ds.T, fnRef)
		if fn == nil || fn.Kind != schema.KindFunction {
			im.warnUnresolved(ds.T, fnRef, "Data source "+ds.ID)
			continue
		}
		appsyncTrigger(api, fn, route, r.At)
	}
}

// appsyncTrigger adds the trigger from an AppSync api on a resolver's
// function. A function that resolves several fields keeps one trigger
// from the api (one trigger a source): its route is dropped and the
// fields it resolves are listed in notes.
func appsyncTrigger(api, fn *ir.Component, route string, at ir.Pos) {
	for _, tr := range fn.Triggers {
		if tr.Source != api {
			continue
		}
		if prev := tr.Get("route"); prev != nil {
			if prev.Value == route {
				return
			}
			tr.Attrs = slices.DeleteFunc(tr.Attrs, func(a *ir.Attr) bool { return a.Name == "route" })
			tr.Notes = append(tr.Notes, "resolves "+prev.Value.(string))
		}
		if route != "" && !slices.Contains(tr.Notes, "resolves "+route) {
			tr.Notes = append(tr.Notes, "resolves "+route)
		}
		return
	}
	tr := fn.AddTrigger(api, "", at)
	if route != "" {
		tr.Set("route", route, at)
	}
}

// appsyncResource finds the AppSync resource a value names: a Ref or
// Fn::GetAtt, or a literal name (nameProp) of a resource of that type.
func (im *Importer) appsyncResource(t *Template, v Node, typ, nameProp string) *Resource {
	if tg, ok := t.sc.Target(v); ok {
		tt := t
		if tg.T != nil {
			tt = tg.T
		}
		if r := tt.byID[tg.ID]; r != nil && r.Type == typ {
			return r
		}
		return nil
	}
	name, ok := t.sc.Str(v)
	if !ok || name == "" || nameProp == "" {
		return nil
	}
	var found *Resource
	for _, tt := range im.tmpls {
		for _, r := range tt.Resources {
			if r.Type != typ {
				continue
			}
			if n, ok := tt.sc.Str(r.Props.Get(nameProp)); ok && strings.EqualFold(n, name) {
				if found != nil {
					return nil // two data sources of that name: neither
				}
				found = r
			}
		}
	}
	return found
}

// samGraphQLAPI wires the resolvers of an AWS::Serverless::GraphQLApi:
// Resolvers.TYPE.FIELD.Pipeline names functions of Functions, whose
// DataSource may be a Lambda data source of DataSources.Lambda
// (FunctionArn). Each such function gets a trigger from the api, as for
// AWS::AppSync::Resolver.
func (im *Importer) samGraphQLAPI(r *Resource) {
	t := r.T
	lambdas := r.Props.Path("DataSources", "Lambda")
	if !lambdas.Ok() {
		return
	}
	functions := r.Props.Get("Functions")
	for _, typ := range r.Props.Get("Resolvers").Pairs() {
		for _, field := range typ.Value.Pairs() {
			for _, step := range field.Value.Get("Pipeline").Items() {
				name, ok := t.sc.Str(step)
				if !ok {
					continue
				}
				ds, ok := t.sc.Str(functions.Path(name, "DataSource"))
				if !ok {
					continue
				}
				src := lambdas.Get(ds)
				if !src.Ok() {
					continue // another kind of data source, or None
				}
				fnRef := src.Get("FunctionArn")
				fn, _ := im.Resolve(t, fnRef)
				if fn == nil || fn.Kind != schema.KindFunction {
					im.warnUnresolved(t, fnRef, "Data source "+ds+" of "+r.ID)
					continue
				}
				appsyncTrigger(r.Comp, fn, typ.Key+"."+field.Key, field.KeyAt)
			}
		}
	}
}
