package image

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/checks/image/imagetest"
	"github.com/shiftgate/shiftgate/internal/osvdb"
)

// osvStandIn serves the real records under imagetest/testdata/osv the way the OSV API
// does: POST /v1/querybatch answers, per query, the ids of records naming the
// package in that ecosystem (the real API also filters by version; the check confirms
// every answer locally, so a superset is within the contract), GET /v1/vulns/ID the record.
func osvStandIn(t *testing.T) *httptest.Server {
	t.Helper()
	recs := map[string][]byte{}
	files, _ := filepath.Glob(filepath.Join("imagetest", "testdata", "osv", "*", "*.json"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v, err := osvdb.Unmarshal(b)
		if err != nil {
			t.Fatal(err)
		}
		recs[v.GetId()] = b
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/querybatch", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Queries []struct {
				Package struct{ Name, Ecosystem string } `json:"package"`
				Version string                           `json:"version"`
			} `json:"queries"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		type ref struct {
			ID       string `json:"id"`
			Modified string `json:"modified"`
		}
		type res struct {
			Vulns []ref `json:"vulns,omitempty"`
		}
		var out struct {
			Results []res `json:"results"`
		}
		for _, q := range req.Queries {
			var rs res
			var ids []string
			for id, b := range recs {
				v, _ := osvdb.Unmarshal(b)
				for _, a := range v.GetAffected() {
					if a.GetPackage().GetEcosystem() == q.Package.Ecosystem && a.GetPackage().GetName() == q.Package.Name {
						ids = append(ids, id)
						break
					}
				}
			}
			slices.Sort(ids)
			for _, id := range ids {
				rs.Vulns = append(rs.Vulns, ref{ID: id})
			}
			out.Results = append(out.Results, rs)
		}
		json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("GET /v1/vulns/{id}", func(w http.ResponseWriter, r *http.Request) {
		b, ok := recs[r.PathValue("id")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// Without --offline-db the image is matched through the OSV API, with the same
// findings as offline.
func TestOnlineMatchingEqualsOffline(t *testing.T) {
	srv := osvStandIn(t)
	for _, name := range []string{"debian-vulnerable", "alpine-vulnerable", "debian-clean"} {
		img := must(imagetest.Named(name))
		dir := writeLayout(t, img)
		off := summarize(t, img, runCheck(t, dir, offlineDB(t)).Findings)
		res, err := NewWithOptions(Options{APIBase: srv.URL, CacheDir: t.TempDir()}).Run(context.Background(), env(dir, ""))
		if err != nil {
			t.Fatal(err)
		}
		on := summarize(t, img, res.Findings)
		if !slices.Equal(on, off) {
			t.Errorf("%s: online %v, offline %v", name, on, off)
		}
		if name != "debian-clean" && len(on) == 0 {
			t.Errorf("%s: no findings online", name)
		}
	}
	// An unreachable API fails the check; it never passes the image.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	_, err := NewWithOptions(Options{APIBase: dead.URL}).Run(context.Background(), env(writeLayout(t, must(imagetest.Named("debian-clean"))), ""))
	if err == nil || !strings.Contains(err.Error(), "OSV API") {
		t.Fatalf("unreachable API: %v", err)
	}
}
