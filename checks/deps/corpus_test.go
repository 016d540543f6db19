package deps

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shiftgate/shiftgate/internal/osvdb"
	"github.com/shiftgate/shiftgate/internal/testutil"
)

// TestWholeGoVulnDB builds the Go zip from all 4,291 records of golang/vulndb (in
// $SHIFTGATE_CORPORA/../vulndb/osv) and scans the vulnerable fixture against it.
func TestWholeGoVulnDB(t *testing.T) {
	corpora := os.Getenv("SHIFTGATE_CORPORA")
	if corpora == "" {
		t.Skip("SHIFTGATE_CORPORA is not set: skipping the scan against the whole Go vulnerability database")
	}
	src := filepath.Join(corpora, "..", "vulndb", "osv")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	db := buildDB(t, "osv-scalibr", "npm", "PyPI")
	if err := os.MkdirAll(filepath.Join(db, "osv-scalibr", "Go"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(db, "osv-scalibr", "Go", "all.zip"), testutil.ZipDir(t, src), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := osvdb.Load(db, "Go", nil)
	if err != nil {
		t.Fatalf("the real Go records do not all parse: %v", err)
	}
	if ix.Records != len(entries) || ix.Kept != len(entries) {
		t.Errorf("read %d and kept %d of %d records", ix.Records, ix.Kept, len(entries))
	}
	root := copyRepo(t, "deps-vulnerable")
	res, err := runCheck(t, testCheck(), root, testPolicy(), db)
	if err != nil {
		t.Fatal(err)
	}
	got := byRule(res.Findings)
	for _, f := range res.Findings {
		t.Logf("%s:%d %s %s %s reach=%v", f.Path, f.Line, f.Rule, f.Package.Name, f.Severity, ptr(f.Reachable))
	}
	if f, ok := got["GO-2022-1059 golang.org/x/text"]; !ok || f.Reachable == nil || !*f.Reachable {
		t.Errorf("GO-2022-1059 not reachable against the whole database: %+v", f)
	}
	if f, ok := got["GO-2026-5970 golang.org/x/text"]; !ok || f.Reachable == nil || *f.Reachable {
		t.Errorf("GO-2026-5970 not unreachable against the whole database: %+v", f)
	}
}
