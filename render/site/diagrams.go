package site

import (
	"bytes"
	"context"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/render"
	"github.com/archiehq/archie/schema"
)

// Renderer draws the views with the render package: SVG laid out by
// Graphviz, and Mermaid text for READMEs.
type Renderer struct{}

// SVG draws a view as an SVG document.
func (Renderer) SVG(ctx context.Context, arch *schema.Architecture, view string, findings []lint.Finding) ([]byte, error) {
	d, err := render.Build(arch, render.Options{View: view, Findings: findings})
	if err != nil {
		return nil, err
	}
	return render.SVG(ctx, d)
}

// Mermaid draws a view as a Mermaid flowchart.
func (Renderer) Mermaid(arch *schema.Architecture, view string, findings []lint.Finding) (string, error) {
	d, err := render.Build(arch, render.Options{View: view, Findings: findings})
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := render.WriteMermaid(&buf, d); err != nil {
		return "", err
	}
	return buf.String(), nil
}
