package deps

import (
	"strings"
	"testing"
	"time"

	"github.com/openvex/go-vex/pkg/vex"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// testApp is the application the VEX documents of these tests speak about, as the
// SBOM's root component names it.
const testApp = "pkg:golang/example.com/app@v0.0.0-20260101000000-0123456789ab"

// TestVEXDocumentMatchesInGoVex: a consumer asking go-vex, the OpenVEX reference
// implementation, "is the app affected by GO-2020-0015 through x/text v0.3.2" (the
// spelling syft, Trivy and grype use) finds our statement; asking about the library
// x/text as a product finds nothing, because no statement says the library is safe.
func TestVEXDocumentMatchesInGoVex(t *testing.T) {
	no := false
	pkg := &finding.Package{Ecosystem: "Go", Name: "golang.org/x/text", Version: "0.3.2", PURL: "pkg:golang/golang.org/x/text@0.3.2"}
	b := VEXDocument([]finding.Finding{{Check: Name, Rule: "GO-2020-0015", Aliases: []string{"CVE-2020-14040"}, Path: "go.mod", Package: pkg, Reachable: &no}}, testApp, time.Unix(0, 0))
	if b == nil {
		t.Fatal("no VEX document for an unreachable vulnerability")
	}
	validateOpenVEX(t, b)
	doc, err := vex.Parse(b)
	if err != nil {
		t.Fatalf("go-vex cannot read the document: %v\n%s", err, b)
	}
	for _, q := range []string{"GO-2020-0015", "CVE-2020-14040"} {
		if got := doc.Matches(q, testApp, []string{"pkg:golang/golang.org/x/text@v0.3.2"}); len(got) != 1 {
			t.Errorf("go-vex: %s for the app with subcomponent x/text@v0.3.2: %d statements, want 1\n%s", q, len(got), b)
		}
	}
	for _, lib := range []string{"pkg:golang/golang.org/x/text@v0.3.2", "pkg:golang/golang.org/x/text@0.3.2"} {
		if got := doc.Matches("GO-2020-0015", lib, nil); len(got) != 0 {
			t.Errorf("go-vex: a statement makes the bare library %s its product:\n%s", lib, b)
		}
	}
	if got := doc.Matches("GO-2020-0015", testApp, []string{"pkg:golang/golang.org/x/net@v0.3.2"}); len(got) != 0 {
		t.Errorf("go-vex: the statement covers another subcomponent:\n%s", b)
	}
	for _, st := range doc.Statements {
		for _, p := range st.Products {
			if p.ID != testApp || len(p.Subcomponents) == 0 {
				t.Errorf("statement product %q with %d subcomponents: want the app with the library as subcomponent", p.ID, len(p.Subcomponents))
			}
		}
	}
	if VEXDocument([]finding.Finding{{Check: Name, Rule: "GO-2020-0015", Package: pkg, Reachable: &no}}, "", time.Unix(0, 0)) != nil {
		t.Error("a VEX document without a product to name")
	}
}

// TestVEXConsumptionShapesAndSpellings: a statement written with the library as
// product or with the app as product and the library as subcomponent, with Go versions
// spelled with or without "v", suppresses the finding; a statement about another
// library does not.
func TestVEXConsumptionShapesAndSpellings(t *testing.T) {
	product := func(id string, subs ...string) string {
		s := `{"@id": "` + id + `"`
		if len(subs) > 0 {
			var parts []string
			for _, sub := range subs {
				parts = append(parts, `{"@id": "`+sub+`"}`)
			}
			s += `, "subcomponents": [` + strings.Join(parts, ",") + `]`
		}
		return s + "}"
	}
	for _, tc := range []struct {
		name, product string
		want          bool
	}{
		{"library as product, with v", product("pkg:golang/golang.org/x/text@v0.3.2"), true},
		{"library as product, without v", product("pkg:golang/golang.org/x/text@0.3.2"), true},
		{"library as product, no version", product("pkg:golang/golang.org/x/text"), true},
		{"app with subcomponent, with v", product(testApp, "pkg:golang/golang.org/x/text@v0.3.2"), true},
		{"app with subcomponent, without v", product("pkg:github/example/app@abc", "pkg:golang/golang.org/x/text@0.3.2"), true},
		{"app alone", product("pkg:github/example/app@abc"), true},
		{"another library", product("pkg:golang/golang.org/x/net@v0.3.2"), false},
		{"another version", product("pkg:golang/golang.org/x/text@v0.3.3"), false},
		{"app with another subcomponent", product(testApp, "pkg:golang/golang.org/x/net@v0.3.2"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := vex.Parse([]byte(`{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "a", "timestamp": "2026-01-01T00:00:00Z", "version": 1,
  "statements": [{"vulnerability": {"name": "GO-2020-0015"}, "products": [` + tc.product + `], "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}`))
			if err != nil {
				t.Fatal(err)
			}
			fs := []finding.Finding{{Check: Name, Rule: "GO-2020-0015", Package: &finding.Package{Ecosystem: "Go", Name: "golang.org/x/text", Version: "0.3.2", PURL: "pkg:golang/golang.org/x/text@0.3.2"}}}
			if err := applyStatement("vex.json", 0, &doc.Statements[0], fs); err != nil {
				t.Fatal(err)
			}
			if got := fs[0].Status == finding.StatusVEX; got != tc.want {
				t.Errorf("suppressed = %v, want %v", got, tc.want)
			}
		})
	}
}
