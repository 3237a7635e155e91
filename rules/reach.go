package rules

import (
	"slices"

	"github.com/archiehq/archie/schema"
)

// labelSeed puts label on component at the start of a propagation.
type labelSeed struct {
	at    *schema.Component
	label int
}

// cappedLabels spreads labels through a graph: every component passes each
// label it holds to the components next(c) yields, and keeps at most limit
// distinct labels. "Which entry routes reach this component" is quadratic
// when computed exactly (every route can reach every component); capped,
// each component takes at most limit labels and forwards each once, so the
// work is O(limit² × edges) and cycles end by themselves. Labels are kept
// in arrival order, which is deterministic for a deterministic seed order
// and next.
func cappedLabels(seeds []labelSeed, next func(c *schema.Component, visit func(*schema.Component)), limit int) map[*schema.Component][]int {
	held := map[*schema.Component][]int{}
	var work []labelSeed
	add := func(c *schema.Component, label int) {
		ls := held[c]
		if len(ls) >= limit || slices.Contains(ls, label) {
			return
		}
		held[c] = append(ls, label)
		work = append(work, labelSeed{c, label})
	}
	for _, s := range seeds {
		add(s.at, s.label)
	}
	for len(work) > 0 {
		item := work[0]
		work = work[1:]
		next(item.at, func(to *schema.Component) { add(to, item.label) })
	}
	return held
}
