// This directory is a copy of the hclwrite package of
// github.com/hashicorp/hcl/v2 (MPL-2.0, LICENSE beside this file; each
// file keeps its copyright header) with one change: node.go drops the
// unexported node.Equal method, which nothing outside upstream's tests
// calls, and with it the import of github.com/google/go-cmp/cmp. go-cmp
// compiles two Unicode regular expressions in its package init, about
// 3 million instructions in every archie process (docs/performance.md,
// "A whole archie lint process"); nothing else links it.
//
// internal/unicodeutil is a copy of hcl's internal package of that name,
// which hclwrite imports. Import paths are rewritten and gofmt applied;
// TestMatchesUpstream checks the copy against the module cache.

package hclwrite

// UpstreamVersion is the github.com/hashicorp/hcl/v2 release this is a
// copy of; go.mod must require the same version.
const UpstreamVersion = "v2.25.0"
