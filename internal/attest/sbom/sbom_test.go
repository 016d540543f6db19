package sbom

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdxlib"

	"github.com/shiftgate/shiftgate/internal/attest/source"
	"github.com/shiftgate/shiftgate/internal/inventory"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func yes() *bool { t := true; return &t }
func no() *bool  { f := false; return &f }

// polyglot is the inventory of a repository with a lockfile in each of five
// ecosystems, the way the deps check records them.
func polyglot() *inventory.Inventory {
	return &inventory.Inventory{Packages: []inventory.Package{
		{Ecosystem: "Go", Name: "github.com/gorilla/mux", Version: "v1.8.0", PURL: "pkg:golang/github.com/gorilla/mux@v1.8.0",
			Locations: []inventory.Location{{Path: "go.mod", Line: 5}}, Direct: yes(),
			Hashes: map[string]string{"h1": "pEj5IeQJVPHBOVAOtWp3WaMrCQ2AwcIc7IMxcIMkSSk="}},
		{Ecosystem: "Go", Name: "golang.org/x/text", Version: "v0.3.7", PURL: "pkg:golang/golang.org/x/text@v0.3.7",
			Locations: []inventory.Location{{Path: "go.mod", Line: 8}}, Direct: no()},
		{Ecosystem: "Maven", Name: "org.apache.logging.log4j:log4j-core", Version: "2.14.1",
			PURL:      "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
			Locations: []inventory.Location{{Path: "java/pom.xml", Line: 12}}, Direct: yes(), Licenses: []string{"Apache-2.0"}},
		{Ecosystem: "PyPI", Name: "flask", Version: "2.0.1", PURL: "pkg:pypi/flask@2.0.1",
			Locations: []inventory.Location{{Path: "py/requirements.txt", Line: 1}}, Direct: yes(), Licenses: []string{"BSD-3-Clause"},
			Hashes:    map[string]string{"sha256": "1c4c257b1892aec1398784c63791cbaa43062f1f7aeb555c4da961b20ee68f55"},
			DependsOn: []string{"pkg:pypi/werkzeug@2.0.2"}},
		{Ecosystem: "PyPI", Name: "werkzeug", Version: "2.0.2", PURL: "pkg:pypi/werkzeug@2.0.2",
			Locations: []inventory.Location{{Path: "py/requirements.txt", Line: 2}}, Direct: no(), Licenses: []string{"BSD-3-Clause"}},
		{Ecosystem: "crates.io", Name: "serde", Version: "1.0.130", PURL: "pkg:cargo/serde@1.0.130",
			Locations: []inventory.Location{{Path: "rust/Cargo.lock", Line: 40}}, Direct: yes(), Licenses: []string{"MIT OR Apache-2.0"},
			Hashes: map[string]string{"SHA-256": "f12d06de37cf59146fbdecab66aa99f9fe4f78722e3607577a5375d66bd0c913"}},
		{Ecosystem: "npm", Name: "lodash", Version: "4.17.20", PURL: "pkg:npm/lodash@4.17.20",
			Locations: []inventory.Location{{Path: "web/package-lock.json", Line: 20}}, Direct: no(), Licenses: []string{"MIT"},
			Hashes: map[string]string{"SHA-512": "sha512-PlhdFcillOINfeV7Ni6oF1TAEayyZBoZ8bcshTHqOYJYlrqzRK5hagpagky5o4HfCzzd1TRkXPMFq6cKk9rGmA=="}},
		{Ecosystem: "npm", Name: "@scope/widget", Version: "1.2.3", PURL: "pkg:npm/%40scope/widget@1.2.3",
			Locations: []inventory.Location{{Path: "web/package-lock.json", Line: 8}}, Direct: yes(), Licenses: []string{"Acme Proprietary Licence"},
			DependsOn: []string{"pkg:npm/lodash@4.17.20", "pkg:npm/not-in-the-inventory@1.0.0"}},
		// The same package found again in a second lockfile: one entry, two locations.
		{Ecosystem: "npm", Name: "lodash", Version: "4.17.20", PURL: "pkg:npm/lodash@4.17.20",
			Locations: []inventory.Location{{Path: "admin/package-lock.json", Line: 30}}, Direct: no(), Licenses: []string{"MIT"}},
	}}
}

func options() Options {
	return Options{
		Source: source.Info{Name: "acme/polyglot", URL: "https://github.com/acme/polyglot", Commit: "0123456789abcdef0123456789abcdef01234567",
			Time: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC), TimeSource: "SOURCE_DATE_EPOCH"},
		ToolName: "shiftgate", ToolVersion: "v1.0.0",
	}
}

func compile(t *testing.T, main string, files ...string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	var mainID string
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("testdata", "schemas", f))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		if err := c.AddResource(id, doc); err != nil {
			t.Fatal(err)
		}
		if f == main {
			mainID = id
		}
	}
	s, err := c.Compile(mainID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func cdxSchema(t *testing.T) *jsonschema.Schema {
	return compile(t, "bom-1.6.schema.json", "bom-1.6.schema.json", "spdx.schema.json", "jsf-0.82.schema.json")
}

func spdxSchema(t *testing.T) *jsonschema.Schema {
	return compile(t, "spdx-schema-2.3.json", "spdx-schema-2.3.json")
}

func validate(t *testing.T, s *jsonschema.Schema, name string, b []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s is not JSON: %v", name, err)
	}
	if err := s.Validate(v); err != nil {
		t.Fatalf("%s does not validate against its official schema: %v", name, err)
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, got)
	}
}

// wantPurls is every locked package of every ecosystem in the polyglot inventory.
var wantPurls = []string{
	"pkg:cargo/serde@1.0.130",
	"pkg:golang/github.com/gorilla/mux@v1.8.0",
	"pkg:golang/golang.org/x/text@v0.3.7",
	"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
	"pkg:npm/%40scope/widget@1.2.3",
	"pkg:npm/lodash@4.17.20",
	"pkg:pypi/flask@2.0.1",
	"pkg:pypi/werkzeug@2.0.2",
}

type cdxDoc struct {
	SerialNumber string `json:"serialNumber"`
	Metadata     struct {
		Timestamp string `json:"timestamp"`
		Component struct {
			Name, Version, Type string
		} `json:"component"`
	} `json:"metadata"`
	Components []struct {
		Name, Version, Purl string
		Hashes              []struct{ Alg, Content string }
		Licenses            []struct {
			License    *struct{ ID, Name string } `json:"license"`
			Expression string                     `json:"expression"`
		}
		Properties []struct{ Name, Value string }
	} `json:"components"`
	Dependencies []struct {
		Ref       string   `json:"ref"`
		DependsOn []string `json:"dependsOn"`
	} `json:"dependencies"`
}

func TestCycloneDXPolyglot(t *testing.T) {
	b, err := CycloneDX(polyglot(), options())
	if err != nil {
		t.Fatal(err)
	}
	validate(t, cdxSchema(t), CycloneDXFile, b)
	golden(t, "polyglot.cdx.json", b)

	var d cdxDoc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	var purls []string
	ecosystems := map[string]bool{}
	for _, c := range d.Components {
		purls = append(purls, c.Purl)
		for _, p := range c.Properties {
			if p.Name == "shiftgate:ecosystem" {
				ecosystems[p.Value] = true
			}
		}
	}
	slices.Sort(purls)
	if strings.Join(purls, "\n") != strings.Join(wantPurls, "\n") {
		t.Errorf("components:\n%s\nwant every locked package once:\n%s", strings.Join(purls, "\n"), strings.Join(wantPurls, "\n"))
	}
	if len(ecosystems) != 5 {
		t.Errorf("ecosystems %v, want Go, Maven, PyPI, crates.io and npm", ecosystems)
	}
	if d.Metadata.Component.Name != "acme/polyglot" || d.Metadata.Component.Version != options().Source.Commit {
		t.Errorf("root component %+v, want the repository at its commit", d.Metadata.Component)
	}
	if d.Metadata.Timestamp != "2026-11-01T12:00:00Z" {
		t.Errorf("timestamp %q, want the source time", d.Metadata.Timestamp)
	}
	if !strings.HasPrefix(d.SerialNumber, "urn:uuid:") {
		t.Errorf("serial number %q", d.SerialNumber)
	}
	byName := map[string]int{}
	for i, c := range d.Components {
		byName[c.Name] = i
	}
	lodash := d.Components[byName["lodash"]]
	if len(lodash.Hashes) != 1 || lodash.Hashes[0].Alg != "SHA-512" || !strings.HasPrefix(lodash.Hashes[0].Content, "3e585d15c8a594e20d7de57b362ea8") {
		t.Errorf("lodash hashes %+v, want npm's sha512 integrity in hex", lodash.Hashes)
	}
	locs := 0
	for _, p := range lodash.Properties {
		if p.Name == "shiftgate:location" {
			locs++
		}
	}
	if locs != 2 {
		t.Errorf("lodash has %d locations, want both lockfiles", locs)
	}
	if mux := d.Components[byName["github.com/gorilla/mux"]]; len(mux.Hashes) != 0 {
		t.Errorf("Go's h1: directory hash is not a file hash and must be left out, got %+v", mux.Hashes)
	}
	if serde := d.Components[byName["serde"]]; len(serde.Licenses) != 1 || serde.Licenses[0].Expression != "MIT OR Apache-2.0" {
		t.Errorf("serde licenses %+v, want the expression", serde.Licenses)
	}
	if w := d.Components[byName["@scope/widget"]]; len(w.Licenses) != 1 || w.Licenses[0].License == nil || w.Licenses[0].License.Name != "Acme Proprietary Licence" {
		t.Errorf("widget licenses %+v, want the license by name", w.Licenses)
	}
	deps := map[string][]string{}
	for _, dep := range d.Dependencies {
		deps[dep.Ref] = dep.DependsOn
	}
	if got := strings.Join(deps["pkg:npm/%40scope/widget@1.2.3"], ","); got != "pkg:npm/lodash@4.17.20" {
		t.Errorf("widget depends on %q, want lodash only (a purl outside the inventory is dropped)", got)
	}
	// The direct dependencies, and x/text: go.mod lists it as an (indirect)
	// requirement of the main module and no package records requiring it.
	if got := strings.Join(deps[rootRef], ","); got != "pkg:cargo/serde@1.0.130,pkg:golang/github.com/gorilla/mux@v1.8.0,pkg:golang/golang.org/x/text@v0.3.7,pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1,pkg:npm/%40scope/widget@1.2.3,pkg:pypi/flask@2.0.1" {
		t.Errorf("the repository depends on %q, want the direct dependencies and the unclaimed go.mod requirement", got)
	}
}

type spdxDoc struct {
	SPDXID            string `json:"SPDXID"`
	DocumentNamespace string `json:"documentNamespace"`
	CreationInfo      struct {
		Created  string   `json:"created"`
		Creators []string `json:"creators"`
	} `json:"creationInfo"`
	Packages []struct {
		SPDXID           string `json:"SPDXID"`
		Name             string `json:"name"`
		Version          string `json:"versionInfo"`
		LicenseDeclared  string `json:"licenseDeclared"`
		Checksums        []struct{ Algorithm, ChecksumValue string }
		ExternalRefs     []struct{ ReferenceType, ReferenceLocator string }
		DownloadLocation string `json:"downloadLocation"`
	} `json:"packages"`
	Relationships []struct {
		SpdxElementID      string `json:"spdxElementId"`
		RelatedSpdxElement string `json:"relatedSpdxElement"`
		RelationshipType   string `json:"relationshipType"`
	} `json:"relationships"`
	Extracted []struct{ LicenseID string } `json:"hasExtractedLicensingInfos"`
}

func TestSPDXPolyglot(t *testing.T) {
	b, err := SPDX(polyglot(), options())
	if err != nil {
		t.Fatal(err)
	}
	validate(t, spdxSchema(t), SPDXFile, b)
	golden(t, "polyglot.spdx.json", b)
	// tools-golang reads it back, and its own checks (ids, relationships) pass.
	doc, err := spdxjson.Read(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("tools-golang cannot read the SPDX document: %v", err)
	}
	if err := spdxlib.ValidateDocument(doc); err != nil {
		t.Errorf("spdxlib: %v", err)
	}

	var d spdxDoc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	var purls []string
	names := map[string]string{}
	for i, p := range d.Packages {
		names[p.SPDXID] = p.Name
		if i == 0 {
			if len(p.ExternalRefs) != 1 || p.ExternalRefs[0].ReferenceLocator != "pkg:github/acme/polyglot@0123456789abcdef0123456789abcdef01234567" {
				t.Errorf("the repository's purl: %+v", p.ExternalRefs)
			}
			continue
		}
		for _, r := range p.ExternalRefs {
			if r.ReferenceType == "purl" {
				purls = append(purls, r.ReferenceLocator)
			}
		}
	}
	slices.Sort(purls)
	if strings.Join(purls, "\n") != strings.Join(wantPurls, "\n") {
		t.Errorf("packages:\n%s\nwant every locked package once:\n%s", strings.Join(purls, "\n"), strings.Join(wantPurls, "\n"))
	}
	if len(d.Packages) != len(wantPurls)+1 || d.Packages[0].Name != "acme/polyglot" ||
		d.Packages[0].DownloadLocation != "git+https://github.com/acme/polyglot@0123456789abcdef0123456789abcdef01234567" {
		t.Errorf("want the repository first, then the %d packages; got %d, first %+v", len(wantPurls), len(d.Packages), d.Packages[0])
	}
	if !strings.HasPrefix(d.DocumentNamespace, NamespacePrefix+"acme-polyglot-") {
		t.Errorf("namespace %q", d.DocumentNamespace)
	}
	if d.CreationInfo.Created != "2026-11-01T12:00:00Z" || d.CreationInfo.Creators[0] != "Tool: shiftgate-v1.0.0" {
		t.Errorf("creation info %+v", d.CreationInfo)
	}
	var rels []string
	for _, r := range d.Relationships {
		rels = append(rels, names[r.SpdxElementID]+" "+r.RelationshipType+" "+names[r.RelatedSpdxElement])
	}
	for _, want := range []string{"acme/polyglot DEPENDS_ON flask", "flask DEPENDS_ON werkzeug", "@scope/widget DEPENDS_ON lodash", " DESCRIBES acme/polyglot"} {
		found := false
		for _, r := range rels {
			found = found || r == want
		}
		if !found {
			t.Errorf("no relationship %q in %q", want, rels)
		}
	}
	if len(d.Extracted) != 1 || d.Extracted[0].LicenseID != "LicenseRef-Acme-Proprietary-Licence" {
		t.Errorf("extracted licenses %+v, want the non-SPDX license as a LicenseRef", d.Extracted)
	}
}

// The same inventory gives the same bytes; a different one a different serial number
// and namespace.
func TestDeterministic(t *testing.T) {
	for _, f := range []func(*inventory.Inventory, Options) ([]byte, error){CycloneDX, SPDX} {
		a, err1 := f(polyglot(), options())
		b, err2 := f(polyglot(), options())
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !bytes.Equal(a, b) {
			t.Error("two runs on the same inventory differ")
		}
		inv := polyglot()
		inv.Packages = inv.Packages[1:]
		c, err := f(inv, options())
		if err != nil {
			t.Fatal(err)
		}
		id := func(b []byte) string {
			var d struct {
				SerialNumber      string `json:"serialNumber"`
				DocumentNamespace string `json:"documentNamespace"`
			}
			json.Unmarshal(b, &d)
			return d.SerialNumber + d.DocumentNamespace
		}
		if id(a) == id(c) || id(a) == "" {
			t.Errorf("serial/namespace %q did not change with the content", id(a))
		}
	}
}

// A repository without dependencies still gets valid SBOMs naming the repository.
func TestEmpty(t *testing.T) {
	o := options()
	o.Source = source.Info{Name: "local", Time: source.FixedEpoch}
	c, err := CycloneDX(nil, o)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, cdxSchema(t), CycloneDXFile, c)
	s, err := SPDX(&inventory.Inventory{}, o)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, spdxSchema(t), SPDXFile, s)
	if !bytes.Contains(c, []byte(`"timestamp": "1980-01-01T00:00:00Z"`)) {
		t.Errorf("want the fixed epoch:\n%s", c)
	}
}

// The schema validation really rejects a broken document.
func TestSchemasReject(t *testing.T) {
	c, _ := CycloneDX(polyglot(), options())
	s, _ := SPDX(polyglot(), options())
	for _, tc := range []struct {
		name   string
		schema *jsonschema.Schema
		doc    []byte
	}{
		{"CycloneDX with a bad component type", cdxSchema(t), bytes.Replace(c, []byte(`"type": "library"`), []byte(`"type": "librarry"`), 1)},
		{"CycloneDX with a bad hash", cdxSchema(t), bytes.Replace(c, []byte(`"content": "1c4c`), []byte(`"content": "zz4c`), 1)},
		{"SPDX without a download location", spdxSchema(t), bytes.Replace(s, []byte(`"downloadLocation"`), []byte(`"downloadLocatio"`), 1)},
	} {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(tc.doc))
		if err != nil {
			t.Fatal(err)
		}
		if tc.schema.Validate(v) == nil {
			t.Errorf("%s: validated, want a schema error", tc.name)
		}
	}
}

// bigInventory has n npm packages, each depending on the next.
func bigInventory(n int) *inventory.Inventory {
	inv := &inventory.Inventory{}
	for i := range n {
		name := "pkg" + strconv.Itoa(i)
		p := inventory.Package{Ecosystem: "npm", Name: name, Version: "1.0.0", PURL: "pkg:npm/" + name + "@1.0.0",
			Licenses: []string{"MIT"}, Hashes: map[string]string{"SHA-256": strings.Repeat("ab", 32)},
			Locations: []inventory.Location{{Path: "package-lock.json", Line: i + 1}}}
		if i+1 < n {
			p.DependsOn = []string{"pkg:npm/pkg" + strconv.Itoa(i+1) + "@1.0.0"}
		}
		inv.Packages = append(inv.Packages, p)
	}
	return inv
}

func BenchmarkCycloneDX5000(b *testing.B) {
	inv := bigInventory(5000)
	for b.Loop() {
		if _, err := CycloneDX(inv, options()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSPDX5000(b *testing.B) {
	inv := bigInventory(5000)
	for b.Loop() {
		if _, err := SPDX(inv, options()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCycloneDXRoundTrip: reading our CycloneDX back gives an inventory that renders
// to the same bytes, which is what lets `shiftgate merge` combine shards' SBOMs.
func TestCycloneDXRoundTrip(t *testing.T) {
	first, err := CycloneDX(polyglot(), options())
	if err != nil {
		t.Fatal(err)
	}
	inv, err := ReadCycloneDX(first)
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Packages) == 0 || inv.Packages[0].Ecosystem == "" || len(inv.Packages[0].Locations) == 0 {
		t.Fatalf("read back %+v", inv.Packages)
	}
	second, err := CycloneDX(inv, options())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("the SBOM changed on a round trip:\n%s", lineDiff(string(first), string(second)))
	}
	if _, err := ReadCycloneDX([]byte(`{"bomFormat": "SPDX"`)); err == nil {
		t.Error("a broken BOM was read")
	}
}

func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines vs %d", len(al), len(bl))
}

// TestEveryComponentReachableFromRoot: a consumer walking the dependency graph from
// the root component (CycloneDX dependencies, SPDX DESCRIBES and DEPENDS_ON) meets
// every component, also indirect Go modules, flat lockfiles and a cycle no direct
// dependency enters; and every component has a supplier or, in SPDX, NOASSERTION.
func TestEveryComponentReachableFromRoot(t *testing.T) {
	inv := polyglot()
	inv.Packages = append(inv.Packages,
		inventory.Package{Ecosystem: "npm", Name: "a", Version: "1.0.0", PURL: "pkg:npm/a@1.0.0", Direct: no(), DependsOn: []string{"pkg:npm/b@1.0.0"}},
		inventory.Package{Ecosystem: "npm", Name: "b", Version: "1.0.0", PURL: "pkg:npm/b@1.0.0", Direct: no(), DependsOn: []string{"pkg:npm/a@1.0.0"}},
		// scalibr spells Go versions without "v": the SBOM writes them with it.
		inventory.Package{Ecosystem: "Go", Name: "golang.org/x/net", Version: "0.1.0", PURL: "pkg:golang/golang.org/x/net@0.1.0", Direct: no()},
	)
	walk := func(root string, edges map[string][]string) map[string]bool {
		seen := map[string]bool{}
		stack := []string{root}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !seen[n] {
				seen[n] = true
				stack = append(stack, edges[n]...)
			}
		}
		return seen
	}

	b, err := CycloneDX(inv, options())
	if err != nil {
		t.Fatal(err)
	}
	validate(t, cdxSchema(t), CycloneDXFile, b)
	var c struct {
		Components []struct {
			Ref      string                 `json:"bom-ref"`
			Purl     string                 `json:"purl"`
			Supplier *struct{ Name string } `json:"supplier"`
		} `json:"components"`
		Dependencies []struct {
			Ref       string   `json:"ref"`
			DependsOn []string `json:"dependsOn"`
		} `json:"dependencies"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	edges := map[string][]string{}
	for _, d := range c.Dependencies {
		edges[d.Ref] = d.DependsOn
	}
	seen := walk(rootRef, edges)
	suppliers := 0
	for _, comp := range c.Components {
		if !seen[comp.Ref] {
			t.Errorf("CycloneDX: %s is not reachable from the root", comp.Ref)
		}
		if comp.Supplier != nil {
			suppliers++
		}
		if strings.HasPrefix(comp.Purl, "pkg:golang/") && !strings.Contains(comp.Purl, "@v") {
			t.Errorf("CycloneDX: Go purl %s without its v", comp.Purl)
		}
	}
	if len(c.Components) != 11 || suppliers != 5 {
		t.Errorf("CycloneDX: %d components, %d with a supplier; want 11 and 5 (three Go modules, Maven, scoped npm)", len(c.Components), suppliers)
	}

	b, err = SPDX(inv, options())
	if err != nil {
		t.Fatal(err)
	}
	validate(t, spdxSchema(t), SPDXFile, b)
	var s struct {
		Packages []struct {
			ID       string `json:"SPDXID"`
			Supplier string `json:"supplier"`
		} `json:"packages"`
		Relationships []struct {
			A    string `json:"spdxElementId"`
			B    string `json:"relatedSpdxElement"`
			Type string `json:"relationshipType"`
		} `json:"relationships"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	edges = map[string][]string{}
	for _, r := range s.Relationships {
		if r.Type == "DESCRIBES" || r.Type == "DEPENDS_ON" {
			edges[r.A] = append(edges[r.A], r.B)
		}
	}
	seen = walk("SPDXRef-DOCUMENT", edges)
	for _, p := range s.Packages {
		if !seen[p.ID] {
			t.Errorf("SPDX: %s is not reachable from the document's root", p.ID)
		}
		if p.Supplier == "" {
			t.Errorf("SPDX: %s has no supplier (want Organization: … or NOASSERTION)", p.ID)
		}
	}
}

func TestSupplier(t *testing.T) {
	for in, want := range map[string]string{
		"pkg:golang/github.com/gorilla/mux@v1.8.0":      "gorilla https://github.com/gorilla",
		"pkg:golang/golang.org/x/text@v0.3.7":           "golang.org https://golang.org",
		"pkg:golang/go.opencensus.io@v0.24.0":           "go.opencensus.io https://go.opencensus.io",
		"pkg:golang/stdlib@1.22.0":                      "The Go Authors https://go.dev",
		"pkg:npm/%40scope/widget@1.2.3":                 "@scope https://www.npmjs.com/org/scope",
		"pkg:maven/org.apache.logging.log4j/log4j-core": "org.apache.logging.log4j ",
		"pkg:github/acme/app@abc":                       "acme https://github.com/acme",
		"pkg:npm/lodash@4.17.20":                        " ",
		"pkg:pypi/flask@2.0.1":                          " ",
	} {
		name, url := supplier(in)
		if got := name + " " + url; got != want {
			t.Errorf("supplier(%s) = %q, want %q", in, got, want)
		}
	}
}
