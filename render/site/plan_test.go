package site

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestPlan(t *testing.T) {
	page := func(s string) []byte { return []byte(GeneratedMarker + "\n\n" + s) }
	disk := fstest.MapFS{
		ManifestName: {Data: []byte(manifestHead + "diagrams/service-gone.svg\nfindings.md\nindex.md\nservices/gone.md\n" +
			"services/link.md\n../outside.md\n/etc/passwd\n")},
		"index.md":                  {Data: page("same")},
		"findings.md":               {Data: page("old")},
		"services/gone.md":          {Data: page("a service that was removed")},
		"services/notes.md":         {Data: []byte("# Hand-written notes\n")},
		"services/looks-ours.md":    {Data: page("generated-looking, but not in the manifest")},
		"services/link.md":          {Data: []byte("elsewhere"), Mode: 0o777 | 1<<27}, // fs.ModeSymlink
		"diagrams/service-gone.svg": {Data: []byte("<svg/>")},
		"diagrams/context.svg":      {Data: []byte("<svg/>")},
		"logo.svg":                  {Data: []byte("<svg/>")},
		".git/index.md":             {Data: page("not ours to judge")},
	}
	files := []File{
		{Path: "diagrams/context.svg", Data: []byte("<svg/>")},
		{Path: "findings.md", Data: page("new")},
		{Path: "index.md", Data: page("same")},
		{Path: "services/orders.md", Data: page("new service")},
	}
	got, err := Plan(disk, files, true)
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{
		{Path: ManifestName, Op: OpUpdate},
		{Path: "diagrams/service-gone.svg", Op: OpRemove},
		{Path: "findings.md", Op: OpUpdate},
		{Path: "services/gone.md", Op: OpRemove},
		{Path: "services/orders.md", Op: OpCreate},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].Path != want[i].Path || got[i].Op != want[i].Op {
			t.Errorf("change %d: got %s %s, want %s %s", i, got[i].Op, got[i].Path, want[i].Op, want[i].Path)
		}
	}
	m := string(got[0].Data)
	if !strings.HasSuffix(m, "\n"+ManifestName+"\ndiagrams/context.svg\nfindings.md\nindex.md\nservices/orders.md\n") {
		t.Errorf("manifest:\n%s", m)
	}

	got, err = Plan(disk, files, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Errorf("without pruning: got %v, want the update and the creation only", got)
	}

	// A directory that does not exist yet: everything is created, the
	// manifest too.
	got, err = Plan(fstest.MapFS{}, files, true)
	if err != nil || len(got) != len(files)+1 {
		t.Errorf("empty directory: got %v, %v", got, err)
	}
	// No manifest: nothing is removed, however generated it looks.
	delete(disk, ManifestName)
	got, err = Plan(disk, files, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range got {
		if c.Op == OpRemove {
			t.Errorf("removed %s without a manifest", c.Path)
		}
	}
}
