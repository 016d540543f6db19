// Package httpretry is the one retrying HTTP transport shiftgate's API clients share
// (the OSV API and the GitHub API). It retries network errors, 5xx answers (but 501),
// 429, and rate-limited 403s a bounded number of times with exponential backoff, and
// honours Retry-After (seconds or an HTTP date) and GitHub's x-ratelimit-reset — unless
// the wait they ask for is longer than MaxWait, in which case the answer is returned
// as it is. A plain 403 (a read-only token) and every other 4xx are final.
package httpretry

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Defaults of the zero Transport.
const (
	DefaultAttempts  = 4
	DefaultFirstWait = time.Second
	DefaultMaxWait   = 60 * time.Second
)

// Transport retries requests. The zero value retries over http.DefaultTransport.
type Transport struct {
	// Base sends each attempt; nil means http.DefaultTransport.
	Base http.RoundTripper
	// Attempts bounds the tries of one request (0: DefaultAttempts).
	Attempts int
	// FirstWait is the backoff before the second try, doubled for each next one
	// (0: DefaultFirstWait).
	FirstWait time.Duration
	// MaxWait is the longest wait a server may ask for (0: DefaultMaxWait).
	MaxWait time.Duration
	// Sleep waits (tests make it instant); nil waits on a timer or the context.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock for reset times; nil is time.Now.
	Now func() time.Time
	// Log, when set, is told about each retry.
	Log func(format string, args ...any)
	// Name names the service in Log lines ("GitHub API", "OSV API").
	Name string
}

// Wrap returns a copy of c whose transport retries (c's own transport, or the default,
// sends each attempt). A nil c is a client with a 60 s timeout.
func Wrap(c *http.Client, t Transport) *http.Client {
	out := http.Client{Timeout: 60 * time.Second}
	if c != nil {
		out = *c
	}
	t.Base = out.Transport
	out.Transport = &t
	return &out
}

func (t *Transport) attempts() int {
	if t.Attempts > 0 {
		return t.Attempts
	}
	return DefaultAttempts
}

// RoundTrip sends the request, again after a wait when the failure is transient.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	n := t.attempts()
	for attempt := 1; ; attempt++ {
		r := req
		if attempt > 1 && req.Body != nil && req.Body != http.NoBody {
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
		resp, err := base.RoundTrip(r)
		var wait time.Duration
		var why string
		if err != nil {
			if req.Context().Err() != nil || attempt >= n {
				return nil, err
			}
			wait, why = t.backoff(attempt), "the request failed: "+err.Error()
		} else {
			wait, why = t.retryAfter(resp, attempt)
			if wait < 0 || attempt >= n {
				return resp, nil
			}
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
		}
		if t.Log != nil {
			name := t.Name
			if name == "" {
				name = req.URL.Host
			}
			t.Log("%s %s %s: %s; retrying in %s (attempt %d of %d)", name, req.Method, req.URL.Path, why, wait, attempt+1, n)
		}
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// backoff is the exponential wait before attempt+1.
func (t *Transport) backoff(attempt int) time.Duration {
	first := t.FirstWait
	if first <= 0 {
		first = DefaultFirstWait
	}
	return first << (attempt - 1)
}

func (t *Transport) maxWait() time.Duration {
	if t.MaxWait > 0 {
		return t.MaxWait
	}
	return DefaultMaxWait
}

func (t *Transport) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

func (t *Transport) sleep(ctx context.Context, d time.Duration) error {
	if t.Sleep != nil {
		return t.Sleep(ctx, d)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// retryAfter decides whether a response is worth retrying and how long to wait first;
// a negative wait means do not retry.
func (t *Transport) retryAfter(resp *http.Response, attempt int) (time.Duration, string) {
	status := fmt.Sprintf("status %d", resp.StatusCode)
	retryable := resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented ||
		resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusForbidden
	if !retryable {
		return -1, ""
	}
	if ra := strings.TrimSpace(resp.Header.Get("Retry-After")); ra != "" {
		if d, ok := t.parseRetryAfter(ra); ok {
			if d > t.maxWait() {
				return -1, ""
			}
			return max(d, time.Second), status + " (Retry-After " + ra + ")"
		}
	}
	if resp.Header.Get("X-Ratelimit-Remaining") == "0" {
		if reset, err := strconv.ParseInt(resp.Header.Get("X-Ratelimit-Reset"), 10, 64); err == nil {
			d := time.Unix(reset, 0).Sub(t.now()) + time.Second
			if d > t.maxWait() {
				return -1, ""
			}
			return max(d, time.Second), status + " (rate limit, resets at x-ratelimit-reset)"
		}
	}
	if resp.StatusCode != http.StatusForbidden {
		return t.backoff(attempt), status
	}
	// A 403 without rate-limit headers may still be GitHub's secondary rate limit: it
	// says so in the message. Anything else (a read-only token) is final.
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if bytes.Contains(bytes.ToLower(body), []byte("secondary rate limit")) {
		return t.backoff(attempt), status + " (secondary rate limit)"
	}
	return -1, ""
}

// parseRetryAfter reads Retry-After: delay-seconds or an HTTP date (RFC 9110 10.2.3).
func (t *Transport) parseRetryAfter(v string) (time.Duration, bool) {
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(s) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(t.now()), 0), true
	}
	return 0, false
}
