package deps

import (
	"archive/zip"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/osv-scalibr/extractor"
	"github.com/google/osv-scalibr/purl"

	"github.com/shiftgate/shiftgate/internal/inventory"
	"github.com/shiftgate/shiftgate/internal/inventory/extract"
	"github.com/shiftgate/shiftgate/internal/osvdb"
)

// synthDB writes n synthetic npm OSV records over names package names (two records
// per name, one matching versions below 2.0.0, one below 1.0.0) into DIR/osv-scalibr/npm.
func synthDB(b *testing.B, n, names int) string {
	dir := b.TempDir()
	out := filepath.Join(dir, "osv-scalibr", "npm")
	os.MkdirAll(out, 0o755)
	f, err := os.Create(filepath.Join(out, "all.zip"))
	if err != nil {
		b.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("GHSA-synt-%04x-%04x", i>>16, i&0xffff)
		fixed := "2.0.0"
		if i%2 == 1 {
			fixed = "1.0.0"
		}
		rec := fmt.Sprintf(`{"schema_version":"1.6.0","id":%q,"modified":"2024-01-01T00:00:00Z","aliases":["CVE-2024-%d"],`+
			`"summary":"synthetic record %d","details":"A synthetic vulnerability for the matching benchmark, with some text to make the record a realistic size.",`+
			`"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"}],`+
			`"affected":[{"package":{"ecosystem":"npm","name":"pkg-%d"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":%q}]}]}],`+
			`"references":[{"type":"WEB","url":"https://example.com/advisory/%d"}],"credits":[{"name":"Someone"}],`+
			`"database_specific":{"severity":"MODERATE","cwe_ids":["CWE-400"]}}`, id, i, i, (i/2)%names, fixed, i)
		w, err := zw.Create(id + ".json")
		if err != nil {
			b.Fatal(err)
		}
		w.Write([]byte(rec))
	}
	zw.Close()
	f.Close()
	return dir
}

// BenchmarkMatch10kPackagesAgainst100kRecords streams a 100,000-record zip, indexes the
// records naming one of 10,000 inventory packages, and matches every package with
// osv-scalibr's matcher.
func BenchmarkMatch10kPackagesAgainst100kRecords(b *testing.B) {
	const records, names, pkgs = 100_000, 50_000, 10_000
	db := synthDB(b, records, names)
	found := make([]extract.Found, pkgs)
	for i := range found {
		name := fmt.Sprintf("pkg-%d", i*(names/pkgs))
		found[i] = extract.Found{
			Package:   inventory.Package{Ecosystem: "npm", Name: name, Version: "1.5.0"},
			Extracted: &extractor.Package{Name: name, Version: "1.5.0", PURLType: purl.TypeNPM},
			Manifest:  "package-lock.json",
		}
	}
	c := New()
	b.ReportAllocs()
	b.ResetTimer()
	var matched int
	var peak, retained uint64
	for i := 0; i < b.N; i++ {
		refs, _, errs := c.match(b.Context(), found, db)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		matched = 0
		for _, r := range refs {
			matched += len(r.vulns)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		if i == b.N-1 {
			b.StopTimer()
			runtime.GC()
			runtime.ReadMemStats(&ms)
			retained = ms.HeapAlloc
			runtime.KeepAlive(refs)
		}
	}
	b.StopTimer()
	if matched != pkgs {
		b.Fatalf("matched %d vulnerabilities, want %d (one per package: the <2.0.0 record)", matched, pkgs)
	}
	b.ReportMetric(float64(peak)/(1<<20), "MB-heap-inuse")
	b.ReportMetric(float64(retained)/(1<<20), "MB-retained")
	b.ReportMetric(float64(matched), "matches")
}

// The index keeps only records for wanted names: memory follows the inventory.
func TestLoadKeepsOnlyWantedRecords(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "osv-scanner", "npm")
	os.MkdirAll(out, 0o755)
	f, _ := os.Create(filepath.Join(out, "all.zip"))
	zw := zip.NewWriter(f)
	for i := 0; i < 100; i++ {
		w, _ := zw.Create(fmt.Sprintf("R-%d.json", i))
		fmt.Fprintf(w, `{"id":"R-%d","modified":"2024-01-01T00:00:00Z","credits":[{"name":"pkg-7"}],"affected":[{"package":{"ecosystem":"npm","name":"pkg-%d"}}]}`, i, i)
	}
	zw.Close()
	f.Close()
	ix, err := osvdb.Load(dir, "npm", func(n string) bool { return n == "pkg-7" || n == "pkg-9" })
	if err != nil {
		t.Fatal(err)
	}
	if ix.Records != 100 || ix.Kept != 2 || len(ix.Lookup("pkg-7")) != 1 || ix.Lookup("pkg-7")[0].ID != "R-7" {
		t.Errorf("records %d kept %d lookup %v", ix.Records, ix.Kept, ix.Lookup("pkg-7"))
	}
}
