package github

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// Retry bounds: how often a request is tried, and the longest single wait.
const (
	maxAttempts = 4
	maxWait     = 60 * time.Second
)

// newClient builds a go-github client for the API at apiURL (GITHUB_API_URL, so GitHub
// Enterprise Server works) whose transport retries transient failures.
func newClient(apiURL, token string, hc *http.Client, rt *retryTransport) (*gh.Client, error) {
	base, err := url.Parse(strings.TrimRight(apiURL, "/") + "/")
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("GITHUB_API_URL %q is not a URL: set it to the API root, e.g. https://api.github.com", apiURL)
	}
	c := http.Client{Timeout: 60 * time.Second}
	if hc != nil {
		c = *hc
	}
	rt.base = c.Transport
	if rt.base == nil {
		rt.base = http.DefaultTransport
	}
	c.Transport = rt
	client := gh.NewClient(&c).WithAuthToken(token)
	client.BaseURL = base
	client.UploadURL = base
	return client, nil
}

// retryTransport retries 5xx responses and secondary rate limits (403/429 with
// Retry-After, or with x-ratelimit-remaining 0 and x-ratelimit-reset) a bounded number
// of times. A plain 403 (a read-only token) is never retried.
type retryTransport struct {
	base  http.RoundTripper
	sleep func(context.Context, time.Duration) error
	now   func() time.Time
	log   func(format string, args ...any)
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 1; ; attempt++ {
		r := req
		if attempt > 1 && req.Body != nil {
			if req.GetBody == nil {
				return nil, fmt.Errorf("cannot retry %s %s: the request body cannot be replayed", req.Method, req.URL.Path)
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r = req.Clone(req.Context())
			r.Body = body
		}
		resp, err := t.base.RoundTrip(r)
		var wait time.Duration
		var why string
		if err != nil {
			if req.Context().Err() != nil || attempt >= maxAttempts {
				return nil, err
			}
			wait, why = backoff(attempt), "the request failed: "+err.Error()
		} else {
			wait, why = t.retryAfter(resp, attempt)
			if wait < 0 || attempt >= maxAttempts {
				return resp, nil
			}
			io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
		}
		t.log("GitHub API %s %s: %s; retrying in %s (attempt %d of %d)", req.Method, req.URL.Path, why, wait, attempt+1, maxAttempts)
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// backoff is the exponential wait before attempt+1: 1s, 2s, 4s.
func backoff(attempt int) time.Duration { return time.Second << (attempt - 1) }

// retryAfter decides whether a response is worth retrying and how long to wait first;
// a negative wait means do not retry.
func (t *retryTransport) retryAfter(resp *http.Response, attempt int) (time.Duration, string) {
	status := fmt.Sprintf("status %d", resp.StatusCode)
	switch {
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return backoff(attempt), status
	case resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests:
		return -1, ""
	}
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		if s, err := strconv.Atoi(strings.TrimSpace(ra)); err == nil && s >= 0 {
			d := time.Duration(s) * time.Second
			if d > maxWait {
				return -1, ""
			}
			return max(d, time.Second), status + " (secondary rate limit, Retry-After " + ra + ")"
		}
	}
	if resp.Header.Get("X-Ratelimit-Remaining") == "0" {
		if reset, err := strconv.ParseInt(resp.Header.Get("X-Ratelimit-Reset"), 10, 64); err == nil {
			d := time.Unix(reset, 0).Sub(t.now()) + time.Second
			if d > maxWait {
				return -1, ""
			}
			return max(d, time.Second), status + " (rate limit, resets at x-ratelimit-reset)"
		}
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return backoff(attempt), status
	}
	// A 403 without rate-limit headers may still be a secondary rate limit: GitHub says
	// so in the message. Anything else (a read-only token) is final.
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if bytes.Contains(bytes.ToLower(body), []byte("secondary rate limit")) {
		return backoff(attempt), status + " (secondary rate limit)"
	}
	return -1, ""
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
