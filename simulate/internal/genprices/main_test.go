package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGeneratedIsCurrent fails when simulate/prices_gen.go is not what
// genprices makes of simulate/prices.hcl: run go generate ./simulate.
func TestGeneratedIsCurrent(t *testing.T) {
	src, err := os.ReadFile("../../prices.hcl")
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate(src, "prices.hcl")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../prices_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("simulate/prices_gen.go is out of date with simulate/prices.hcl: run go generate ./simulate")
	}
}

// A table that breaks a rule is refused, with its position.
func TestGenerateRefusesBadTable(t *testing.T) {
	_, err := generate([]byte("region = \"x\"\na = [[10, 1], [5, 2]]\n"), "bad.hcl")
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("bad.hcl:2")) {
		t.Fatalf("got %v, want an error at bad.hcl:2", err)
	}
}
