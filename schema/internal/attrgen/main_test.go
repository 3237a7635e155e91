package main

import (
	"os"
	"slices"
	"testing"

	"github.com/archiehq/archie/schema"
)

// TestAttrNamesUpToDate fails when schema/attrname_gen.go does not match
// the attribute tables: run go generate ./schema.
func TestAttrNamesUpToDate(t *testing.T) {
	want, err := generate(schema.AttrNames())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../attrname_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("schema/attrname_gen.go is stale: run go generate ./schema")
	}
}

// TestAttrNames checks the constants against the names they stand for,
// both ways.
func TestAttrNames(t *testing.T) {
	names := schema.AttrNames()
	if !slices.IsSorted(names) {
		t.Fatal("AttrNames is not sorted")
	}
	for _, n := range names {
		a, ok := schema.LookupAttrName(n)
		if !ok || a.String() != n {
			t.Errorf("LookupAttrName(%q) = %v (%q), %v", n, a, a, ok)
		}
	}
	for _, bad := range []string{"", "dead_leter", "Timeout", "zzz", "aaa"} {
		if a, ok := schema.LookupAttrName(bad); ok {
			t.Errorf("LookupAttrName(%q) = %q, want no attribute", bad, a)
		}
	}
	if schema.AttrDeadLetter.String() != "dead_letter" || schema.AttrDurationP99.String() != "duration_p99" {
		t.Errorf("constants name %q, %q", schema.AttrDeadLetter, schema.AttrDurationP99)
	}
}

func TestConstName(t *testing.T) {
	for in, want := range map[string]string{"dead_letter": "AttrDeadLetter", "for": "AttrFor", "duration_p99": "AttrDurationP99", "cpu": "AttrCPU"} {
		if got := constName(in); got != want {
			t.Errorf("constName(%q) = %q, want %q", in, got, want)
		}
	}
}
