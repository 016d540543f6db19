package httpretry

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// server answers with the given statuses and headers in turn (the last one repeats),
// and records each request body.
func server(t *testing.T, answers ...func(w http.ResponseWriter)) (*httptest.Server, *atomic.Int32, *[]string) {
	t.Helper()
	var n atomic.Int32
	var bodies []string
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		i := int(n.Add(1)) - 1
		answers[min(i, len(answers)-1)](w)
	}))
	t.Cleanup(s.Close)
	return s, &n, &bodies
}

func status(code int, header ...string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
		io.WriteString(w, http.StatusText(code))
	}
}

func client(s *httptest.Server, waits *[]time.Duration, now time.Time) *http.Client {
	return Wrap(s.Client(), Transport{
		Sleep: func(_ context.Context, d time.Duration) error { *waits = append(*waits, d); return nil },
		Now:   func() time.Time { return now },
	})
}

func post(t *testing.T, c *http.Client, url string) *http.Response {
	t.Helper()
	resp, err := c.Post(url, "application/json", strings.NewReader(`{"q":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestRetryAfterIsHonoured(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	s, n, bodies := server(t,
		status(429, "Retry-After", "7"),
		status(503, "Retry-After", now.Add(20*time.Second).Format(http.TimeFormat)),
		status(403, "X-Ratelimit-Remaining", "0", "X-Ratelimit-Reset", "1795953612"), // now + 12 s
		status(200))
	var waits []time.Duration
	resp := post(t, client(s, &waits, now), s.URL)
	if resp.StatusCode != 200 || n.Load() != 4 {
		t.Fatalf("status %d after %d requests, want 200 after 4", resp.StatusCode, n.Load())
	}
	want := []time.Duration{7 * time.Second, 20 * time.Second, 13 * time.Second}
	if len(waits) != len(want) || waits[0] != want[0] || waits[1] != want[1] || waits[2] != want[2] {
		t.Errorf("waits %v, want %v", waits, want)
	}
	for i, b := range *bodies {
		if b != `{"q":1}` {
			t.Errorf("attempt %d sent body %q: the body was not replayed", i+1, b)
		}
	}
}

func TestBounded(t *testing.T) {
	s, n, _ := server(t, status(502))
	var waits []time.Duration
	resp := post(t, client(s, &waits, time.Now()), s.URL)
	if resp.StatusCode != 502 || n.Load() != DefaultAttempts {
		t.Errorf("status %d after %d requests, want 502 after %d", resp.StatusCode, n.Load(), DefaultAttempts)
	}
	if len(waits) != 3 || waits[0] != time.Second || waits[1] != 2*time.Second || waits[2] != 4*time.Second {
		t.Errorf("backoff %v, want 1s 2s 4s", waits)
	}
}

func TestFinalAnswers(t *testing.T) {
	cases := map[string]func(w http.ResponseWriter){
		"400":                         status(400),
		"404":                         status(404),
		"501":                         status(501),
		"a plain 403 (no rate limit)": status(403),
		"Retry-After beyond MaxWait":  status(429, "Retry-After", "3600"),
	}
	for name, answer := range cases {
		t.Run(name, func(t *testing.T) {
			s, n, _ := server(t, answer)
			var waits []time.Duration
			post(t, client(s, &waits, time.Now()), s.URL)
			if n.Load() != 1 || len(waits) != 0 {
				t.Errorf("%d requests, waits %v: want one request and no retry", n.Load(), waits)
			}
		})
	}
}

func TestSecondaryRateLimitMessage(t *testing.T) {
	s, n, _ := server(t, func(w http.ResponseWriter) {
		w.WriteHeader(403)
		io.WriteString(w, `{"message": "You have exceeded a secondary rate limit."}`)
	}, status(200))
	var waits []time.Duration
	if resp := post(t, client(s, &waits, time.Now()), s.URL); resp.StatusCode != 200 || n.Load() != 2 {
		t.Errorf("status %d after %d requests, want 200 after 2", resp.StatusCode, n.Load())
	}
}

func TestContextEndsTheWait(t *testing.T) {
	s, n, _ := server(t, status(503))
	ctx, cancel := context.WithCancel(context.Background())
	c := Wrap(s.Client(), Transport{Sleep: func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }})
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
	if _, err := c.Do(req); err == nil || n.Load() != 1 {
		t.Errorf("err %v after %d requests: a cancelled wait must end the request", err, n.Load())
	}
}
