package imports

import (
	"context"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// seeds adds every fixture file with one of the extensions as a seed.
func seeds(f *testing.F, exts ...string) {
	_ = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		for _, ext := range exts {
			if strings.HasSuffix(p, ext) {
				if src, err := os.ReadFile(p); err == nil {
					f.Add(src)
				}
			}
		}
		return nil
	})
}

// fuzzLoad imports one file of a format from memory: whatever the bytes,
// the importer must return without panicking, and the architecture it
// generates must load without errors.
func fuzzLoad(t *testing.T, format, name string, src []byte) {
	fsys := fstest.MapFS{"in/" + name: {Data: src}}
	p := "in/" + name
	if format == "terraform" {
		p = "in"
	}
	loaded, diags := Load(context.Background(), format, fsys, p, p)
	if loaded == nil || loaded.Arch == nil {
		return
	}
	for _, d := range diags {
		if d.Subject != nil && strings.HasSuffix(d.Subject.Filename, ".arch.hcl") {
			t.Fatalf("the generated architecture is invalid: %s\n%s", d, loaded.Output.Files[0].Src)
		}
	}
}

func FuzzCloudFormation(f *testing.F) {
	seeds(f, ".yaml", ".yml", ".json")
	f.Add([]byte("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedrivePolicy: !GetAtt [A, Arn]\n"))
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "sam", "template.yaml", src) })
}

// TestMutations feeds a fixed set of byte-level mutations of the fixtures
// through every front end: a deterministic complement to the fuzzers that
// runs in every test run.
func TestMutations(t *testing.T) {
	var srcs []struct {
		format, name string
		src          []byte
	}
	_ = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(p, "/fuzz/") {
			return nil
		}
		format := strings.Split(filepath.ToSlash(p), "/")[1]
		name := "template.yaml"
		switch {
		case strings.HasSuffix(p, ".tf"):
			name = "main.tf"
		case format == "serverless" && strings.HasSuffix(p, ".yml"):
			name = "serverless.yml"
		case strings.HasSuffix(p, ".golden"):
			return nil
		}
		if src, err := os.ReadFile(p); err == nil {
			srcs = append(srcs, struct {
				format, name string
				src          []byte
			}{format, name, src})
		}
		return nil
	})
	seed, n := int64(1), 1500
	if testing.Short() {
		n = 200
	}
	// ARCHIE_MUTATIONS=N[,SEED] runs a longer or different series.
	if v := os.Getenv("ARCHIE_MUTATIONS"); v != "" {
		count, s, _ := strings.Cut(v, ",")
		if x, err := strconv.Atoi(count); err == nil {
			n = x
		}
		if x, err := strconv.ParseInt(s, 10, 64); err == nil {
			seed = x
		}
	}
	r := rand.New(rand.NewSource(seed))
	for i := 0; i < n; i++ {
		in := srcs[r.Intn(len(srcs))]
		s := append([]byte{}, in.src...)
		for k := 0; k < 1+r.Intn(4) && len(s) > 0; k++ {
			j := r.Intn(len(s))
			switch r.Intn(3) {
			case 0:
				const alphabet = "{}[]:,-!\"\n #&*|>$.'abc01"
				s[j] = alphabet[r.Intn(len(alphabet))]
			case 1:
				s = append(s[:j], s[min(len(s), j+r.Intn(40)):]...)
			case 2:
				e := min(len(s), j+r.Intn(80))
				s = append(s[:e:e], append(append([]byte{}, s[j:e]...), s[e:]...)...)
			}
		}
		fuzzLoad(t, in.format, in.name, s)
	}
}

func FuzzServerless(f *testing.F) {
	seeds(f, ".yml")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "serverless", "serverless.yml", src) })
}

func FuzzTerraform(f *testing.F) {
	seeds(f, ".tf")
	f.Add([]byte("resource \"aws_sqs_queue\" \"q\" {\n  redrive_policy = jsonencode({deadLetterTargetArn = aws_sqs_queue.q.arn})\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "terraform", "main.tf", src) })
}
