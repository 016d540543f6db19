package deps

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/licensecheck"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/inventory"
	"github.com/shiftgate/shiftgate/internal/osvdb"
	"github.com/shiftgate/shiftgate/internal/testutil"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

func TestMissingEcosystemZipIsAnErrorNotClean(t *testing.T) {
	root := copyRepo(t, "deps-vulnerable")
	db := buildDB(t, "osv-scalibr", "Go") // no npm, no PyPI
	p := testPolicy()
	p.Checks.Deps.Reachability = false
	res, err := runCheck(t, testCheck(), root, p, db)
	if err == nil {
		t.Fatal("an ecosystem without a database zip did not fail the check")
	}
	for _, eco := range []string{"npm", "PyPI", "shiftgate db pull"} {
		if !strings.Contains(err.Error(), eco) {
			t.Errorf("error does not name %q: %v", eco, err)
		}
	}
	if n := len(byRule(res.Findings)); n != 2 {
		t.Errorf("the Go findings should still be reported, got %d findings", n)
	}
}

func TestNoNetworkAndNoDatabaseSaysHowToFix(t *testing.T) {
	root := copyRepo(t, "deps-clean")
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	c := NewWithOptions(Options{APIBase: url, CacheDir: t.TempDir(), GoVersion: "1.26.8", HTTPClient: &http.Client{Timeout: 2 * time.Second}})
	_, err := runCheck(t, c, root, testPolicy(), "")
	if err == nil || !strings.Contains(err.Error(), "--offline-db") || !strings.Contains(err.Error(), "db pull") {
		t.Fatalf("want an error with a fix, got %v", err)
	}
}

// osvServer speaks the OSV API's querybatch and vulns endpoints over the test records,
// rejecting requests that do not have the API's shape. The first querybatch fails with
// 503 to exercise the retry.
type osvServer struct {
	recs      map[string][]byte
	index     map[string][]*osvdb.Record // "ecosystem/name"
	gets      atomic.Int32
	batches   atomic.Int32
	failFirst atomic.Bool
}

func newOSVServer(t *testing.T) *osvServer {
	s := &osvServer{recs: map[string][]byte{}, index: map[string][]*osvdb.Record{}}
	for _, eco := range []string{"Go", "npm", "PyPI"} {
		entries, _ := os.ReadDir(filepath.Join("testdata", "osv", eco))
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join("testdata", "osv", eco, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			v, err := osvdb.Unmarshal(b)
			if err != nil {
				t.Fatal(err)
			}
			s.recs[v.GetId()] = b
			for _, a := range v.GetAffected() {
				k := a.GetPackage().GetEcosystem() + "/" + a.GetPackage().GetName()
				s.index[k] = append(s.index[k], &osvdb.Record{ID: v.GetId(), JSON: b, Vuln: v})
			}
		}
	}
	s.failFirst.Store(true)
	return s
}

func (s *osvServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/querybatch":
		s.batches.Add(1)
		if s.failFirst.CompareAndSwap(true, false) {
			http.Error(w, `{"code":14,"message":"unavailable"}`, http.StatusServiceUnavailable)
			return
		}
		var req struct {
			Queries []struct {
				Package struct {
					Name      string `json:"name"`
					Ecosystem string `json:"ecosystem"`
					PURL      string `json:"purl"`
				} `json:"package"`
				Version   string `json:"version"`
				Commit    string `json:"commit"`
				PageToken string `json:"page_token"`
			} `json:"queries"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil || len(req.Queries) == 0 || len(req.Queries) > 1000 {
			http.Error(w, `{"code":3,"message":"invalid request"}`, http.StatusBadRequest)
			return
		}
		type ref struct {
			ID       string `json:"id"`
			Modified string `json:"modified"`
		}
		type result struct {
			Vulns []ref `json:"vulns,omitempty"`
		}
		out := struct {
			Results []result `json:"results"`
		}{}
		for _, q := range req.Queries {
			if q.Package.Name == "" || q.Package.Ecosystem == "" || q.Version == "" {
				http.Error(w, `{"code":3,"message":"package name, ecosystem and version are required"}`, http.StatusBadRequest)
				return
			}
			var res result
			for _, rec := range s.index[q.Package.Ecosystem+"/"+q.Package.Name] {
				res.Vulns = append(res.Vulns, ref{ID: rec.ID, Modified: rec.Vuln.GetModified().AsTime().Format(time.RFC3339)})
			}
			out.Results = append(out.Results, res)
		}
		json.NewEncoder(w).Encode(out)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/vulns/"):
		s.gets.Add(1)
		b, ok := s.recs[strings.TrimPrefix(r.URL.Path, "/v1/vulns/")]
		if !ok {
			http.Error(w, `{"code":5,"message":"Bug not found."}`, http.StatusNotFound)
			return
		}
		w.Write(b)
	default:
		http.Error(w, "not found", http.StatusNotFound)
	}
}

func TestOnlineAPIMatchesLikeOfflineAndCaches(t *testing.T) {
	root := copyRepo(t, "deps-vulnerable")
	s := newOSVServer(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	cache := t.TempDir()
	c := NewWithOptions(Options{APIBase: srv.URL, CacheDir: cache, HTTPClient: srv.Client(), GoVersion: "1.26.8", GoEnv: testCheck().opts.GoEnv})
	res, err := runCheck(t, c, root, testPolicy(), "")
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := byRule(res.Findings)
	if len(res.Findings) != 5 {
		t.Errorf("online: %d findings, want 5: %v", len(res.Findings), got)
	}
	// The lodash ReDoS record starts at 4.0.0 and the ms record must not match: the API
	// stand-in returns every record of a package, the local matcher checks versions.
	if _, ok := got["GHSA-0000-test-ms00 ms"]; ok {
		t.Error("a record whose range excludes the version was reported")
	}
	if !slices.ContainsFunc(res.Notes, func(n finding.Note) bool {
		return strings.Contains(n.Message, "GHSA-0000-test-ms00 for ms@2.1.3 (package-lock.json)")
	}) {
		t.Errorf("the API's unconfirmed match is not in a note: %+v", res.Notes)
	}
	if f, ok := got["GO-2022-1059 golang.org/x/text"]; !ok || f.Reachable == nil || !*f.Reachable {
		t.Errorf("online Go finding lacks reachability: %+v", f)
	}
	if s.batches.Load() != 2 {
		t.Errorf("querybatch was called %d times, want 2 (one 503, one retry)", s.batches.Load())
	}
	first := s.gets.Load()
	s.failFirst.Store(false)
	if _, err := runCheck(t, c, root, testPolicy(), ""); err != nil {
		t.Fatal(err)
	}
	if s.gets.Load() != first {
		t.Errorf("the second scan fetched %d records again instead of using the cache", s.gets.Load()-first)
	}
}

func TestUnreachablePolicy(t *testing.T) {
	root := copyRepo(t, "deps-vulnerable")
	db := buildDB(t, "osv-scalibr", "Go", "npm", "PyPI")
	for _, mode := range []string{"downgrade", "ignore"} {
		p := testPolicy()
		p.Checks.Deps.Unreachable = mode
		res, err := runCheck(t, testCheck(), root, p, db)
		if err != nil {
			t.Fatal(err)
		}
		got := byRule(res.Findings)
		un, reach := got["GO-2026-5970 golang.org/x/text"], got["GO-2022-1059 golang.org/x/text"]
		switch mode {
		case "downgrade":
			if un.Severity != finding.Medium || un.Status != "" {
				t.Errorf("downgrade: unreachable finding is %s/%q, want medium", un.Severity, un.Status)
			}
		case "ignore":
			if un.Status != finding.StatusVEX || !strings.Contains(un.Reason, "vulnerable_code_not_in_execute_path") {
				t.Errorf("ignore: unreachable finding status %q reason %q", un.Status, un.Reason)
			}
		}
		if reach.Severity != finding.High || reach.Status != "" {
			t.Errorf("%s: the reachable finding changed: %s/%q", mode, reach.Severity, reach.Status)
		}
	}
}

func TestVEXStatementsSuppressAndVEXDocumentIsValid(t *testing.T) {
	root := copyRepo(t, "deps-vulnerable")
	vex := `{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/1",
  "author": "web team",
  "timestamp": "2026-01-01T00:00:00Z",
  "version": 1,
  "statements": [
    {"vulnerability": {"name": "CVE-2021-23337"}, "products": [{"@id": "pkg:npm/lodash@4.17.20"}],
     "status": "not_affected", "justification": "vulnerable_code_not_present", "impact_statement": "template() is never called"},
    {"vulnerability": {"name": "GHSA-g3rq-g295-4j3m"}, "products": [{"@id": "pkg:github/example/app"}], "status": "under_investigation"},
    {"vulnerability": {"name": "GHSA-29mw-wpgm-hmr9"}, "products": [{"@id": "pkg:npm/other@1.0.0"}], "status": "fixed"}
  ]
}`
	if err := os.MkdirAll(filepath.Join(root, ".vex"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, ".vex", "web.json"), []byte(vex), 0o644)
	p := testPolicy()
	p.Checks.Deps.VEX = []string{".vex/*.json"}
	db := buildDB(t, "osv-scalibr", "Go", "npm", "PyPI")
	res, err := runCheck(t, testCheck(), root, p, db)
	if err != nil {
		t.Fatal(err)
	}
	got := byRule(res.Findings)
	if f := got["GHSA-35jh-r3h4-6jhm lodash"]; f.Status != finding.StatusVEX || !strings.Contains(f.Reason, "template() is never called") || !strings.Contains(f.Reason, ".vex/web.json") {
		t.Errorf("not_affected did not suppress: %q %q", f.Status, f.Reason)
	}
	if f := got["GHSA-g3rq-g295-4j3m jinja2"]; f.Status != "" {
		t.Errorf("under_investigation changed the finding: %q", f.Status)
	}
	if f := got["GHSA-29mw-wpgm-hmr9 lodash"]; f.Status != "" {
		t.Errorf("a statement about another package suppressed lodash: %q", f.Status)
	}

	epoch := time.Unix(1767225600, 0)
	doc := VEXDocument(res.Findings, testApp, epoch)
	if !bytes.Equal(doc, VEXDocument(res.Findings, testApp, epoch)) {
		t.Error("VEXDocument is not deterministic")
	}
	var parsed struct {
		Timestamp  string `json:"timestamp"`
		Statements []struct {
			Vulnerability struct{ Name string } `json:"vulnerability"`
			Status        string                `json:"status"`
			Justification string                `json:"justification"`
		} `json:"statements"`
	}
	if err := json.Unmarshal(doc, &parsed); err != nil {
		t.Fatalf("VEX document: %v\n%s", err, doc)
	}
	if len(parsed.Statements) != 1 || parsed.Statements[0].Vulnerability.Name != "GO-2026-5970" ||
		parsed.Statements[0].Justification != "vulnerable_code_not_in_execute_path" || parsed.Timestamp != "2026-01-01T00:00:00Z" {
		t.Errorf("VEX document statements: %+v", parsed)
	}
	validateOpenVEX(t, doc)
}

func validateOpenVEX(t *testing.T, doc []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sf, err := os.Open(filepath.Join("testdata", "openvex", "openvex_json_schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer sf.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(sf)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("openvex.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("openvex.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("VEX document is not valid OpenVEX: %v\n%s", err, doc)
	}
	// A broken document must fail, or this validation proves nothing.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"@context":"x","@id":"y","author":"a","timestamp":"t","version":1,"statements":[{"vulnerability":{"name":"X"},"status":"not_affected"}]}`))
	if sch.Validate(bad) == nil {
		t.Error("the OpenVEX schema accepted a not_affected statement without justification")
	}
}

func TestLicensesDenyAndAllow(t *testing.T) {
	root := copyRepo(t, "deps-vulnerable")
	db := buildDB(t, "osv-scalibr", "Go", "npm", "PyPI")
	p := testPolicy()
	p.Checks.Deps.Reachability = false
	p.Checks.Deps.Licenses.Deny = []string{"MIT"}
	res, err := runCheck(t, testCheck(), root, p, db)
	if err != nil {
		t.Fatal(err)
	}
	var denied []string
	for _, f := range res.Findings {
		if f.Rule == RuleLicenseDenied {
			denied = append(denied, f.Package.Name)
			if f.Line != testutil.LineOf(t, filepath.Join(root, "package-lock.json"), `"node_modules/`+f.Package.Name+`"`) {
				t.Errorf("%s license finding at line %d", f.Package.Name, f.Line)
			}
		}
	}
	if strings.Join(denied, ",") != "lodash,ms" {
		t.Errorf("denied = %v, want lodash,ms", denied)
	}
	for _, pk := range res.Inventory.Packages {
		if pk.Name == "lodash" && strings.Join(pk.Licenses, ",") != "MIT" {
			t.Errorf("lodash licenses in the inventory = %v", pk.Licenses)
		}
	}
	for in, want := range map[string]string{
		"MIT":                    "",
		"GPL-3.0-only":           RuleLicenseNotAllowed,
		"MIT OR GPL-3.0-only":    "",
		"MIT AND GPL-3.0-only":   RuleLicenseNotAllowed,
		"AGPL-3.0-only":          RuleLicenseDenied,
		"(AGPL-3.0 OR SSPL-1.0)": RuleLicenseDenied,
		"AGPL-3.0-only OR MIT":   "",
	} {
		got, _ := judgeLicense(in, []string{"MIT", "Apache-2.0"}, []string{"AGPL-3.0-only", "SSPL-1.0"})
		if got != want {
			t.Errorf("judgeLicense(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGoLicenseFromModuleCache(t *testing.T) {
	cache := t.TempDir()
	dir := filepath.Join(cache, "github.com", "!example", "mod@v1.2.3")
	os.MkdirAll(dir, 0o755)
	bsd, err := os.ReadFile(filepath.Join("testdata", "LICENSE.bsd3"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "LICENSE"), bsd, 0o644)
	lc := &licenseClassifier{modCache: cache}
	if got := lc.goLicenses("github.com/Example/mod", "1.2.3"); strings.Join(got, ",") != "BSD-3-Clause" {
		t.Errorf("goLicenses = %v, want BSD-3-Clause", got)
	}
	if got := lc.goLicenses("github.com/Example/other", "1.0.0"); got != nil {
		t.Errorf("a module not in the cache has licenses %v", got)
	}
}

// TestModuleRequiredButNotBuiltIsUnreachable: a vulnerable module that go.mod requires
// but no non-test package imports is not in govulncheck's output at all; it is
// unreachable (what govulncheck itself says of it), not "unknown".
func TestModuleRequiredButNotBuiltIsUnreachable(t *testing.T) {
	root := copyRepo(t, "deps-vulnerable")
	testutil.WriteFile(t, root, "main.go", "// Command depsvulnerable imports nothing from golang.org/x/text.\npackage main\n\nfunc main() {}\n")
	testutil.WriteFile(t, root, "text_test.go", "package main\n\nimport (\n\t\"testing\"\n\n\t\"golang.org/x/text/language\"\n)\n\nfunc TestParse(t *testing.T) { language.ParseAcceptLanguage(\"en\") }\n")
	db := buildDB(t, "osv-scalibr", "Go", "npm", "PyPI")
	res, err := runCheck(t, testCheck(), root, testPolicy(), db)
	if err != nil {
		t.Fatal(err)
	}
	got := byRule(res.Findings)
	for _, id := range []string{"GO-2022-1059", "GO-2026-5970"} {
		f, ok := got[id+" golang.org/x/text"]
		if !ok {
			t.Errorf("%s: no finding", id)
			continue
		}
		if f.Reachable == nil || *f.Reachable {
			t.Errorf("%s: reachable = %v, want false (only a test uses the module)", id, ptr(f.Reachable))
		}
		if !strings.Contains(f.Message, "tests excluded") {
			t.Errorf("%s: the message does not say why it is unreachable: %s", id, f.Message)
		}
	}
}

// TestHostileGoModIsNotObeyed: a go.mod asking for a toolchain we do not have makes
// govulncheck fail for that module (findings stay, without reachability, with the
// reason), it never fetches that toolchain, and the scan changes no file of the repo.
func TestHostileGoModIsNotObeyed(t *testing.T) {
	root := copyRepo(t, "deps-vulnerable")
	gomod := "module example.com/depsvulnerable\n\ngo 1.99\n\ntoolchain go1.99.1\n\nrequire golang.org/x/text v0.3.7\n"
	testutil.WriteFile(t, root, "go.mod", gomod)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	db := buildDB(t, "osv-scalibr", "Go")
	res, err := runCheck(t, NewWithOptions(Options{GoVersion: "1.26.8", GoEnv: []string{"GOPROXY=off"}}), root, testPolicy(), db)
	if err == nil || !strings.Contains(err.Error(), "govulncheck could not analyse the module at go.mod") {
		t.Fatalf("want govulncheck's failure on go.mod, got %v", err)
	}
	if !strings.Contains(err.Error(), "GOTOOLCHAIN=local") && !strings.Contains(err.Error(), "go1.99") {
		t.Errorf("the error does not say which toolchain was asked for: %v", err)
	}
	if f, ok := byRule(res.Findings)["GO-2022-1059 golang.org/x/text"]; !ok || f.Reachable != nil {
		t.Errorf("the finding must stay, with reachability unknown: %+v", f)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "go.mod")); string(b) != gomod {
		t.Errorf("the scan rewrote go.mod:\n%s", b)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "go.sum")); !bytes.Equal(b, sum) {
		t.Errorf("the scan rewrote go.sum")
	}
}

// TestPrePushMatchesOnlyPushedManifests: in the pre-push hook only manifests being
// pushed can hold a blocking finding, so only their packages are matched (no API
// call, no govulncheck for the rest); the inventory, for the SBOM, stays whole.
func TestPrePushMatchesOnlyPushedManifests(t *testing.T) {
	root := copyRepo(t, "deps-vulnerable")
	db := buildDB(t, "osv-scalibr", "Go", "npm", "PyPI")
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		changed map[string]bool
		want    []string
	}{
		{map[string]bool{"package-lock.json": true, "main.go": true}, []string{"GHSA-29mw-wpgm-hmr9", "GHSA-35jh-r3h4-6jhm"}},
		{map[string]bool{"README.md": true}, nil},
	} {
		res, err := testCheck().Run(context.Background(), &checks.Env{Workspace: ws, Policy: testPolicy(), OfflineDB: db, Changed: tc.changed})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.Rule)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("changed %v: findings %v, want %v", tc.changed, got, tc.want)
		}
		if res.Inventory == nil || len(res.Inventory.Packages) != 6 {
			t.Errorf("changed %v: the inventory must stay whole for the SBOM, got %+v", tc.changed, res.Inventory)
		}
		if !slices.ContainsFunc(res.Notes, func(n finding.Note) bool { return strings.Contains(n.Message, "CI's full scan checks them") }) {
			t.Errorf("changed %v: no note says what was not matched: %+v", tc.changed, res.Notes)
		}
	}
}

// TestGitDependencyIsNotedNotAnError: an npm package installed from a git URL has no
// version (osv-scalibr gives it the GIT ecosystem): it cannot be matched by version
// range, so it is named in a note instead of failing the check for a missing GIT
// database, and the registry packages beside it are still matched.
func TestGitDependencyIsNotedNotAnError(t *testing.T) {
	root := t.TempDir()
	testutil.WriteFile(t, root, "package-lock.json", `{
  "name": "app",
  "version": "1.0.0",
  "lockfileVersion": 1,
  "requires": true,
  "dependencies": {
    "@angular/dev-infra-private": {
      "version": "git+https://github.com/angular/dev-infra-private-builds.git#e4a13cfd135ec766dc9148ba4fe4d3ac76d94137",
      "from": "git+https://github.com/angular/dev-infra-private-builds.git#e4a13cfd135ec766dc9148ba4fe4d3ac76d94137",
      "dev": true
    },
    "lodash": {
      "version": "4.17.20",
      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz",
      "integrity": "sha512-PlhdFcillOINfeV7Ni6oF1TAEayyZBoZ8bcshTHqOYJYlrqzRK5hRpJ6NCUKgZYVXGbANoZ1GjAjF40pLpe9dNrQ=="
    }
  }
}
`)
	db := buildDB(t, "osv-scalibr", "npm")
	res, err := runCheck(t, testCheck(), root, testPolicy(), db)
	if err != nil {
		t.Fatalf("a git dependency made the check fail: %v", err)
	}
	got := byRule(res.Findings)
	if _, ok := got["GHSA-35jh-r3h4-6jhm lodash"]; !ok {
		t.Errorf("lodash beside the git dependency was not matched: %v", got)
	}
	if !slices.ContainsFunc(res.Notes, func(n finding.Note) bool {
		return strings.Contains(n.Message, "@angular/dev-infra-private (package-lock.json)") && strings.Contains(n.Message, "no version")
	}) {
		t.Errorf("no note names the unmatched git dependency: %+v", res.Notes)
	}
}

// TestBrokenManifestIsAnError: a lockfile that does not parse hides its packages, so
// the check errors (fail.on_error decides), naming the file and the fix; a blank
// integrity field is not a crash.
func TestBrokenManifestIsAnError(t *testing.T) {
	root := t.TempDir()
	testutil.WriteFile(t, root, "web/package-lock.json", `{"name": "web", "lockfileVersion": 1, "dependencies": {"lodash": {"version": "4.17.20",}}}`)
	testutil.WriteFile(t, root, "api/package-lock.json", `{"name": "api", "lockfileVersion": 1, "dependencies": {"ms": {"version": "2.1.3", "integrity": " "}}}`)
	db := buildDB(t, "osv-scalibr", "npm")
	res, err := runCheck(t, testCheck(), root, testPolicy(), db)
	if err == nil || !strings.Contains(err.Error(), "web/package-lock.json") || !strings.Contains(err.Error(), "fix its syntax") {
		t.Fatalf("want an error naming web/package-lock.json and the fix, got %v", err)
	}
	if res == nil || res.Inventory == nil || !slices.ContainsFunc(res.Inventory.Packages, func(p inventory.Package) bool { return p.Name == "ms" }) {
		t.Errorf("the readable lockfile beside the broken one was not inventoried: %+v", res)
	}
}

// TestStdlibAtAnotherToolchainIsNotCalledUnreachable: with `toolchain go1.22.0` the
// standard library is judged at 1.22.0, but govulncheck runs with the local Go; its
// silence about GO-2024-2687 (fixed in 1.22.2) must not become "not reachable", a
// downgrade, or a not_affected VEX statement.
func TestStdlibAtAnotherToolchainIsNotCalledUnreachable(t *testing.T) {
	root := copyRepo(t, "deps-vulnerable")
	testutil.WriteFile(t, root, "go.mod", "module example.com/depsvulnerable\n\ngo 1.22\n\ntoolchain go1.22.0\n\nrequire golang.org/x/text v0.3.7\n")
	db := buildDB(t, "osv-scalibr", "Go", "npm", "PyPI")
	res, err := runCheck(t, testCheck(), root, testPolicy(), db)
	if err != nil {
		t.Fatal(err)
	}
	f, ok := byRule(res.Findings)["GO-2024-2687 stdlib"]
	if !ok {
		t.Fatalf("stdlib@1.22.0 is not reported as affected by GO-2024-2687: %v", byRule(res.Findings))
	}
	if f.Reachable != nil || !strings.Contains(f.Message, "Reachability unknown") {
		t.Errorf("reachable = %v, message %q: want unknown, saying why", ptr(f.Reachable), f.Message)
	}
	if doc := VEXDocument(res.Findings, testApp, time.Unix(0, 0)); strings.Contains(string(doc), "GO-2024-2687") {
		t.Errorf("the VEX document clears a stdlib vulnerability govulncheck never judged:\n%s", doc)
	}
}

// TestVEXOnlyWhenNoModuleReachesIt: in a monorepo where module a reaches a vulnerable
// package and module b does not, the VEX document must not declare the package
// not_affected (a consumer would then hide a's reachable bug).
func TestVEXOnlyWhenNoModuleReachesIt(t *testing.T) {
	yes, no := true, false
	pkg := &finding.Package{Ecosystem: "Go", Name: "golang.org/x/text", Version: "0.3.7", PURL: "pkg:golang/golang.org/x/text@0.3.7"}
	f := func(path string, reach *bool, rule string) finding.Finding {
		return finding.Finding{Check: Name, Rule: rule, Path: path, Package: pkg, Reachable: reach}
	}
	doc := string(VEXDocument([]finding.Finding{
		f("a/go.mod", &yes, "GO-2022-1059"), f("b/go.mod", &no, "GO-2022-1059"),
		f("a/go.mod", &no, "GO-2026-5970"), f("b/go.mod", &no, "GO-2026-5970"),
	}, testApp, time.Unix(0, 0)))
	if strings.Contains(doc, "GO-2022-1059") {
		t.Errorf("a vulnerability module a reaches is declared not_affected:\n%s", doc)
	}
	if !strings.Contains(doc, "GO-2026-5970") {
		t.Errorf("a vulnerability no module reaches is missing:\n%s", doc)
	}
}

// TestOnePackageTwiceInOneManifestIsOneFinding: a requirements.txt that pins the same
// version under two environment markers gives one finding per vulnerability, at the
// first line.
func TestOnePackageTwiceInOneManifestIsOneFinding(t *testing.T) {
	root := t.TempDir()
	testutil.WriteFile(t, root, "requirements.txt", "jinja2==2.11.2; python_version < \"3.8\"\njinja2==2.11.2; python_version >= \"3.8\"\n")
	db := buildDB(t, "osv-scalibr", "PyPI")
	res, err := runCheck(t, testCheck(), root, testPolicy(), db)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, f := range res.Findings {
		if f.Rule == "GHSA-g3rq-g295-4j3m" {
			lines = append(lines, f.Line)
		}
	}
	if !slices.Equal(lines, []int{1}) {
		t.Errorf("GHSA-g3rq-g295-4j3m at lines %v, want once at line 1", lines)
	}
}

// runVendored vendors root's dependencies (go mod vendor, offline) and runs the check
// with an empty module cache, as a Tekton step without network or cache workspace.
func runVendored(t *testing.T, root string) (*checks.Result, error) {
	t.Helper()
	vendor := exec.Command("go", "mod", "vendor")
	vendor.Dir = root
	vendor.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	if out, err := vendor.CombinedOutput(); err != nil {
		t.Fatalf("go mod vendor: %v\n%s", err, out)
	}
	db := buildDB(t, "osv-scalibr", "Go", "npm", "PyPI")
	c := NewWithOptions(Options{GoVersion: "1.26.8", GoEnv: []string{"GOPROXY=off", "GOMODCACHE=" + t.TempDir()}})
	return runCheck(t, c, root, testPolicy(), db)
}

// TestVendoredModuleIsAnalysedWithoutAModuleCache: a module whose dependencies are
// vendored is analysed offline from vendor/, with an empty module cache (a Tekton step
// without network or cache workspace).
func TestVendoredModuleIsAnalysedWithoutAModuleCache(t *testing.T) {
	root := copyRepo(t, "deps-vulnerable")
	res, err := runVendored(t, root)
	if err != nil {
		t.Fatalf("a vendored module could not be analysed without a module cache: %v", err)
	}
	if f, ok := byRule(res.Findings)["GO-2022-1059 golang.org/x/text"]; !ok || f.Reachable == nil || !*f.Reachable {
		t.Errorf("GO-2022-1059 = %+v, want it reachable", f)
	}
}

// TestVendoredModuleWithCgoPackageKeepsReachability: in a vendored module with a
// package made only of cgo files and no module cache, the cgo gap is sorted out from
// the same go list as everything else, in govulncheck's environment (-mod=vendor).
// Before, it came from a second go list with -mod=readonly, which looked for the
// dependencies in the empty module cache: main (it imports golang.org/x/text) counted
// as importing the cgo package, only other was analysed, and the vulnerability main
// calls came out "reachability unknown" instead of reachable.
func TestVendoredModuleWithCgoPackageKeepsReachability(t *testing.T) {
	root := copyRepo(t, "deps-vulnerable")
	testutil.WriteFile(t, root, "native/native.go", "// Package native needs cgo.\npackage native\n\n// #include <stdlib.h>\nimport \"C\"\n\n// Free frees nothing.\nfunc Free() {}\n")
	testutil.WriteFile(t, root, "lib/lib.go", "// Package lib uses native.\npackage lib\n\nimport \"example.com/depsvulnerable/native\"\n\n// Free calls native.\nfunc Free() { native.Free() }\n")
	testutil.WriteFile(t, root, "other/other.go", "// Package other imports no vulnerable code.\npackage other\n\nimport \"strings\"\n\n// Up upper-cases s.\nfunc Up(s string) string { return strings.ToUpper(s) }\n")
	res, err := runVendored(t, root)
	if err != nil {
		t.Fatal(err)
	}
	var note string
	for _, n := range res.Notes {
		if n.Kind == "cgo" {
			note = n.Message
		}
	}
	if !strings.Contains(note, "package(s) example.com/depsvulnerable/native could not be analysed") || !strings.Contains(note, "importing them: example.com/depsvulnerable/lib;") ||
		!strings.Contains(note, "the other 2 package(s) were analysed") {
		t.Errorf("cgo note: %q", note)
	}
	if f, ok := byRule(res.Findings)["GO-2022-1059 golang.org/x/text"]; !ok || f.Reachable == nil || !*f.Reachable {
		t.Errorf("GO-2022-1059 = %+v, want it reachable (main calls language.Parse and does not need cgo)", f)
	}
}

// TestUnwritableGoCacheIsNamed: when the go command cannot create its build cache (a
// read-only home in a container), the error says so instead of suggesting a download.
func TestUnwritableGoCacheIsNamed(t *testing.T) {
	root := copyRepo(t, "deps-vulnerable")
	blocker := filepath.Join(t.TempDir(), "file")
	testutil.WriteFile(t, filepath.Dir(blocker), "file", "")
	db := buildDB(t, "osv-scalibr", "Go", "npm", "PyPI")
	c := NewWithOptions(Options{GoVersion: "1.26.8", GoEnv: []string{"GOPROXY=off", "GOCACHE=" + filepath.Join(blocker, "go-build")}})
	_, err := runCheck(t, c, root, testPolicy(), db)
	if err == nil || !strings.Contains(err.Error(), "could not create or write its build or module cache") || strings.Contains(err.Error(), "go mod download") {
		t.Fatalf("err = %v, want it to name the unwritable cache", err)
	}
}

// TestKnownLicenseTexts: the texts goLicenses recognises without licensecheck are the
// files their hashes name, and licensecheck says of each what the table says.
func TestKnownLicenseTexts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "licenses", "*.txt"))
	if err != nil || len(files) != 6 {
		t.Fatalf("testdata/licenses: %v, %v", files, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		name := hex.EncodeToString(sum[:])
		if name+".txt" != filepath.Base(f) {
			t.Errorf("%s has SHA-256 %s", f, name)
		}
		want, ok := knownLicenseText(name)
		if !ok {
			t.Errorf("%s is not in knownLicenseText", f)
		}
		cov := licensecheck.Scan(b)
		var got []string
		if cov.Percent >= 75 {
			for _, m := range cov.Match {
				got = append(got, m.ID)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: licensecheck says %v (%.0f%%), the table %v", f, got, cov.Percent, want)
		}
		// Through goLicenses, from a module cache.
		cache := t.TempDir()
		dir := filepath.Join(cache, "example.com", "m@v1.0.0")
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "LICENSE"), b, 0o644)
		noScan := func([]byte) licensecheck.Coverage {
			t.Errorf("%s: licensecheck ran on a known text", f)
			return licensecheck.Coverage{}
		}
		if got := (&licenseClassifier{modCache: cache, scan: noScan}).goLicenses("example.com/m", "1.0.0"); !slices.Equal(got, want) {
			t.Errorf("goLicenses with %s = %v, want %v", f, got, want)
		}
	}
}

// TestReplaceOutsideTheRepositoryIsNotRead: a pull request's go.mod replacing a module
// with a folder outside the repository (an absolute path, or a link inside the
// repository leading out) would make the go command read that runner folder's Go
// files, and what they import judge the findings (here the folder's package imports
// nothing, so GO-2022-1059 would be "not imported" and downgraded). The module is not
// analysed; its findings stay, with reachability unknown and the go.mod line named.
func TestReplaceOutsideTheRepositoryIsNotRead(t *testing.T) {
	outside := t.TempDir()
	testutil.WriteFile(t, outside, "go.mod", "module example.com/helper\n\ngo 1.22\n")
	testutil.WriteFile(t, outside, "helper.go", "// Package helper is a folder outside the repository.\npackage helper\n\n// V is a value.\nconst V = 1\n")
	for name, target := range map[string]string{"absolute": outside, "link": "./helper"} {
		t.Run(name, func(t *testing.T) {
			root := copyRepo(t, "deps-vulnerable")
			for _, f := range []string{"package-lock.json", "poetry.lock"} {
				if err := os.Remove(filepath.Join(root, f)); err != nil {
					t.Fatal(err)
				}
			}
			if name == "link" {
				if err := os.Symlink(outside, filepath.Join(root, "helper")); err != nil {
					t.Fatal(err)
				}
			}
			testutil.WriteFile(t, root, "go.mod", "module example.com/depsvulnerable\n\ngo 1.22\n\nrequire (\n\texample.com/helper v0.0.0\n\tgolang.org/x/text v0.3.7\n)\n\nreplace example.com/helper => "+target+"\n")
			testutil.WriteFile(t, root, "main.go", "// Command depsvulnerable uses the helper.\npackage main\n\nimport \"example.com/helper\"\n\nfunc main() { println(helper.V) }\n")
			res, err := runCheck(t, testCheck(), root, testPolicy(), buildDB(t, "osv-scalibr", "Go"))
			f, ok := byRule(res.Findings)["GO-2022-1059 golang.org/x/text"]
			if err == nil || !strings.Contains(err.Error(), "go.mod:10 replaces example.com/helper with the folder "+target+", outside the repository") {
				t.Fatalf("want the go.mod line refused, got %v (GO-2022-1059: reachable %v, %s)", err, ptr(f.Reachable), f.Message)
			}
			if name == "link" && strings.Contains(err.Error(), outside) {
				t.Errorf("the error names the runner's folder: %v", err)
			}
			if !ok || f.Reachable != nil {
				t.Errorf("the finding must stay, with reachability unknown: %+v", f)
			}
		})
	}
}
