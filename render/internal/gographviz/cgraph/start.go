// This file is archie's, not go-graphviz's: see the package comment of
// render/internal/gographviz.

package cgraph

import "context"

// Start sets the graph descriptors (Directed and the others) once the
// WebAssembly module runs; upstream does this in a package init.
func Start(ctx context.Context) error {
	return setGlobalVars(ctx)
}
