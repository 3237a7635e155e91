package cfn

import (
	"net/url"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/ir"
)

// firehoseDestinations are the destination configurations of an
// AWS::KinesisFirehose::DeliveryStream, in the order they are read. A
// delivery stream has one.
var firehoseDestinations = []string{
	"ExtendedS3DestinationConfiguration", "S3DestinationConfiguration", "RedshiftDestinationConfiguration",
	"ElasticsearchDestinationConfiguration", "AmazonopensearchserviceDestinationConfiguration",
	"AmazonOpenSearchServerlessDestinationConfiguration", "SplunkDestinationConfiguration",
	"HttpEndpointDestinationConfiguration", "SnowflakeDestinationConfiguration", "IcebergDestinationConfiguration",
}

// firehoseExternal names the endpoint an HTTP-reached destination
// delivers to: the property holding it and the external's default name.
var firehoseExternal = map[string]struct{ key, name, what string }{
	"SplunkDestinationConfiguration":    {"HECEndpoint", "splunk", "Splunk HTTP Event Collector"},
	"SnowflakeDestinationConfiguration": {"AccountUrl", "snowflake", "Snowflake account"},
	"RedshiftDestinationConfiguration":  {"ClusterJDBCURL", "redshift", "Amazon Redshift cluster"},
}

// deliveryStream reads an AWS::KinesisFirehose::DeliveryStream: its
// source (a Kinesis data stream or an MSK cluster), its destination
// (writes to a bucket or database, calls to an HTTP endpoint), the bucket
// that backs up what it fails to deliver, and its Lambda processors.
//
// Facts (read 2026-12-02): a non-S3 destination has an S3Configuration,
// the bucket that receives the records Firehose fails to deliver (all
// records with S3BackupMode AllData / AllDocuments / AllEvents),
// docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html#retry and
// docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesisfirehose-deliverystream.html;
// a Redshift destination writes every record to its S3Configuration bucket
// first and loads it with COPY
// (docs.aws.amazon.com/firehose/latest/dev/create-destination.html); an S3
// destination with S3BackupMode Enabled also writes the records as
// received to S3BackupConfiguration's bucket.
func (im *Importer) deliveryStream(r *Resource) {
	t, c := r.T, r.Comp
	if c == nil {
		return
	}
	im.firehoseSources(r)
	for _, key := range firehoseDestinations {
		d := r.Props.Get(key)
		if !d.Ok() {
			continue
		}
		hints := d.Get("BufferingHints")
		what := "The " + strings.TrimSuffix(key, "Configuration") + " of delivery stream " + r.ID
		mode := str(t, d.Get("S3BackupMode"))
		switch key {
		case "ExtendedS3DestinationConfiguration", "S3DestinationConfiguration":
			if b := im.firehoseRef(t, c, d.Get("BucketARN"), schema.KindBucket, what); b != nil {
				c.AddDep("writes", b, d.Get("BucketARN").Pos(), schema.SourceTemplate, "")
			}
			if mode == "Enabled" {
				im.firehoseSourceBackup(r, d)
			}
		case "RedshiftDestinationConfiguration":
			s3 := d.Get("S3Configuration")
			hints = s3.Get("BufferingHints")
			if b := im.firehoseRef(t, c, s3.Get("BucketARN"), schema.KindBucket, what); b != nil {
				c.AddDep("writes", b, s3.Get("BucketARN").Pos(), schema.SourceTemplate, "intermediate bucket: Redshift loads it with COPY")
			}
			im.firehoseEndpoint(r, key, d)
			if mode == "Enabled" {
				im.firehoseSourceBackup(r, d)
			}
		case "ElasticsearchDestinationConfiguration", "AmazonopensearchserviceDestinationConfiguration":
			ref := d.Get("DomainARN")
			if !ref.Ok() {
				ref = d.Get("ClusterEndpoint")
			}
			if db := im.firehoseRef(t, c, ref, schema.KindDatabase, what); db != nil {
				c.AddDep("writes", db, ref.Pos(), schema.SourceTemplate, "")
			}
			im.firehoseBackup(r, d, mode)
		case "AmazonOpenSearchServerlessDestinationConfiguration":
			// An OpenSearch Serverless collection is not imported.
			if ref := d.Get("CollectionEndpoint"); ref.Ok() {
				c.MarkUnknownPeers(ref.Pos(), what+" is the OpenSearch Serverless collection "+t.sc.Text(ref)+", which archie does not import")
			}
			im.firehoseBackup(r, d, mode)
		case "IcebergDestinationConfiguration":
			c.MarkUnknownPeers(d.Pos(), what+" is a set of Apache Iceberg tables, which archie does not import")
			im.firehoseBackup(r, d, mode)
		default: // Splunk, HTTP endpoint, Snowflake
			im.firehoseEndpoint(r, key, d)
			im.firehoseBackup(r, d, mode)
		}
		if f, ok := t.sc.Num(hints.Get("IntervalInSeconds")); ok {
			c.Set("buffer_interval", ir.Seconds(f), hints.Get("IntervalInSeconds").Pos())
		}
		if f, ok := t.sc.Num(hints.Get("SizeInMBs")); ok {
			c.Set("buffer_size", ir.Megabytes(f), hints.Get("SizeInMBs").Pos())
		}
		if key == "SplunkDestinationConfiguration" {
			ir.SplunkBuffering(c, d.Pos())
		}
		im.firehoseProcessors(r, d)
	}
}

// firehoseSources wires what a delivery stream reads from: a Kinesis data
// stream or an MSK cluster.
func (im *Importer) firehoseSources(r *Resource) {
	t, c := r.T, r.Comp
	if ks := r.Props.Get("KinesisStreamSourceConfiguration"); ks.Ok() {
		if s := im.firehoseRef(t, c, ks.Get("KinesisStreamARN"), schema.KindStream, "The source stream of delivery stream "+r.ID); s != nil {
			c.AddTrigger(s, "", ks.Pos())
		}
	}
	if msk := r.Props.Get("MSKSourceConfiguration"); msk.Ok() {
		if s := im.firehoseRef(t, c, msk.Get("MSKClusterARN"), schema.KindStream, "The source cluster of delivery stream "+r.ID); s != nil {
			tr := c.AddTrigger(s, "", msk.Pos())
			if topic, ok := t.sc.Str(msk.Get("TopicName")); ok && topic != "" {
				tr.Notes = append(tr.Notes, "topics "+topic)
			}
		}
	}
	if db := r.Props.Get("DatabaseSourceConfiguration"); db.Ok() {
		c.MarkUnknownPeers(db.Pos(), "It reads the changes of a database (DatabaseSourceConfiguration), which the language has no edge for")
	}
}

// firehoseRef resolves a reference of a delivery stream to a component of
// kind. A resource of the templates that archie does not import is a
// source or destination outside the architecture (the delivery stream is
// marked as having peers archie does not see); a reference it cannot
// follow is a warning and a link it does not know.
func (im *Importer) firehoseRef(t *Template, c *ir.Component, v Node, kind schema.Kind, what string) *ir.Component {
	if !v.Ok() {
		return nil
	}
	if x := im.resolveKind(t, kind, v); x != nil {
		return x
	}
	if x, _ := im.Resolve(t, v); x != nil {
		if x.Kind == kind {
			return x
		}
		c.MarkUnknown(v.Pos(), what+" refers to "+t.sc.Text(v)+", which is not a "+string(kind))
		return nil
	}
	if tg, ok := t.sc.Target(v); ok && tg.T == nil && t.byID[tg.ID] != nil {
		c.MarkUnknownPeers(v.Pos(), what+" refers to "+t.sc.Text(v)+", which archie does not import")
		return nil
	}
	im.warnUnresolved(t, v, what) // marks the delivery stream
	return nil
}

// firehoseSourceBackup reads the S3BackupConfiguration of an S3 or
// Redshift destination with S3BackupMode Enabled: a bucket that also
// receives every record as it arrived.
func (im *Importer) firehoseSourceBackup(r *Resource, d Node) {
	bc := d.Get("S3BackupConfiguration")
	if b := im.firehoseRef(r.T, r.Comp, bc.Get("BucketARN"), schema.KindBucket, "The source record backup of delivery stream "+r.ID); b != nil {
		r.Comp.AddDep("writes", b, bc.Get("BucketARN").Pos(), schema.SourceTemplate, "backup of the records as received (S3BackupMode Enabled)")
	}
}

// firehoseBackup reads the S3Configuration of a destination that is not
// S3: the bucket that receives what the delivery stream fails to deliver.
func (im *Importer) firehoseBackup(r *Resource, d Node, mode string) {
	s3 := d.Get("S3Configuration")
	if !s3.Ok() {
		return
	}
	b := im.firehoseRef(r.T, r.Comp, s3.Get("BucketARN"), schema.KindBucket, "The S3 backup of delivery stream "+r.ID)
	if b == nil {
		return
	}
	r.Comp.Set("backup", b, s3.Get("BucketARN").Pos())
	switch mode {
	case "AllData", "AllDocuments", "AllEvents":
		r.Comp.Get("backup").Note = "S3BackupMode " + mode + ": it also receives every record"
	}
}

// firehoseEndpoint wires a destination reached over the network (an HTTP
// endpoint, Splunk, Snowflake, Redshift): an external component the
// delivery stream calls, named after the endpoint.
func (im *Importer) firehoseEndpoint(r *Resource, key string, d Node) {
	t := r.T
	name, what := "http_endpoint", "HTTP endpoint"
	var at Node
	if ext, ok := firehoseExternal[key]; ok {
		name, what, at = ext.name, ext.what, d.Get(ext.key)
	} else {
		ep := d.Get("EndpointConfiguration")
		at = ep.Get("Url")
		if n, ok := t.sc.Str(ep.Get("Name")); ok && ir.SnakeCase(n) != "" {
			name = ir.SnakeCase(n)
		} else if u, err := url.Parse(str(t, at)); err == nil && u.Hostname() != "" {
			name = ir.SnakeCase(strings.ReplaceAll(u.Hostname(), ".", "_"))
		}
	}
	pos := d.Pos()
	if at.Ok() {
		pos = at.Pos()
	}
	ext := im.Implicit(t, r.ID+"."+key, schema.KindExternal, name, r.Type, pos)
	desc := what + " of delivery stream " + r.ID
	if s, ok := t.sc.Str(at); ok && s != "" {
		desc = what + " " + s
	}
	if _, static := t.sc.Str(at); !static {
		for _, x := range im.ResolveAll(t, at) {
			if x.Kind == schema.KindAPI {
				// An api of the templates receives the records; the
				// language has no edge from a firehose into an api.
				desc = what + " at the URL of api." + x.Name
				break
			}
		}
	}
	ext.SetDefault("description", desc, pos)
	r.Comp.AddDep("calls", ext, pos, schema.SourceTemplate, "")
}

// firehoseProcessors reads the Lambda processors of a destination:
// Firehose invokes each function synchronously with batches of records to
// transform, so the function gets a trigger from the delivery stream.
// Source: docs.aws.amazon.com/firehose/latest/dev/data-transformation.html,
// checked 2026-12-02.
func (im *Importer) firehoseProcessors(r *Resource, d Node) {
	t := r.T
	for _, p := range d.Path("ProcessingConfiguration", "Processors").Items() {
		if typ, _ := t.sc.Str(p.Get("Type")); typ != "Lambda" {
			continue
		}
		for _, param := range p.Get("Parameters").Items() {
			if name, _ := t.sc.Str(param.Get("ParameterName")); name != "LambdaArn" {
				continue
			}
			v := param.Get("ParameterValue")
			fn, _ := im.Resolve(t, v)
			if fn == nil || fn.Kind != schema.KindFunction {
				im.warnUnresolved(t, v, "The processor of delivery stream "+r.ID)
				continue
			}
			if !isSourceOf(r.Comp, fn) {
				fn.AddTrigger(r.Comp, "", p.Pos())
			}
		}
	}
}
