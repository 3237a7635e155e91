package format

import (
	"net/url"
	"strings"
	"testing"
)

// TestSpecialCharactersSurvive writes a finding whose message and file
// name hold quotes, backslashes, line breaks, '%', '::', ',', markup and
// non-ASCII text in every format, parses each output back the way its
// readers do, and compares.
//
// Formats read by people show a CRLF as the line break it is (safetext).
func TestSpecialCharactersSurvive(t *testing.T) {
	specialText := strings.ReplaceAll(specialMessage, "\r\n", "\n")
	f := fixtures(t)[3]
	finding := f.report.Findings[0]
	if finding.Message != specialMessage || finding.Range.Filename != specialFile {
		t.Fatalf("fixture: %+v", finding)
	}

	t.Run("sarif", func(t *testing.T) {
		run := decodeSARIF(t, writeAll(t, "sarif", f)).Runs[0]
		res := run.Results[0]
		if res.Message.Text != specialText+"." {
			t.Errorf("message %q", res.Message.Text)
		}
		al := res.Locations[0].PhysicalLocation.ArtifactLocation
		u, err := url.Parse(al.URI)
		if err != nil || u.Scheme != "" || u.Path != specialFile && u.Path != "./"+specialFile {
			t.Errorf("uri %q reads as %q (%v), want %q", al.URI, u, err, specialFile)
		}
		base, err := url.Parse(run.OriginalURIBaseIDs[al.URIBaseID].URI)
		if err != nil || base.Path != "/tmp/wörk space/" {
			t.Errorf("base %q (%v)", run.OriginalURIBaseIDs[al.URIBaseID].URI, err)
		}
		if got := base.ResolveReference(u).Path; got != "/tmp/wörk space/"+specialFile {
			t.Errorf("resolved to %q", got)
		}
	})

	t.Run("junit", func(t *testing.T) {
		ju := readJUnit(t, writeAll(t, "junit", f))
		var found bool
		for _, s := range ju.Suites {
			for _, c := range s.Cases {
				if c.Name != "fixture-echo" {
					continue
				}
				found = true
				if s.Name != specialDir || c.Classname != specialDir {
					t.Errorf("suite %q, classname %q, want %q", s.Name, c.Classname, specialDir)
				}
				fl := c.Failure[0]
				if fl.Message != specialText {
					t.Errorf("failure message %q", fl.Message)
				}
				if !strings.Contains(fl.Body, specialText) || !strings.Contains(fl.Body, specialFile+":2:17") {
					t.Errorf("failure body %q", fl.Body)
				}
			}
		}
		if !found {
			t.Error("no fixture-echo test case")
		}
	})

	t.Run("checkstyle", func(t *testing.T) {
		cs := readCheckstyle(t, writeAll(t, "checkstyle", f))
		if len(cs.Files) != 1 || cs.Files[0].Name != specialFile {
			t.Fatalf("files %+v", cs.Files)
		}
		if e := cs.Files[0].Errors[0]; e.Message != specialText || e.Source != "archie.fixture-echo" {
			t.Errorf("entry %+v", e)
		}
	})

	t.Run("github", func(t *testing.T) {
		cmds, _ := parseGitHub(t, string(writeAll(t, "github", f)))
		if c := cmds[0]; c.Data != specialText || c.Props["file"] != specialFile || c.Props["line"] != "2" {
			t.Errorf("command %+v", c)
		}
	})

	t.Run("codequality", func(t *testing.T) {
		issues := readCodeQuality(t, writeAll(t, "codequality", f))
		if is := issues[0]; is.Description != specialText || is.Location.Path != specialFile {
			t.Errorf("issue %+v", is)
		}
	})

	t.Run("markdown", func(t *testing.T) {
		// Markdown has no carriage return: a line break is a line break.
		rows := renderTables(t, writeAll(t, "markdown", f))
		want := specialText
		if rows[1][4] != want {
			t.Errorf("message cell\n%q\nwant\n%q", rows[1][4], want)
		}
	})
}
