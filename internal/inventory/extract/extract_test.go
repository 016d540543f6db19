package extract

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/testutil"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

func open(t *testing.T, root string) *workspace.Workspace {
	t.Helper()
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// TestEveryFormat extracts one lockfile or manifest of each supported kind and checks
// the ecosystem, name, version, purl and the line of the entry.
func TestEveryFormat(t *testing.T) {
	root := filepath.Join("testdata", "formats")
	res, err := Run(context.Background(), open(t, root), Options{GoVersion: "1.26.8"})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range res.Notes {
		t.Errorf("note: %+v", n)
	}
	type want struct{ eco, name, version, purl, file, line string }
	wants := []want{
		{"Go", "github.com/pkg/errors", "0.9.1", "pkg:golang/github.com/pkg/errors@0.9.1", "go/go.mod", "github.com/pkg/errors"},
		{"Go", "golang.org/x/sys", "0.1.0", "pkg:golang/golang.org/x/sys@0.1.0", "go/go.mod", "golang.org/x/sys"},
		{"Go", "stdlib", "1.22.3", "pkg:golang/stdlib@1.22.3", "go/go.mod", "toolchain go1.22.3"},
		{"npm", "left-pad", "1.3.0", "pkg:npm/left-pad@1.3.0", "npm/package-lock.json", `"left-pad": {`},
		{"npm", "balanced-match", "1.0.2", "pkg:npm/balanced-match@1.0.2", "yarn/yarn.lock", "balanced-match@^1.0.0"},
		{"npm", "acorn", "8.7.0", "pkg:npm/acorn@8.7.0", "pnpm/pnpm-lock.yaml", "acorn@8.7.0:"},
		{"PyPI", "flask", "2.0.1", "pkg:pypi/flask@2.0.1", "req/requirements.txt", "Flask==2.0.1"},
		{"PyPI", "requests", "2.25.0", "pkg:pypi/requests@2.25.0", "req/requirements.txt", "requests==2.25.0"},
		{"PyPI", "numpy", "1.21.0", "pkg:pypi/numpy@1.21.0", "poetry/poetry.lock", `name = "numpy"`},
		{"PyPI", "urllib3", "1.26.4", "pkg:pypi/urllib3@1.26.4", "pipenv/Pipfile.lock", `"urllib3": {`},
		{"PyPI", "pyyaml", "5.4", "pkg:pypi/pyyaml@5.4", "uv/uv.lock", `name = "pyyaml"`},
		{"crates.io", "smallvec", "1.6.0", "pkg:cargo/smallvec@1.6.0", "cargo/Cargo.lock", `name = "smallvec"`},
		{"Maven", "org.apache.logging.log4j:log4j-core", "2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "maven/pom.xml", ""},
		{"Maven", "com.google.guava:guava", "30.0-jre", "pkg:maven/com.google.guava/guava@30.0-jre", "gradle/gradle.lockfile", "com.google.guava:guava"},
		{"RubyGems", "rack", "2.2.3", "pkg:gem/rack@2.2.3", "ruby/Gemfile.lock", "rack (2.2.3)"},
		{"Packagist", "guzzlehttp/psr7", "1.8.1", "pkg:composer/guzzlehttp/psr7@1.8.1", "php/composer.lock", `"name": "guzzlehttp/psr7"`},
		{"NuGet", "Newtonsoft.Json", "12.0.1", "pkg:nuget/Newtonsoft.Json@12.0.1", "nuget/packages.lock.json", `"Newtonsoft.Json": {`},
	}
	got := map[string]Found{}
	for _, f := range res.Found {
		got[f.Package.Ecosystem+" "+f.Package.Name] = f
	}
	if len(res.Found) != len(wants) {
		var all []string
		for k, f := range got {
			all = append(all, k+"@"+f.Package.Version+" "+f.Manifest)
		}
		t.Errorf("found %d packages, want %d: %v", len(res.Found), len(wants), all)
	}
	for _, w := range wants {
		f, ok := got[w.eco+" "+w.name]
		if !ok {
			t.Errorf("missing %s %s", w.eco, w.name)
			continue
		}
		if f.Package.Version != w.version || f.Manifest != w.file {
			t.Errorf("%s: %s in %s, want %s in %s", w.name, f.Package.Version, f.Manifest, w.version, w.file)
		}
		if w.purl != "" && f.Package.PURL != w.purl {
			t.Errorf("%s: purl %q, want %q", w.name, f.Package.PURL, w.purl)
		}
		if w.line != "" {
			if want := testutil.LineOf(t, filepath.Join(root, w.file), w.line); f.Line != want {
				t.Errorf("%s: line %d, want %d", w.name, f.Line, want)
			}
		} else if f.Line == 0 && w.eco != "Maven" {
			t.Errorf("%s: no line", w.name)
		}
	}
	if h := got["crates.io smallvec"].Package.Hashes["SHA-256"]; h != "fe0f37c9e8f3c5a4a66ad655a93c74daac4ad00c441533bf5c6e7990bb42604e" {
		t.Errorf("Cargo.lock checksum = %q", h)
	}
	if h := got["npm left-pad"].Package.Hashes["SHA-512"]; !strings.HasPrefix(h, "5c8e4c3f354d0298c0ca1433a615fc0649") {
		t.Errorf("package-lock integrity as hex = %q", h)
	}
	if d := got["Go golang.org/x/sys"].Package.Direct; d == nil || *d {
		t.Error("an // indirect requirement is not marked transitive")
	}
	if d := got["Go github.com/pkg/errors"].Package.Direct; d == nil || !*d {
		t.Error("a direct requirement is not marked direct")
	}
	// The inventory is sorted and deterministic.
	a, _ := json.Marshal(res.Inventory)
	res2, _ := Run(context.Background(), open(t, root), Options{GoVersion: "1.26.8"})
	b, _ := json.Marshal(res2.Inventory)
	if string(a) != string(b) {
		t.Error("two extractions differ")
	}
	for i := 1; i < len(res.Inventory.Packages); i++ {
		p, q := res.Inventory.Packages[i-1], res.Inventory.Packages[i]
		if p.Ecosystem+"\x00"+p.Name > q.Ecosystem+"\x00"+q.Name {
			t.Errorf("inventory not sorted: %s before %s", p.Name, q.Name)
		}
	}
}

// The go directive is a minimum: without a toolchain directive the standard library is
// judged at the local toolchain.
func TestStdlibAtLocalToolchainWithoutToolchainDirective(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n\ngo 1.21\n"), 0o644)
	res, err := Run(context.Background(), open(t, root), Options{GoVersion: "1.26.8"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Found) != 1 || res.Found[0].Package.Name != "stdlib" || res.Found[0].Package.Version != "1.26.8" {
		t.Fatalf("found %+v, want stdlib@1.26.8", res.Found)
	}
}

func TestBrokenLockfileIsANoteNamingTheFile(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "package-lock.json"), []byte("{not json"), 0o644)
	res, err := Run(context.Background(), open(t, root), Options{GoVersion: "1.26.8"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || res.Notes[0].Path != "package-lock.json" {
		t.Fatalf("notes = %+v", res.Notes)
	}
}

// An extractor that opens a neighbour (go.sum for an old go.mod) sees only workspace files.
func TestWorkspaceFSStaysInside(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "a.txt"), []byte("x"), 0o644)
	fsys := newWorkspaceFS(open(t, root))
	if _, err := fsys.Open("../etc/passwd"); err == nil {
		t.Error("opened a path outside the root")
	}
	if _, err := fsys.Open("a.txt"); err != nil {
		t.Error(err)
	}
}

// TestLockfileEdges: what a package requires, as package-lock.json (resolved through
// nested node_modules as Node does), Cargo.lock (a bare name, or name and version when
// two versions are locked), poetry.lock (MarkupSafe, a name in another spelling) and
// uv.lock record it, lands in DependsOn as inventory PURLs.
func TestLockfileEdges(t *testing.T) {
	res, err := Run(context.Background(), open(t, filepath.Join("testdata", "edges")), Options{GoVersion: "1.26.8"})
	if err != nil {
		t.Fatal(err)
	}
	purls := map[string]bool{}
	deps := map[string]string{}
	for _, p := range res.Inventory.Packages {
		purls[p.PURL] = true
		deps[p.PURL] = strings.Join(p.DependsOn, " ")
	}
	for from, want := range map[string]string{
		"pkg:npm/%40scope/widget@1.2.3": "pkg:npm/ms@2.0.0",
		"pkg:npm/debug@4.3.4":           "pkg:npm/ms@2.1.2",
		"pkg:npm/ms@2.1.2":              "",
		"pkg:cargo/serde@1.0.130":       "pkg:cargo/syn@2.0.48",
		"pkg:cargo/syn@1.0.109":         "",
		"pkg:pypi/jinja2@2.11.2":        "pkg:pypi/markupsafe@2.0.1",
		"pkg:pypi/requests@2.31.0":      "pkg:pypi/charset-normalizer@3.3.2",
	} {
		if !purls[from] {
			t.Errorf("%s is not in the inventory: %v", from, purls)
			continue
		}
		if deps[from] != want {
			t.Errorf("%s depends on %q, want %q", from, deps[from], want)
		}
		for _, d := range strings.Fields(deps[from]) {
			if !purls[d] {
				t.Errorf("%s depends on %s, which is not an inventory PURL", from, d)
			}
		}
	}
}

// A package-lock.json holding one name@version in several node_modules folders (each
// copy nested under the package that needs it): osv-scalibr merges the copies from a
// map, so the line it reports is the one of whichever copy its map gave first, and two
// scans of the same lockfile wrote SBOMs that differed (microservices-demo's
// currencyservice, @opentelemetry/core 2.10.0 at line 996 or 1188). The line is the
// first copy's, every time.
func TestNpmCopiesOfOnePackageHaveTheFirstLine(t *testing.T) {
	root := filepath.Join("testdata", "npm-dup")
	want := testutil.LineOf(t, filepath.Join(root, "package-lock.json"), `"node_modules/a/node_modules/ms"`)
	for i := range 30 {
		res, err := Run(context.Background(), open(t, root), Options{GoVersion: "1.26.8"})
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, p := range res.Inventory.Packages {
			if p.Name == "ms" && p.Version == "2.0.0" {
				for _, l := range p.Locations {
					got = append(got, l.Line)
				}
			}
		}
		if len(got) != 1 || got[0] != want {
			t.Fatalf("run %d: ms@2.0.0 at lines %v, want [%d] (the first copy)", i, got, want)
		}
	}
}
