package finding

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSeverityOrderAndParse(t *testing.T) {
	if !(Critical > High && High > Medium && Medium > Low && Low > Info && Info > Unknown) {
		t.Fatal("severities are not ordered")
	}
	for in, want := range map[string]Severity{"CRITICAL": Critical, "high": High, "Moderate": Medium, "warning": Medium, "low": Low, "note": Low, "info": Info, "none": Info} {
		got, err := ParseSeverity(in)
		if err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseSeverity("urgent"); err == nil || !strings.Contains(err.Error(), "critical, high, medium, low or info") {
		t.Errorf("bad severity error = %v", err)
	}
	b, _ := json.Marshal(struct{ S Severity }{High})
	if string(b) != `{"S":"high"}` {
		t.Errorf("JSON = %s", b)
	}
	if High.Lower() != Medium || Info.Lower() != Info {
		t.Error("Lower")
	}
}

func TestScoreVector(t *testing.T) {
	cases := map[string]struct {
		score float64
		sev   Severity
	}{
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H":                    {9.8, Critical},
		"CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N":                    {5.9, Medium},
		"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N":                    {3.3, Low},
		"AV:N/AC:L/Au:N/C:P/I:P/A:P":                                      {7.5, High},
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N": {9.3, Critical},
	}
	for vec, want := range cases {
		got, err := ScoreVector(vec)
		if err != nil {
			t.Errorf("%s: %v", vec, err)
			continue
		}
		if got != want.score || FromScore(got) != want.sev {
			t.Errorf("%s: score %.1f (%s), want %.1f (%s)", vec, got, FromScore(got), want.score, want.sev)
		}
	}
	if _, err := ScoreVector("CVSS:3.1/AV:Q"); err == nil {
		t.Error("a broken vector was scored")
	}
}

func TestFingerprintIgnoresLineNumbersAndIndentation(t *testing.T) {
	a := Finding{Check: "sast", Rule: "G201", Path: "db.go", Line: 10, Snippet: `	q := fmt.Sprintf("SELECT * FROM t WHERE id=%s", id)`}
	b := a
	b.Line = 42
	b.Snippet = `    q := fmt.Sprintf("SELECT * FROM t WHERE id=%s",   id)`
	if Fingerprint(&a) != Fingerprint(&b) {
		t.Fatal("moving or re-indenting the flagged line changed the fingerprint")
	}
	c := a
	c.Snippet = `	q := fmt.Sprintf("SELECT * FROM u WHERE id=%s", id)`
	if Fingerprint(&a) == Fingerprint(&c) {
		t.Fatal("changing the flagged code kept the fingerprint")
	}
	d := a
	d.Path = "other.go"
	if Fingerprint(&a) == Fingerprint(&d) {
		t.Fatal("another file has the same fingerprint")
	}
	e := Finding{Check: "deps", Rule: "GO-1", Path: "go.mod", Package: &Package{Ecosystem: "Go", Name: "x", Version: "1"}}
	f := e
	f.Package = &Package{Ecosystem: "Go", Name: "x", Version: "2"}
	if Fingerprint(&e) == Fingerprint(&f) {
		t.Fatal("another package version has the same fingerprint")
	}
}

func TestAssignFingerprintsNumbersRepeats(t *testing.T) {
	fs := []Finding{
		{Check: "sast", Rule: "G104", Path: "a.go", Line: 20, Snippet: "f()"},
		{Check: "sast", Rule: "G104", Path: "a.go", Line: 5, Snippet: "f()"},
		{Check: "sast", Rule: "G104", Path: "a.go", Line: 9, Snippet: "g()"},
	}
	AssignFingerprints(fs)
	if fs[0].Line != 5 || strings.Contains(fs[0].Fingerprint, ":") || !strings.HasSuffix(fs[2].Fingerprint, ":2") || fs[2].Line != 20 {
		t.Fatalf("fingerprints = %+v", fs)
	}
	if base, _, _ := strings.Cut(fs[2].Fingerprint, ":"); base != fs[0].Fingerprint {
		t.Fatal("a repeat's fingerprint does not share its base")
	}
	if len(fs[0].Fingerprint) != 32 {
		t.Fatalf("fingerprint %q is not 32 hex digits", fs[0].Fingerprint)
	}
}

func TestShortenNeverSplitsACharacter(t *testing.T) {
	s := strings.Repeat("a", 8) + "→→→"
	for max := 1; max <= 12; max++ {
		got := Shorten(s, max)
		if !utf8.ValidString(got) {
			t.Errorf("Shorten(%q, %d) = %q: invalid UTF-8", s, max, got)
		}
		if n := utf8.RuneCountInString(got); n > max {
			t.Errorf("Shorten(%q, %d) has %d characters", s, max, n)
		}
	}
	if got := Shorten(s, 10); got != "aaaaaaaa→…" {
		t.Errorf("Shorten = %q", got)
	}
	if got := Shorten(s, 11); got != s {
		t.Errorf("a string that fits was cut: %q", got)
	}
}

func TestPathContext(t *testing.T) {
	for path, want := range map[string]string{
		"main.go":                         "",
		"cmd/server/main.go":              "",
		"Dockerfile":                      "",
		"build/package/Dockerfile":        "",
		"pkg/store/store_test.go":         ContextTest,
		"test/e2e/Dockerfile":             ContextTest,
		"Dockerfile.test":                 ContextTest,
		"e2e.Dockerfile":                  ContextTest,
		"internal/x/testdata/key.pem":     ContextTestdata,
		"examples/basic/main.go":          ContextExample,
		"docs/setup.md":                   ContextDocs,
		"README.md":                       ContextDocs,
		"api/v1/zz_generated.deepcopy.go": ContextGenerated,
		"hack/tools/release.go":           ContextTooling,
		".gitpod.Dockerfile":              ContextTooling,
		"Dockerfile.dev":                  ContextTooling,
		".devcontainer/Dockerfile":        ContextTooling,
	} {
		if got, why := PathContext(path); got != want || (got != "" && why == "") {
			t.Errorf("PathContext(%q) = %q (%q), want %q", path, got, why, want)
		}
	}
}
