package osvdb

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

const goRec = `{"schema_version":"1.3.1","id":"GO-2022-1059","modified":"2024-01-02T03:04:05Z","aliases":["CVE-2022-32149","GHSA-69ch-w2m2-3vjp"],
"affected":[{"package":{"name":"golang.org/x/text","ecosystem":"Go"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"0.3.8"}]}],
"ecosystem_specific":{"imports":[{"path":"golang.org/x/text/language","symbols":["ParseAcceptLanguage"]}]}}],"future_field":{"x":1}}`

const ghsaRec = `{"id":"GHSA-69ch-w2m2-3vjp","modified":"2023-01-01T00:00:00Z","aliases":["CVE-2022-32149","GO-2022-1059"],
"affected":[{"package":{"name":"golang.org/x/text","ecosystem":"Go"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"0.3.8"}]}]}]}`

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBothLayoutsAndMissingEcosystem(t *testing.T) {
	for _, layout := range []string{"osv-scalibr", "osv-scanner"} {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, layout, "Go"), 0o755)
		os.WriteFile(filepath.Join(dir, layout, "Go", "all.zip"), zipOf(t, map[string]string{"GO-2022-1059.json": goRec}), 0o644)
		ix, err := Load(dir, "Go", nil)
		if err != nil {
			t.Fatalf("%s: %v", layout, err)
		}
		if len(ix.Lookup("golang.org/x/text")) != 1 {
			t.Errorf("%s: record not indexed (unknown fields must not drop it)", layout)
		}
		_, err = Load(dir, "npm", nil)
		if !errors.Is(err, ErrNoEcosystem) || !strings.Contains(err.Error(), "db pull") {
			t.Errorf("%s: missing npm zip: %v", layout, err)
		}
	}
}

func TestBrokenRecordIsAnError(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "osv-scalibr", "Go"), 0o755)
	os.WriteFile(filepath.Join(dir, "osv-scalibr", "Go", "all.zip"), zipOf(t, map[string]string{"X.json": `{"id": "X", "affected": [{"package": {"name": "a"}}], "modified": 5}`}), 0o644)
	if _, err := Load(dir, "Go", nil); err == nil || !strings.Contains(err.Error(), "X.json") {
		t.Errorf("a broken record did not fail naming it: %v", err)
	}
}

func TestWriteGoVulnDB(t *testing.T) {
	var recs []*Record
	for _, s := range []string{goRec, ghsaRec} {
		v, err := Unmarshal([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, &Record{ID: v.GetId(), JSON: []byte(s), Vuln: v})
	}
	dir := t.TempDir()
	if err := WriteGoVulnDB(dir, recs); err != nil {
		t.Fatal(err)
	}
	var mods []struct {
		Path  string `json:"path"`
		Vulns []struct{ ID, Modified string }
	}
	b, _ := os.ReadFile(filepath.Join(dir, "index", "modules.json"))
	if err := json.Unmarshal(b, &mods); err != nil {
		t.Fatal(err)
	}
	if len(mods) != 1 || mods[0].Path != "golang.org/x/text" || len(mods[0].Vulns) != 1 || mods[0].Vulns[0].ID != "GO-2022-1059" || mods[0].Vulns[0].Modified != "2024-01-02T03:04:05Z" {
		t.Errorf("modules.json = %s", b)
	}
	db, _ := os.ReadFile(filepath.Join(dir, "index", "db.json"))
	if string(db) != `{"modified":"2024-01-02T03:04:05Z"}` {
		t.Errorf("db.json = %s", db)
	}
	if _, err := os.Stat(filepath.Join(dir, "ID", "GO-2022-1059.json")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ID", "GHSA-69ch-w2m2-3vjp.json")); err == nil {
		t.Error("the GHSA copy of a GO record (no symbols) was written for govulncheck")
	}
}

func TestPull(t *testing.T) {
	body := zipOf(t, map[string]string{"GO-2022-1059.json": goRec})
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/Go/all.zip":
			if hits.Add(1) == 1 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			w.Write(body)
		case "/npm/all.zip":
			w.Write([]byte("<html>not a zip</html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	var log bytes.Buffer
	if err := Pull(context.Background(), srv.Client(), srv.URL, []string{"Go"}, dir, &log); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "Go: 1 records") {
		t.Errorf("log = %q", log.String())
	}
	ix, err := Load(dir, "Go", nil)
	if err != nil || ix.Kept != 1 {
		t.Fatalf("pulled database: %v", err)
	}
	if err := Pull(context.Background(), srv.Client(), srv.URL, []string{"Nope"}, dir, nil); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("unknown ecosystem: %v", err)
	}
	if err := Pull(context.Background(), srv.Client(), srv.URL, []string{"../x"}, dir, nil); err == nil {
		t.Error("a path in the ecosystem name was accepted")
	}
	if err := Pull(context.Background(), srv.Client(), srv.URL, []string{"npm"}, dir, nil); err == nil || !strings.Contains(err.Error(), "not a zip") {
		t.Errorf("a broken download: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "osv-scalibr", "npm", "all.zip")); err == nil {
		t.Error("a broken download was put in place")
	}
	if _, err := os.Stat(filepath.Join(dir, "osv-scalibr", "npm")); err == nil {
		t.Error("a failed pull left an empty ecosystem folder")
	}
	if _, err := os.Stat(filepath.Join(dir, "osv-scalibr", "Go", "all.zip")); err != nil {
		t.Errorf("a failed pull removed what an earlier one fetched: %v", err)
	}
	// Without network (here: nothing answers) a pull into a new folder leaves nothing
	// behind that looks like a database.
	fresh := filepath.Join(t.TempDir(), "osv")
	if err := Pull(context.Background(), srv.Client(), srv.URL, []string{"Nope"}, fresh, nil); err == nil {
		t.Fatal("a failed pull succeeded")
	}
	if _, err := os.Stat(fresh); err == nil {
		t.Error("a failed pull left an empty database folder")
	}
}

func TestMentionsWanted(t *testing.T) {
	want := func(n string) bool { return n == "lodash" }
	if !mentionsWanted([]byte(`{"affected":[{"package":{"name" : "lodash"}}]}`), want) {
		t.Error("missed a wanted name")
	}
	if mentionsWanted([]byte(`{"affected":[{"package":{"name":"lodash-es"}}],"summary":"lodash"}`), want) {
		t.Error("matched a name that is not wanted")
	}
}

// Large zips are read by several workers; the index must not depend on how they split.
func TestLoadWithWorkersIsDeterministic(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 5000; i++ {
		id := "R-" + strings.Repeat("0", 5-len(itoa(i))) + itoa(i)
		files[id+".json"] = `{"id":"` + id + `","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"p` + itoa(i%10) + `"}}]}`
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "osv-scalibr", "npm"), 0o755)
	os.WriteFile(filepath.Join(dir, "osv-scalibr", "npm", "all.zip"), zipOf(t, files), 0o644)
	ix, err := Load(dir, "npm", func(n string) bool { return n == "p3" })
	if err != nil {
		t.Fatal(err)
	}
	got := ix.Lookup("p3")
	if ix.Records != 5000 || len(got) != 500 || got[0].ID != "R-00003" || got[499].ID != "R-04993" {
		t.Errorf("records %d, p3 has %d (first %s)", ix.Records, len(got), got[0].ID)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestEmptyOrHostileZipIsAnError: an empty zip does not read as clean, an oversized
// entry does not take the memory with it, and an id that is a path is not written.
func TestEmptyOrHostileZipIsAnError(t *testing.T) {
	dir := t.TempDir()
	write := func(eco string, b []byte) {
		p := filepath.Join(dir, "osv-scalibr", eco)
		os.MkdirAll(p, 0o755)
		if err := os.WriteFile(filepath.Join(p, "all.zip"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("npm", zipOf(t, map[string]string{}))
	if _, err := Load(dir, "npm", nil); err == nil || !strings.Contains(err.Error(), "holds no records") {
		t.Errorf("empty zip: %v", err)
	}
	write("PyPI", zipOf(t, map[string]string{"BIG.json": `{"id":"BIG","details":"` + strings.Repeat("a", maxRecord) + `"}`}))
	if _, err := Load(dir, "PyPI", nil); err == nil || !strings.Contains(err.Error(), "BIG.json") {
		t.Errorf("oversized entry: %v", err)
	}
	rec := &Record{ID: "../../escape", JSON: []byte(goRec)}
	var err error
	if rec.Vuln, err = Unmarshal([]byte(goRec)); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := WriteGoVulnDB(out, []*Record{rec}); err == nil || !strings.Contains(err.Error(), "not a valid id") {
		t.Errorf("a path as an id: %v", err)
	}
}
