package osvapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The stand-in follows the API's paging: a result with next_page_token must be asked
// again with page_token in the same query.
func TestQueryBatchPagesAndBoundsRetries(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		var req batchRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || r.URL.Path != "/v1/querybatch" {
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		var out strings.Builder
		out.WriteString(`{"results":[`)
		for i, q := range req.Queries {
			if i > 0 {
				out.WriteString(",")
			}
			switch {
			case q.Package.Name == "a" && q.PageToken == "":
				out.WriteString(`{"vulns":[{"id":"V-1","modified":"2024-01-01T00:00:00Z"}],"next_page_token":"p2"}`)
			case q.Package.Name == "a" && q.PageToken == "p2":
				out.WriteString(`{"vulns":[{"id":"V-2","modified":"2024-01-01T00:00:00Z"}]}`)
			default:
				out.WriteString(`{}`)
			}
		}
		out.WriteString(`]}`)
		w.Write([]byte(out.String()))
	}))
	defer srv.Close()
	c := New(srv.URL, "")
	c.HTTP = srv.Client()
	got, err := c.QueryBatch(context.Background(), []Query{{"npm", "a", "1"}, {"npm", "b", "1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got[0]) != 2 || got[0][1].ID != "V-2" || len(got[1]) != 0 {
		t.Errorf("got %+v", got)
	}

	var fails atomic.Int32
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fails.Add(1)
		http.Error(w, "overloaded", http.StatusServiceUnavailable)
	}))
	defer down.Close()
	c = New(down.URL, "")
	c.HTTP, c.Backoff = down.Client(), time.Millisecond
	if _, err := c.QueryBatch(context.Background(), []Query{{"npm", "a", "1"}}); err == nil || !strings.Contains(err.Error(), "3 attempts") {
		t.Errorf("err = %v", err)
	}
	if fails.Load() != 3 {
		t.Errorf("%d attempts, want 3", fails.Load())
	}
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fails.Add(1)
		http.Error(w, "no", http.StatusBadRequest)
	}))
	defer bad.Close()
	fails.Store(0)
	c = New(bad.URL, "")
	c.HTTP, c.Backoff = bad.Client(), time.Millisecond
	if _, err := c.QueryBatch(context.Background(), []Query{{"npm", "a", "1"}}); err == nil || fails.Load() != 1 {
		t.Errorf("a 400 was retried (%d calls): %v", fails.Load(), err)
	}
}
