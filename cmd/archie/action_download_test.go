package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeRelease is a release as GoReleaser publishes it (.goreleaser.yaml):
// archie_<version>_linux_amd64.tar.gz holding an archie that prints its
// version, and checksums.txt.
func fakeRelease(t *testing.T, version string) (archive string, files map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	script := []byte("#!/bin/sh\necho 'archie " + version + " (fake release)'\n")
	for _, f := range []struct {
		name string
		data []byte
		mode int64
	}{{"README.md", []byte("# archie\n"), 0o644}, {"archie", script, 0o755}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: f.mode, Size: int64(len(f.data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	archive = "archie_" + strings.TrimPrefix(version, "v") + "_linux_amd64.tar.gz"
	sums := fmt.Sprintf("%x  %s\n%x  archie_%s_darwin_arm64.tar.gz\n", sha256.Sum256(buf.Bytes()), archive, sha256.Sum256([]byte("other")), strings.TrimPrefix(version, "v"))
	return archive, map[string][]byte{archive: buf.Bytes(), "checksums.txt": []byte(sums)}
}

// TestActionDownload runs the action's download step against a release
// served on loopback: the binary of a release tag is installed when its
// SHA-256 matches checksums.txt, a mismatch fails the step without
// installing anything, and what is no release is left to the build step.
func TestActionDownload(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "sha256sum", "tar"} {
		requireTool(t, tool, "", "apt-get install "+tool)
	}
	script := actionStep(t, "Download archie")
	const version = "v1.2.3"
	archive, files := fakeRelease(t, version)
	tampered := map[string][]byte{archive: append(bytes.Clone(files[archive]), 0), "checksums.txt": files["checksums.txt"]}
	releases := map[string]map[string][]byte{version: files, "v6.6.6": tampered}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel, file, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/download/"), "/")
		if rel == "v6.6.6" {
			file = strings.Replace(file, "6.6.6", "1.2.3", 1)
		}
		data, ok := releases[rel][file]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	defer srv.Close()

	step := func(version, ref string) (out, outputs string, code int, bin string) {
		t.Helper()
		tmp := t.TempDir()
		outFile := filepath.Join(tmp, "github-output")
		cmd := exec.Command("bash", "-c", script)
		cmd.Env = append(os.Environ(),
			"ARCHIE_VERSION="+version, "ARCHIE_ACTION_REF="+ref, "ARCHIE_RELEASES="+srv.URL+"/download",
			"RUNNER_OS=Linux", "RUNNER_ARCH=X64", "RUNNER_TEMP="+tmp, "GITHUB_OUTPUT="+outFile)
		b, err := cmd.CombinedOutput()
		code = 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		o, _ := os.ReadFile(outFile)
		return string(b), string(o), code, filepath.Join(tmp, "archie-bin", "archie")
	}

	// The action's own tag: downloaded, verified, installed and run.
	out, outputs, code, bin := step("", version)
	if code != 0 || !strings.Contains(outputs, "installed=true") || !strings.Contains(out, "archie v1.2.3 (fake release)") {
		t.Errorf("release tag: exit %d, outputs %q\n%s", code, outputs, out)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Errorf("release tag: no binary installed: %v", err)
	}

	// A release whose archive does not match its checksum: the step fails
	// and installs nothing.
	out, outputs, code, bin = step("v6.6.6", "v1")
	if code != 1 || strings.Contains(outputs, "installed=true") || !strings.Contains(out, "does not match the SHA-256") {
		t.Errorf("tampered archive: exit %d, outputs %q\n%s", code, outputs, out)
	}
	if _, err := os.Stat(bin); err == nil {
		t.Errorf("tampered archive: a binary was installed")
	}

	// Not release tags: left to the go install step, with the exact version.
	for _, ref := range []string{"v1", "main", "0123456789abcdef0123456789abcdef01234567"} {
		out, outputs, code, _ = step("", ref)
		if code != 0 || strings.Contains(outputs, "installed=true") || !strings.Contains(outputs, "version="+ref+"\n") {
			t.Errorf("%s: exit %d, outputs %q\n%s", ref, code, outputs, out)
		}
	}
	// A tag with no release yet: a warning, and the build step.
	out, outputs, code, _ = step("v9.9.9", "")
	if code != 0 || strings.Contains(outputs, "installed=true") || !strings.Contains(out, "no release v9.9.9") {
		t.Errorf("missing release: exit %d, outputs %q\n%s", code, outputs, out)
	}
}
