//go:build archie_upstream_pin

// This file is never built. It keeps go-graphviz in go.mod (go mod tidy
// reads files of every build tag), so that TestMatchesUpstream finds the
// release this package was copied from in the module cache, and fails
// when go.mod moves to another.

package graphviz

import _ "github.com/goccy/go-graphviz"
