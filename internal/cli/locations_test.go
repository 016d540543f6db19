package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/shiftgate/shiftgate/internal/cli/scripttest"
	"github.com/shiftgate/shiftgate/internal/testutil"
)

// TestEveryLocationIsARealLine scans every fixture repository (testdata/repos but
// those coveredElsewhere, and the repositories inside the *_verdicts testscripts) and asserts that each finding's path is a file
// of the repository and its line (and end line) a line of that file, in the JSON
// report and in SARIF, where code scanning places annotations: a finding at a line
// that does not exist lands nowhere.
func TestEveryLocationIsARealLine(t *testing.T) {
	if testing.Short() {
		t.Skip("scans every fixture: not in -short")
	}
	for k, v := range scripttest.GoEnv(t) {
		t.Setenv(k, v)
	}
	// The deps check's OSV records, and those the scripts carry (osv/*.json).
	records := t.TempDir()
	testutil.CopyTree(t, filepath.Join("..", "..", "checks", "deps", "testdata", "osv"), records)
	repos := map[string]string{}
	base := filepath.Join("..", "..", "testdata", "repos")
	entries, err := os.ReadDir(base)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if why, ok := coveredElsewhere[e.Name()]; ok {
			sameGoModule(t, filepath.Join(base, e.Name()), filepath.Join(base, why))
			t.Logf("testdata/repos/%s: not scanned here, its locations are those of testdata/repos/%s (same go.mod and go.sum) and of go-vulnerable's G402", e.Name(), why)
			continue
		}
		if e.IsDir() {
			dst := filepath.Join(t.TempDir(), e.Name())
			testutil.CopyTree(t, filepath.Join(base, e.Name()), dst)
			repos["testdata/repos/"+e.Name()] = dst
		}
	}
	scripts, _ := filepath.Glob(filepath.Join("testdata", "script", "*_verdicts.txtar"))
	for _, s := range scripts {
		ar, err := txtar.ParseFile(s)
		if err != nil {
			t.Fatal(err)
		}
		root := t.TempDir()
		for _, f := range ar.Files {
			testutil.WriteFile(t, root, f.Name, string(f.Data))
		}
		tops := map[string]bool{}
		for _, f := range ar.Files {
			if strings.HasPrefix(f.Name, "osv/") {
				testutil.WriteFile(t, filepath.Join(records, "Go"), strings.TrimPrefix(f.Name, "osv/"), string(f.Data))
			}
			if top, _, ok := strings.Cut(f.Name, "/"); ok && top != "osv" {
				tops[top] = true
			}
		}
		for top := range tops {
			repos[filepath.Base(s)+":"+top] = filepath.Join(root, top)
		}
	}
	db := t.TempDir()
	for _, eco := range []string{"Go", "npm", "PyPI"} {
		if err := scripttest.ZipDir(filepath.Join(records, eco), filepath.Join(db, "osv-scalibr", eco, "all.zip")); err != nil {
			t.Fatal(err)
		}
	}
	names := make([]string, 0, len(repos))
	for n := range repos {
		names = append(names, n)
	}
	sort.Strings(names)
	// Each fixture is scanned in a parallel subtest of the group "scan"; t.Run of the
	// group returns once they all have, so the count below is theirs.
	var checked atomic.Int64
	t.Run("scan", func(t *testing.T) {
		for _, name := range names {
			t.Run(strings.NewReplacer("/", "_", ":", "_").Replace(name), func(t *testing.T) {
				t.Parallel()
				checked.Add(int64(scanLocations(t, name, repos[name], db)))
			})
		}
	})
	if n := checked.Load(); n < 50 {
		t.Errorf("only %d findings checked over %d fixtures: the fixtures no longer exercise the checks", n, len(names))
	}
}

// scanLocations scans the fixture dir (named name in messages) with the offline OSV
// database db and checks every location of its JSON and SARIF reports; it returns the
// number of JSON findings checked.
func scanLocations(t *testing.T, name, dir, db string) int {
	checked := 0
	out := t.TempDir()
	code := Main(context.Background(), []string{"scan", "--quiet", "--offline-db", db, "--out", out, dir}, strings.NewReader(""), io.Discard, io.Discard)
	if code != 0 && code != 1 {
		t.Errorf("%s: scan exited %d (a check could not run)", name, code)
		return 0
	}
	var rep struct {
		Findings []struct {
			Rule, Path    string
			Line, EndLine int
			Package       *struct{ Name string }
		}
	}
	readJSON(t, filepath.Join(out, "shiftgate.json"), &rep)
	for _, f := range rep.Findings {
		checkLine(t, name, dir, f.Rule, f.Path, f.Line)
		checkLine(t, name, dir, f.Rule, f.Path, f.EndLine)
		// A dependency finding's line names its package (not another file's line number).
		if f.Package != nil && f.Package.Name != "stdlib" && f.Line > 0 {
			if data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path))); err == nil {
				if lines := strings.Split(string(data), "\n"); f.Line <= len(lines) && !strings.Contains(strings.ToLower(lines[f.Line-1]), strings.ToLower(f.Package.Name)) {
					t.Errorf("%s: %s for %s is at %s:%d, a line that does not name it: %q", name, f.Rule, f.Package.Name, f.Path, f.Line, lines[f.Line-1])
				}
			}
		}
		checked++
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine, EndLine int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	readJSON(t, filepath.Join(out, "shiftgate.sarif"), &sarif)
	for _, r := range sarif.Runs {
		for _, res := range r.Results {
			for _, l := range res.Locations {
				checkLine(t, name+" (SARIF)", dir, res.RuleID, l.PhysicalLocation.ArtifactLocation.URI, l.PhysicalLocation.Region.StartLine)
				checkLine(t, name+" (SARIF)", dir, res.RuleID, l.PhysicalLocation.ArtifactLocation.URI, l.PhysicalLocation.Region.EndLine)
			}
		}
	}
	return checked
}

// coveredElsewhere are fixtures of testdata/repos whose findings are, rule for rule,
// at the same kind of place as another fixture's that this test scans, so scanning
// them again adds time and no assertion. runtime (scripts/runtime-test.sh scans it
// inside the image) holds GO-2022-1059, found at the require line of a go.mod and
// go.sum identical to deps-vulnerable's, and a G402 in a tls.Config literal as
// go-vulnerable/store.go does; its scan (gosec, then govulncheck's call graph through
// crypto/tls) was the slowest of all here: 5-6 s of CPU.
var coveredElsewhere = map[string]string{"runtime": "deps-vulnerable"}

// sameGoModule fails unless a and b have the same go.sum and the same go.mod apart
// from the module line: the condition under which coveredElsewhere skips a.
func sameGoModule(t *testing.T, a, b string) {
	t.Helper()
	read := func(dir, name string) string {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		if name == "go.mod" && len(lines) > 0 && strings.HasPrefix(lines[0], "module ") {
			lines = lines[1:]
		}
		return strings.Join(lines, "\n")
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		if read(a, name) != read(b, name) {
			t.Errorf("%s/%s no longer matches %s/%s: scan %s here again (remove it from coveredElsewhere)", a, name, b, name, filepath.Base(a))
		}
	}
}

func readJSON(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// checkLine asserts that rel is a file under dir with at least line lines (line 0:
// the whole file, or no file at all for a finding about the repository).
func checkLine(t *testing.T, name, dir, rule, rel string, line int) {
	t.Helper()
	if rel == "" {
		return
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Errorf("%s: %s is at %s, which is not a file of the repository", name, rule, rel)
		return
	}
	n := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	if line > n {
		t.Errorf("%s: %s is at %s:%d, but the file has %d lines", name, rule, rel, line, n)
	}
}
