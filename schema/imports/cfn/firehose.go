package cfn

import (
	"github.com/archiehq/archie/schema"
)

// firehoseDestinations are the destination configurations of an
// AWS::KinesisFirehose::DeliveryStream that may hold a
// ProcessingConfiguration.
var firehoseDestinations = []string{
	"ExtendedS3DestinationConfiguration", "RedshiftDestinationConfiguration", "ElasticsearchDestinationConfiguration",
	"AmazonopensearchserviceDestinationConfiguration", "AmazonOpenSearchServerlessDestinationConfiguration",
	"SplunkDestinationConfiguration", "HttpEndpointDestinationConfiguration", "SnowflakeDestinationConfiguration",
	"IcebergDestinationConfiguration",
}

// firehoseProcessors reads the Lambda processors of a Kinesis Data
// Firehose delivery stream: Firehose invokes each function synchronously
// with batches of records to transform, so it gets a "firehose" trigger.
// The delivery stream itself has no construct (it is listed as not
// imported). Source: docs.aws.amazon.com/firehose/latest/dev/data-transformation.html,
// checked 2026-12-02.
func (im *Importer) firehoseProcessors(r *Resource) {
	t := r.T
	for _, dest := range firehoseDestinations {
		for _, p := range r.Props.Path(dest, "ProcessingConfiguration", "Processors").Items() {
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
				if fn.NamedTrigger("firehose") == nil {
					fn.AddTrigger(nil, "firehose", p.Pos())
				}
			}
		}
	}
}
