package pathtext

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

func TestJoin(t *testing.T) {
	for _, c := range []struct{ dir, name, want string }{
		{"", "a.tf", "a.tf"},
		{".", "a.tf", "a.tf"},
		{"infra", "a.tf", "infra/a.tf"},
		{"infra/", "a.tf", "infra/a.tf"},
		{"./infra", "a.tf", "./infra/a.tf"},
		{"../app", "x/y.yml", "../app/x/y.yml"},
	} {
		if got := Join(c.dir, c.name); got != c.want {
			t.Errorf("Join(%q, %q) = %q, want %q", c.dir, c.name, got, c.want)
		}
	}
}

func TestCause(t *testing.T) {
	pe := &fs.PathError{Op: "open", Path: "/abs/x", Err: fs.ErrNotExist}
	if got := Cause(pe); got != fs.ErrNotExist {
		t.Errorf("Cause(PathError) = %v", got)
	}
	if got := Cause(fmt.Errorf("reading: %w", pe)); got != fs.ErrNotExist {
		t.Errorf("Cause(wrapped PathError) = %v", got)
	}
	other := errors.New("boom")
	if got := Cause(other); got != other {
		t.Errorf("Cause(other) = %v", got)
	}
	if got := Cause(nil); got != nil {
		t.Errorf("Cause(nil) = %v", got)
	}
}
