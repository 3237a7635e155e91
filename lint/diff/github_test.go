package diff

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeGitHub is the part of GitHub's REST API the comment uses, on
// loopback: issue comments listed (paginated), created and updated.
type fakeGitHub struct {
	mu       sync.Mutex
	comments []fakeComment
	nextID   int64
	token    string
	readOnly bool
	requests []string
}

type fakeComment struct {
	ID   int64  `json:"id"`
	Body string `json:"body"`
}

func (f *fakeGitHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path)
	if r.Header.Get("Authorization") != "Bearer "+f.token {
		http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
		return
	}
	const prefix = "/repos/octo/shop/issues/"
	switch {
	case r.Method == http.MethodGet && r.URL.Path == prefix+"7/comments":
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
		lo := min((page-1)*per, len(f.comments))
		hi := min(lo+per, len(f.comments))
		json.NewEncoder(w).Encode(f.comments[lo:hi])
	case f.readOnly:
		http.Error(w, `{"message":"Resource not accessible by integration"}`, http.StatusForbidden)
	case r.Method == http.MethodPost && r.URL.Path == prefix+"7/comments":
		var in fakeComment
		json.NewDecoder(r.Body).Decode(&in)
		f.nextID++
		in.ID = f.nextID
		f.comments = append(f.comments, in)
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(in)
	case r.Method == http.MethodPatch && strings.HasPrefix(r.URL.Path, prefix+"comments/"):
		id, _ := strconv.ParseInt(strings.TrimPrefix(r.URL.Path, prefix+"comments/"), 10, 64)
		var in fakeComment
		json.NewDecoder(r.Body).Decode(&in)
		for i := range f.comments {
			if f.comments[i].ID == id {
				f.comments[i].Body = in.Body
				json.NewEncoder(w).Encode(f.comments[i])
				return
			}
		}
		http.NotFound(w, r)
	default:
		http.NotFound(w, r)
	}
}

// The comment is created once, then updated in place: a pull request
// never gets a second one, even with other comments around it and more
// than a page of them.
func TestCommentCreatedThenUpdated(t *testing.T) {
	gh := &fakeGitHub{token: "t0ken", nextID: 1000}
	for i := range 150 {
		gh.comments = append(gh.comments, fakeComment{ID: int64(i + 1), Body: fmt.Sprintf("review comment %d", i)})
	}
	srv := httptest.NewServer(gh)
	defer srv.Close()
	c := GitHubComment{API: srv.URL, Repo: "octo/shop", Number: 7, Token: "t0ken", Client: srv.Client()}
	ctx := context.Background()
	did, err := c.Post(ctx, Marker+"\nfirst")
	if err != nil || did != "created" {
		t.Fatalf("first: %s, %v", did, err)
	}
	// A human quoting the marker in the middle of a comment is not ours.
	gh.comments = append(gh.comments, fakeComment{ID: 5000, Body: "see " + Marker})
	did, err = c.Post(ctx, "second")
	if err != nil || did != "updated" {
		t.Fatalf("second: %s, %v", did, err)
	}
	ours := 0
	for _, cm := range gh.comments {
		if strings.HasPrefix(cm.Body, Marker) {
			ours++
			if cm.Body != Marker+"\nsecond" || cm.ID != 1001 {
				t.Errorf("comment %d: %q", cm.ID, cm.Body)
			}
		}
	}
	if ours != 1 {
		t.Errorf("%d comments of ours, want 1", ours)
	}
}

// A read-only token (a fork's pull request) is ErrNoPermission, which the
// command turns into a skipped comment; a wrong token too.
func TestCommentWithoutPermission(t *testing.T) {
	gh := &fakeGitHub{token: "t0ken", readOnly: true}
	srv := httptest.NewServer(gh)
	defer srv.Close()
	c := GitHubComment{API: srv.URL, Repo: "octo/shop", Number: 7, Token: "t0ken", Client: srv.Client()}
	if _, err := c.Post(context.Background(), "x"); !errors.Is(err, ErrNoPermission) {
		t.Errorf("read-only: %v", err)
	}
	c.Token = "wrong"
	if _, err := c.Post(context.Background(), "x"); !errors.Is(err, ErrNoPermission) {
		t.Errorf("bad token: %v", err)
	}
	if len(gh.comments) != 0 {
		t.Errorf("comments written: %+v", gh.comments)
	}
}

func TestPullRequestNumber(t *testing.T) {
	if n, err := PullRequestNumber([]byte(`{"number":7,"pull_request":{"number":7}}`)); n != 7 || err != nil {
		t.Errorf("%d %v", n, err)
	}
	if _, err := PullRequestNumber([]byte(`{"ref":"refs/heads/main"}`)); err == nil {
		t.Error("a push event has no pull request")
	}
	if _, err := PullRequestNumber([]byte(`nope`)); err == nil {
		t.Error("not JSON")
	}
}
