package diff

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// GitHubComment is where CommentOnPullRequest writes: a pull request of a
// repository, through the REST API with a token.
type GitHubComment struct {
	API    string // e.g. https://api.github.com ($GITHUB_API_URL)
	Repo   string // owner/name ($GITHUB_REPOSITORY)
	Number int    // the pull request's number
	Token  string // a token allowed to write pull-request comments
	Client *http.Client
}

// ErrNoPermission is a token that may not comment, as on a pull request
// from a fork: callers skip the comment rather than fail the check.
var ErrNoPermission = errors.New("the token may not comment on this pull request (a pull request from a fork gets a read-only token)")

// maxCommentPages bounds the search for an earlier comment: 100 pages of
// 100 comments.
const maxCommentPages = 100

// Post creates the pull request's archie diff comment, or updates the one
// an earlier run created (found by Marker), so a pull request has one.
// It returns "created" or "updated".
func (g GitHubComment) Post(ctx context.Context, body string) (string, error) {
	if !strings.HasPrefix(body, Marker) {
		body = Marker + "\n" + body
	}
	if g.Repo == "" || strings.Count(g.Repo, "/") != 1 || g.Number <= 0 {
		return "", fmt.Errorf("no pull request to comment on: needs the repository (owner/name) and the pull request's number")
	}
	api := strings.TrimSuffix(g.API, "/")
	if _, err := url.ParseRequestURI(api); err != nil || api == "" {
		return "", fmt.Errorf("GitHub API URL %q is not a URL", g.API)
	}
	owner, name, _ := strings.Cut(g.Repo, "/")
	base := api + "/repos/" + url.PathEscape(owner) + "/" + url.PathEscape(name)
	id, err := g.find(ctx, base)
	if err != nil {
		return "", err
	}
	payload, _ := json.Marshal(map[string]string{"body": body})
	if id != 0 {
		return "updated", g.do(ctx, http.MethodPatch, base+"/issues/comments/"+strconv.FormatInt(id, 10), payload, nil)
	}
	return "created", g.do(ctx, http.MethodPost, base+"/issues/"+strconv.Itoa(g.Number)+"/comments", payload, nil)
}

// find returns the ID of the first comment that starts with Marker, or 0.
func (g GitHubComment) find(ctx context.Context, base string) (int64, error) {
	for page := 1; page <= maxCommentPages; page++ {
		var comments []struct {
			ID   int64  `json:"id"`
			Body string `json:"body"`
		}
		u := fmt.Sprintf("%s/issues/%d/comments?per_page=100&page=%d", base, g.Number, page)
		if err := g.do(ctx, http.MethodGet, u, nil, &comments); err != nil {
			return 0, err
		}
		for _, c := range comments {
			if strings.HasPrefix(c.Body, Marker) {
				return c.ID, nil
			}
		}
		if len(comments) < 100 {
			return 0, nil
		}
	}
	return 0, nil
}

func (g GitHubComment) do(ctx context.Context, method, u string, payload []byte, into any) error {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("Authorization", "Bearer "+g.Token)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := g.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("GitHub API: %v", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return fmt.Errorf("GitHub API: %v", err)
	}
	switch {
	case resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized ||
		resp.StatusCode == http.StatusNotFound && method != http.MethodGet:
		return ErrNoPermission
	case resp.StatusCode/100 != 2:
		msg := strings.ToValidUTF8(string(data), "?")
		if len(msg) > 200 {
			msg = msg[:200]
		}
		return fmt.Errorf("GitHub API: %s %s: %s %s", method, strings.SplitN(u, "?", 2)[0], resp.Status, msg)
	}
	if into != nil {
		if err := json.Unmarshal(data, into); err != nil {
			return fmt.Errorf("GitHub API: %s: unexpected answer: %v", method, err)
		}
	}
	return nil
}

// PullRequestNumber reads the pull request's number from the event file
// of a GitHub Actions run ($GITHUB_EVENT_PATH).
func PullRequestNumber(event []byte) (int, error) {
	var e struct {
		Number      int `json:"number"`
		PullRequest struct {
			Number int `json:"number"`
		} `json:"pull_request"`
	}
	if err := json.Unmarshal(event, &e); err != nil {
		return 0, fmt.Errorf("the event file is not JSON: %v", err)
	}
	if e.PullRequest.Number > 0 {
		return e.PullRequest.Number, nil
	}
	if e.Number > 0 {
		return e.Number, nil
	}
	return 0, errors.New("the event is not a pull request's: run the diff mode on pull_request events")
}
