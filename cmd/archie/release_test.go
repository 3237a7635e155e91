package main

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The release tools are large builds (GoReleaser takes many minutes on 2
// cores) that .ci/run does not install: these tests run where they are
// on PATH and are skipped elsewhere, in CI too.
func optionalTool(t *testing.T, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not found (install: %s)", name, install)
	}
	return p
}

// TestGoReleaserConfig validates .goreleaser.yaml with GoReleaser itself.
func TestGoReleaserConfig(t *testing.T) {
	tool := optionalTool(t, "goreleaser", "go install github.com/goreleaser/goreleaser/v2@v2.15.1")
	root := repoRoot(t)
	if out, code := run(t, root, nil, tool, "check", ".goreleaser.yaml"); code != 0 {
		t.Errorf("goreleaser check: exit %d\n%s", code, out)
	}
}

// TestContainerImage builds the image of .ko.yaml with ko into an OCI
// layout, without a registry or a Docker engine: the base image is an
// empty image put into ko's cache (KOCACHE) under its digest, so nothing
// is pulled. Then it takes archie out of the image's layers and runs it.
func TestContainerImage(t *testing.T) {
	ko := optionalTool(t, "ko", "go install github.com/google/ko@v0.18.1")
	root := repoRoot(t)
	cache := t.TempDir()
	base := emptyImageLayout(t, filepath.Join(cache, "img"))
	// ko names the image after the layout's path, which must be a valid
	// repository name: lower case, unlike t.TempDir().
	out, err := os.MkdirTemp("", "archie-ko-layout-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(out) })
	env := []string{
		"KOCACHE=" + cache,
		"KO_DEFAULTBASEIMAGE=registry.invalid/empty@" + base,
		"KO_DOCKER_REPO=registry.invalid/archie",
	}
	if msg, code := run(t, root, env, ko, "build", "--push=false", "--platform=linux/"+goarch(t), "--oci-layout-path="+out, "./cmd/archie"); code != 0 {
		t.Fatalf("ko build: exit %d\n%s", code, msg)
	}
	bin, entrypoint := extractFromLayout(t, out, "ko-app/archie")
	// docker run IMAGE lint /src runs archie lint /src: the entrypoint is
	// the binary itself.
	if !slices.Equal(entrypoint, []string{"/ko-app/archie"}) {
		t.Errorf("the image's entrypoint is %q, want [/ko-app/archie]", entrypoint)
	}
	msg, code := run(t, root, nil, bin, "version")
	if code != 0 || !strings.HasPrefix(msg, "archie ") {
		t.Errorf("archie version from the image: exit %d\n%s", code, msg)
	}
	if msg, code := run(t, root, nil, bin, "lint", "examples/pub-sub"); code != 0 {
		t.Errorf("archie lint from the image: exit %d\n%s", code, msg)
	}
}

func goarch(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOARCH").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// emptyImageLayout writes an OCI image layout holding one image with no
// layers, and returns the image manifest's digest.
func emptyImageLayout(t *testing.T, dir string) string {
	t.Helper()
	blob := func(data []byte) string {
		sum := fmt.Sprintf("%x", sha256.Sum256(data))
		p := filepath.Join(dir, "blobs", "sha256", sum)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return "sha256:" + sum
	}
	config := []byte(fmt.Sprintf(`{"architecture":%q,"os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}`, goarch(t)))
	manifest := []byte(fmt.Sprintf(`{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":%d,"digest":%q},"layers":[]}`, len(config), blob(config)))
	digest := blob(manifest)
	index := fmt.Sprintf(`{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":%d,"digest":%q}]}`, len(manifest), digest)
	if err := os.WriteFile(filepath.Join(dir, "index.json"), []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "oci-layout"), []byte(`{"imageLayoutVersion":"1.0.0"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return digest
}

// extractFromLayout finds name in the layers of the (one) image of an OCI
// layout and writes it to a temporary executable file; it returns the
// file and the image's entrypoint.
func extractFromLayout(t *testing.T, dir, name string) (string, []string) {
	t.Helper()
	type desc struct {
		MediaType string `json:"mediaType"`
		Digest    string `json:"digest"`
	}
	read := func(digest string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, "blobs", "sha256", strings.TrimPrefix(digest, "sha256:")))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	var index struct{ Manifests []desc }
	data, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &index); err != nil || len(index.Manifests) == 0 {
		t.Fatalf("index.json: %v %s", err, data)
	}
	m := index.Manifests[0]
	for strings.Contains(m.MediaType, "index") {
		var sub struct{ Manifests []desc }
		if err := json.Unmarshal(read(m.Digest), &sub); err != nil || len(sub.Manifests) == 0 {
			t.Fatalf("index %s: %v", m.Digest, err)
		}
		m = sub.Manifests[0]
	}
	var manifest struct {
		Config desc
		Layers []desc
	}
	if err := json.Unmarshal(read(m.Digest), &manifest); err != nil {
		t.Fatal(err)
	}
	var config struct {
		Config struct{ Entrypoint []string }
	}
	if err := json.Unmarshal(read(manifest.Config.Digest), &config); err != nil {
		t.Fatalf("image config: %v", err)
	}
	for _, l := range manifest.Layers {
		f, err := os.Open(filepath.Join(dir, "blobs", "sha256", strings.TrimPrefix(l.Digest, "sha256:")))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var r io.Reader = f
		if strings.Contains(l.MediaType, "gzip") {
			gz, err := gzip.NewReader(f)
			if err != nil {
				t.Fatal(err)
			}
			r = gz
		}
		tr := tar.NewReader(r)
		for {
			h, err := tr.Next()
			if err != nil {
				break
			}
			if strings.TrimPrefix(h.Name, "/") == name {
				p := filepath.Join(t.TempDir(), "archie")
				data, err := io.ReadAll(tr)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, data, 0o755); err != nil {
					t.Fatal(err)
				}
				return p, config.Config.Entrypoint
			}
		}
	}
	t.Fatalf("no %s in the image's layers", name)
	return "", nil
}
