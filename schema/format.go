package schema

import (
	"github.com/archiehq/archie/schema/internal/hclwrite"
	"github.com/hashicorp/hcl/v2"
)

// Format returns src in canonical form: hclwrite's layout (indentation,
// aligned equals signs, spacing), as terraform fmt does. Input with syntax
// errors is returned with the diagnostics and left unchanged.
func Format(name string, src []byte) ([]byte, hcl.Diagnostics) {
	if _, diags := ParseHCL(src, name); diags.HasErrors() {
		return src, diags
	}
	return hclwrite.Format(src), nil
}
