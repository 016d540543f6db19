// Package osvapi queries the OSV API (https://google.github.io/osv.dev/api/): one
// querybatch for every package, then the full record of each vulnerability found. The
// client has timeouts, bounded retries with backoff through the transport shared with
// the GitHub client (package httpretry, Retry-After honoured), and a small on-disk
// cache of records keyed by id and modification time.
package osvapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/shiftgate/shiftgate/internal/httpretry"
)

// DefaultBaseURL is the public OSV API.
const DefaultBaseURL = "https://api.osv.dev"

// batchSize is the most queries the API takes in one querybatch request.
const batchSize = 1000

// Client talks to the OSV API.
type Client struct {
	HTTP    *http.Client
	BaseURL string
	// CacheDir keeps fetched records; "" disables the cache.
	CacheDir string
	// Attempts bounds tries per request (default 3); Backoff is the first wait (default 500ms).
	Attempts int
	Backoff  time.Duration
}

// New returns a client with a 30 s timeout per request.
func New(baseURL, cacheDir string) *Client {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	return &Client{HTTP: &http.Client{Timeout: 30 * time.Second}, BaseURL: strings.TrimRight(baseURL, "/"), CacheDir: cacheDir}
}

// Query is one package at one version.
type Query struct {
	Ecosystem, Name, Version string
}

// VulnRef is what querybatch returns per vulnerability.
type VulnRef struct {
	ID       string `json:"id"`
	Modified string `json:"modified"`
}

type batchRequest struct {
	Queries []batchQuery `json:"queries"`
}

type batchQuery struct {
	Package   batchPackage `json:"package"`
	Version   string       `json:"version,omitempty"`
	PageToken string       `json:"page_token,omitempty"`
}

type batchPackage struct {
	Name      string `json:"name"`
	Ecosystem string `json:"ecosystem"`
}

type batchResponse struct {
	Results []struct {
		Vulns         []VulnRef `json:"vulns"`
		NextPageToken string    `json:"next_page_token"`
	} `json:"results"`
}

// QueryBatch returns, for each query in order, the vulnerabilities the API says affect it.
func (c *Client) QueryBatch(ctx context.Context, qs []Query) ([][]VulnRef, error) {
	out := make([][]VulnRef, len(qs))
	type pending struct {
		idx   int
		token string
	}
	var todo []pending
	for i := range qs {
		todo = append(todo, pending{idx: i})
	}
	for len(todo) > 0 {
		n := min(batchSize, len(todo))
		chunk := todo[:n]
		todo = todo[n:]
		req := batchRequest{}
		for _, p := range chunk {
			q := qs[p.idx]
			req.Queries = append(req.Queries, batchQuery{Package: batchPackage{Name: q.Name, Ecosystem: q.Ecosystem}, Version: q.Version, PageToken: p.token})
		}
		body, err := json.Marshal(req)
		if err != nil {
			return nil, err
		}
		b, err := c.do(ctx, http.MethodPost, c.BaseURL+"/v1/querybatch", body)
		if err != nil {
			return nil, err
		}
		var resp batchResponse
		if err := json.Unmarshal(b, &resp); err != nil {
			return nil, fmt.Errorf("the OSV API's querybatch answer is not valid JSON: %w", err)
		}
		if len(resp.Results) != len(chunk) {
			return nil, fmt.Errorf("the OSV API answered %d results for %d queries", len(resp.Results), len(chunk))
		}
		for i, r := range resp.Results {
			idx := chunk[i].idx
			out[idx] = append(out[idx], r.Vulns...)
			if r.NextPageToken != "" {
				todo = append(todo, pending{idx: idx, token: r.NextPageToken})
			}
		}
	}
	return out, nil
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Vuln returns the full OSV record of id as JSON, from the cache when the cached copy
// has the same modification time.
func (c *Client) Vuln(ctx context.Context, ref VulnRef) ([]byte, error) {
	var cachePath string
	if c.CacheDir != "" && ref.Modified != "" {
		cachePath = filepath.Join(c.CacheDir, unsafeChars.ReplaceAllString(ref.ID, "_")+"@"+unsafeChars.ReplaceAllString(ref.Modified, "_")+".json")
		if b, err := os.ReadFile(cachePath); err == nil {
			return b, nil
		}
	}
	b, err := c.do(ctx, http.MethodGet, c.BaseURL+"/v1/vulns/"+url.PathEscape(ref.ID), nil)
	if err != nil {
		return nil, err
	}
	if cachePath != "" {
		if err := os.MkdirAll(c.CacheDir, 0o755); err == nil {
			// A unique temporary name: parallel jobs sharing the cache never publish
			// each other's half-written file.
			if tmp, err := os.CreateTemp(c.CacheDir, ".vuln-*.tmp"); err == nil {
				_, werr := tmp.Write(b)
				if cerr := tmp.Close(); werr == nil && cerr == nil {
					_ = os.Rename(tmp.Name(), cachePath)
				}
				os.Remove(tmp.Name())
			}
		}
	}
	return b, nil
}

// statusError is a non-2xx answer.
type statusError struct {
	url  string
	code int
	body string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s answered %d: %s", e.url, e.code, e.body)
}

func (c *Client) do(ctx context.Context, method, url string, body []byte) ([]byte, error) {
	attempts := c.Attempts
	if attempts <= 0 {
		attempts = 3
	}
	wait := c.Backoff
	if wait <= 0 {
		wait = 500 * time.Millisecond
	}
	httpc := c.HTTP
	if httpc == nil {
		httpc = &http.Client{Timeout: 30 * time.Second}
	}
	httpc = httpretry.Wrap(httpc, httpretry.Transport{Name: "OSV API", Attempts: attempts, FirstWait: wait})
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", "shiftgate")
	resp, err := httpc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("the OSV API did not answer after %d attempts: %w", attempts, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("could not read the OSV API's answer from %s: %w", url, err)
	}
	if resp.StatusCode/100 != 2 {
		err := &statusError{url: url, code: resp.StatusCode, body: strings.TrimSpace(string(b[:min(len(b), 200)]))}
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
			return nil, fmt.Errorf("the OSV API did not answer after %d attempts: %w", attempts, err)
		}
		return nil, err
	}
	return b, nil
}
