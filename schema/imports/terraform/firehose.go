package terraform

import (
	"net/url"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/ir"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// firehoseDestinations are the destination blocks of an
// aws_kinesis_firehose_delivery_stream. A delivery stream has one.
var firehoseDestinations = []string{
	"extended_s3_configuration", "redshift_configuration", "elasticsearch_configuration", "opensearch_configuration",
	"opensearchserverless_configuration", "splunk_configuration", "http_endpoint_configuration",
	"snowflake_configuration", "iceberg_configuration",
}

// firehoseExternal names the endpoint of a destination reached over the
// network: the attribute holding it, the external's name and what it is.
var firehoseExternal = map[string]struct{ key, name, what string }{
	"splunk_configuration":    {"hec_endpoint", "splunk", "Splunk HTTP Event Collector"},
	"snowflake_configuration": {"account_url", "snowflake", "Snowflake account"},
	"redshift_configuration":  {"cluster_jdbcurl", "redshift", "Amazon Redshift cluster"},
}

// deliveryStream reads an aws_kinesis_firehose_delivery_stream: its
// source, its destination (writes to a bucket or a database, calls to an
// endpoint), the S3 backup of a destination that is not S3, its buffering
// hints and its Lambda processors. The facts are those of the
// CloudFormation reader (cfn.deliveryStream), read 2026-12-02:
// docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html#retry,
// docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html and
// registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kinesis_firehose_delivery_stream.
func (im *importer) deliveryStream(m *module, r *resource) {
	b, c := r.body, r.comp
	if c == nil {
		return
	}
	what := r.addr()
	if ks := block(b, "kinesis_source_configuration"); ks != nil {
		if s := im.firehoseRef(m, c, attr(ks, "kinesis_stream_arn"), schema.KindStream, r.block.DefRange(), "The source stream of "+what); s != nil {
			c.AddTrigger(s, "", rangeOf(attr(ks, "kinesis_stream_arn"), r.block.DefRange()))
		}
	}
	if msk := block(b, "msk_source_configuration"); msk != nil {
		if s := im.firehoseRef(m, c, attr(msk, "msk_cluster_arn"), schema.KindStream, r.block.DefRange(), "The source cluster of "+what); s != nil {
			tr := c.AddTrigger(s, "", rangeOf(attr(msk, "msk_cluster_arn"), r.block.DefRange()))
			if topic, ok := m.str(attr(msk, "topic_name")); ok && topic != "" {
				tr.Notes = append(tr.Notes, "topics "+topic)
			}
		}
	}
	dest, _ := m.str(attr(b, "destination"))
	// Before version 5 of the provider, a top-level s3_configuration was
	// the destination (destination "s3"), Redshift's intermediate bucket,
	// or the backup of another destination.
	if s3 := blocks(b, "s3_configuration"); len(s3) > 0 {
		switch dest {
		case "s3", "redshift":
			im.firehoseWrites(m, c, s3[0].Body, s3[0].DefRange(), what, "")
			im.firehoseBuffering(m, c, s3[0].Body)
		default:
			im.firehoseBackup(m, c, s3[0].Body, s3[0].DefRange(), "", what)
		}
	}
	for _, key := range firehoseDestinations {
		for _, d := range blocks(b, key) {
			db, at := d.Body, d.DefRange()
			mode, _ := m.str(attr(db, "s3_backup_mode"))
			buffering := db
			switch key {
			case "extended_s3_configuration":
				im.firehoseWrites(m, c, db, at, what, "")
				if bc := blocks(db, "s3_backup_configuration"); mode == "Enabled" && len(bc) > 0 {
					im.firehoseWrites(m, c, bc[0].Body, bc[0].DefRange(), what, "backup of the records as received (s3_backup_mode Enabled)")
				}
			case "redshift_configuration":
				if s3 := blocks(db, "s3_configuration"); len(s3) > 0 {
					im.firehoseWrites(m, c, s3[0].Body, s3[0].DefRange(), what, "intermediate bucket: Redshift loads it with COPY")
					buffering = s3[0].Body
				}
				im.firehoseEndpoint(m, r, key, db, at)
				if bc := blocks(db, "s3_backup_configuration"); mode == "Enabled" && len(bc) > 0 {
					im.firehoseWrites(m, c, bc[0].Body, bc[0].DefRange(), what, "backup of the records as received (s3_backup_mode Enabled)")
				}
			case "elasticsearch_configuration", "opensearch_configuration":
				ref := attr(db, "domain_arn")
				if ref == nil {
					ref = attr(db, "cluster_endpoint")
				}
				if x := im.firehoseRef(m, c, ref, schema.KindDatabase, at, "The destination of "+what); x != nil {
					c.AddDep("writes", x, rangeOf(ref, at), schema.SourceTemplate, "")
				}
				im.firehoseBackupOf(m, c, db, mode, what)
			case "opensearchserverless_configuration":
				if ref := attr(db, "collection_endpoint"); ref != nil {
					c.MarkUnknownPeers(ref.Range(), "The destination of "+what+" is an OpenSearch Serverless collection, which archie does not import")
				}
				im.firehoseBackupOf(m, c, db, mode, what)
			case "iceberg_configuration":
				c.MarkUnknownPeers(at, "The destination of "+what+" is a set of Apache Iceberg tables, which archie does not import")
				im.firehoseBackupOf(m, c, db, mode, what)
			default: // splunk, http_endpoint, snowflake
				im.firehoseEndpoint(m, r, key, db, at)
				im.firehoseBackupOf(m, c, db, mode, what)
			}
			im.firehoseBuffering(m, c, buffering)
			if key == "splunk_configuration" {
				ir.SplunkBuffering(c, at)
			}
			im.firehoseProcessors(m, r, db)
		}
	}
}

// firehoseBuffering reads the buffering hints of a destination.
func (im *importer) firehoseBuffering(m *module, c *ir.Component, b *hclsyntax.Body) {
	if f, ok := m.num(attr(b, "buffering_interval")); ok {
		c.Set("buffer_interval", ir.Seconds(f), attr(b, "buffering_interval").Range())
	}
	if f, ok := m.num(attr(b, "buffering_size")); ok {
		c.Set("buffer_size", ir.Megabytes(f), attr(b, "buffering_size").Range())
	}
}

// firehoseWrites wires the bucket a block's bucket_arn names as a
// destination.
func (im *importer) firehoseWrites(m *module, c *ir.Component, b *hclsyntax.Body, at hcl.Range, what, why string) {
	ref := attr(b, "bucket_arn")
	if x := im.firehoseRef(m, c, ref, schema.KindBucket, at, "The bucket of "+what); x != nil {
		c.AddDep("writes", x, rangeOf(ref, at), schema.SourceTemplate, why)
	}
}

// firehoseBackupOf reads the s3_configuration of a destination that is
// not S3: the bucket that receives what the delivery stream fails to
// deliver (and every record with s3_backup_mode AllData, AllDocuments or
// AllEvents).
func (im *importer) firehoseBackupOf(m *module, c *ir.Component, b *hclsyntax.Body, mode, what string) {
	if s3 := blocks(b, "s3_configuration"); len(s3) > 0 {
		im.firehoseBackup(m, c, s3[0].Body, s3[0].DefRange(), mode, what)
	}
}

func (im *importer) firehoseBackup(m *module, c *ir.Component, b *hclsyntax.Body, at hcl.Range, mode, what string) {
	ref := attr(b, "bucket_arn")
	x := im.firehoseRef(m, c, ref, schema.KindBucket, at, "The S3 backup of "+what)
	if x == nil {
		return
	}
	c.Set("backup", x, rangeOf(ref, at))
	switch mode {
	case "AllData", "AllDocuments", "AllEvents":
		c.Get("backup").Note = "s3_backup_mode " + mode + ": it also receives every record"
	}
}

// firehoseRef resolves a reference of a delivery stream to a component of
// kind. A resource archie does not import is a source or destination
// outside the architecture (the delivery stream is marked as having peers
// archie does not see); a value it cannot follow (a variable, a data
// source) is a warning and a link it does not know.
func (im *importer) firehoseRef(m *module, c *ir.Component, e hcl.Expression, kind schema.Kind, at hcl.Range, what string) *ir.Component {
	if e == nil {
		return nil
	}
	if x := im.resolveKind(m, kind, e); x != nil {
		return x
	}
	if s, ok := m.str(e); ok {
		if x := im.byPhysicalName(s); x != nil && x.Kind == kind {
			return x
		}
	}
	if refs := m.refs(im, e); len(refs) > 0 {
		c.MarkUnknownPeers(e.Range(), what+" refers to "+refs[0].addr()+", which archie does not import as a "+string(kind))
		return nil
	}
	im.need(m, e, at, what) // warns and marks the delivery stream
	return nil
}

// firehoseEndpoint wires a destination reached over the network (an HTTP
// endpoint, Splunk, Snowflake, Redshift): an external component the
// delivery stream calls.
func (im *importer) firehoseEndpoint(m *module, r *resource, key string, b *hclsyntax.Body, at hcl.Range) {
	name, what := "http_endpoint", "HTTP endpoint"
	var ep hcl.Expression
	if ext, ok := firehoseExternal[key]; ok {
		name, what, ep = ext.name, ext.what, attr(b, ext.key)
	} else {
		ep = attr(b, "url")
		if n, ok := m.str(attr(b, "name")); ok && ir.SnakeCase(n) != "" {
			name = ir.SnakeCase(n)
		} else if s, ok := m.str(ep); ok {
			if u, err := url.Parse(s); err == nil && u.Hostname() != "" {
				name = ir.SnakeCase(strings.ReplaceAll(u.Hostname(), ".", "_"))
			}
		}
	}
	pos := rangeOf(ep, at)
	ext := &ir.Component{Kind: schema.KindExternal, Name: im.names.Take(schema.KindExternal, name), ID: r.addr() + "." + key,
		Type: r.typ, Pos: pos, Implicit: true}
	desc := what + " of " + r.addr()
	if s, ok := m.str(ep); ok && s != "" {
		desc = what + " " + s
	}
	ext.Set("description", desc, pos)
	m.doc.Components = append(m.doc.Components, ext)
	r.comp.AddDep("calls", ext, pos, schema.SourceTemplate, "")
}

// firehoseProcessors reads the Lambda processors of a destination:
// Firehose invokes each synchronously with batches of records to
// transform (docs.aws.amazon.com/firehose/latest/dev/data-transformation.html,
// checked 2026-12-02), so the function gets a trigger from the delivery
// stream.
func (im *importer) firehoseProcessors(m *module, r *resource, d *hclsyntax.Body) {
	pc := block(d, "processing_configuration")
	if pc == nil {
		return
	}
	for _, p := range blocks(pc, "processors") {
		if typ, _ := m.str(attr(p.Body, "type")); typ != "Lambda" {
			continue
		}
		for _, param := range blocks(p.Body, "parameters") {
			if name, _ := m.str(attr(param.Body, "parameter_name")); name != "LambdaArn" {
				continue
			}
			fn := im.need(m, attr(param.Body, "parameter_value"), param.DefRange(), "The processor of "+r.addr())
			if fn != nil && fn.Kind == schema.KindFunction && !isSourceOf(r.comp, fn) {
				fn.AddTrigger(r.comp, "", p.DefRange())
			}
		}
	}
}
