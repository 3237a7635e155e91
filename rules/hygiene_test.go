package rules

import (
	"testing"

	"github.com/archiehq/archie/lint"
)

func TestHygieneMeta(t *testing.T) {
	for _, r := range []lint.Rule{eolRuntime{}, logRetention{}, apiAccessLogging{}, apiTracing{}, wildcardPermission{}} {
		t.Run(r.Meta().ID, func(t *testing.T) {
			assertMetaExamples(t, r)
			if r.Meta().Preset != lint.PresetHygiene {
				t.Errorf("preset %q, want hygiene", r.Meta().Preset)
			}
		})
	}
}
