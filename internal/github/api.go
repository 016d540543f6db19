package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/shiftgate/shiftgate/internal/httpretry"
)

// newClient builds a go-github client for the API at apiURL (GITHUB_API_URL, so GitHub
// Enterprise Server works) whose transport retries transient failures (httpretry).
func newClient(apiURL, token string, hc *http.Client, rt httpretry.Transport) (*gh.Client, error) {
	base, err := url.Parse(strings.TrimRight(apiURL, "/") + "/")
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("GITHUB_API_URL %q is not a URL: set it to the API root, e.g. https://api.github.com", apiURL)
	}
	wrapped := httpretry.Wrap(hc, rt)
	// go-github adds the token to every request its transport sends, redirects
	// included: a redirect to another host (or down to plain http) is refused, so the
	// token never follows one.
	wrapped.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if req.URL.Host != first.Host || req.URL.Scheme != first.Scheme {
			return fmt.Errorf("refused a redirect from %s to %s://%s: the token is only sent to %s", first.Host, req.URL.Scheme, req.URL.Host, first.Host)
		}
		if len(via) >= 5 {
			return errors.New("stopped after 5 redirects")
		}
		return nil
	}
	client := gh.NewClient(wrapped).WithAuthToken(token)
	client.BaseURL = base
	client.UploadURL = base
	return client, nil
}

// maxPages bounds every listing (100 items a page): a pull request with more comments
// or changed files than this is not paged further, and the API budget is never spent
// on one listing.
const maxPages = 30

// paginate calls fetch with page 0 (the first), then with each next page it returns,
// until it returns 0. A next page that does not move forward (a looping Link header)
// or more than maxPages pages stop it with an error.
func paginate(fetch func(page int) (next int, err error)) error {
	page := 0
	for n := 1; ; n++ {
		next, err := fetch(page)
		if err != nil {
			return err
		}
		if next == 0 {
			return nil
		}
		if next <= page || (page == 0 && next == 1) {
			return fmt.Errorf("the API's next page (%d) does not follow page %d: stopped paging", next, max(page, 1))
		}
		if n >= maxPages {
			return fmt.Errorf("more than %d pages: stopped paging", maxPages)
		}
		page = next
	}
}

// sleepCtx waits for d or until the context ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// apiError describes a failed API call in one line without the token: the status and
// GitHub's message.
func apiError(what string, err error) string {
	var ge *gh.ErrorResponse
	if errors.As(err, &ge) && ge.Response != nil {
		msg := ge.Message
		for _, e := range ge.Errors {
			if e.Message != "" {
				msg += "; " + e.Message
			} else if e.Field != "" {
				msg += "; " + e.Field + " " + e.Code
			}
		}
		return fmt.Sprintf("%s: GitHub answered %d %s", what, ge.Response.StatusCode, msg)
	}
	var rle *gh.RateLimitError
	if errors.As(err, &rle) {
		return fmt.Sprintf("%s: rate limited until %s", what, rle.Rate.Reset.UTC().Format(time.RFC3339))
	}
	var are *gh.AbuseRateLimitError
	if errors.As(err, &are) {
		return fmt.Sprintf("%s: secondary rate limit: %s", what, are.Message)
	}
	return fmt.Sprintf("%s: %v", what, err)
}

// isForbidden reports whether an API error is a 403 or 404 a read-only token gets
// (a fork pull request's GITHUB_TOKEN, or missing permissions).
func isForbidden(err error) bool {
	var ge *gh.ErrorResponse
	if errors.As(err, &ge) && ge.Response != nil {
		return ge.Response.StatusCode == http.StatusForbidden || ge.Response.StatusCode == http.StatusNotFound
	}
	return false
}
