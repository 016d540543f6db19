package container

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// CheckFixtureReport asserts what both runtime tests (the Tekton step and the Action)
// require of a scan of testdata/repos/runtime: sast and deps ran (status ok), sast
// found G402 at main.go:tlsLine and deps found GO-2022-1059.
func CheckFixtureReport(t *testing.T, report string, tlsLine int) {
	t.Helper()
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("no report: %v", err)
	}
	var doc struct {
		Checks []struct {
			Name, Status, Error string
		}
		Findings []struct {
			Check, Rule, Path string
			Line              int
			Aliases           []string
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", report, err)
	}
	for _, c := range doc.Checks {
		if (c.Name == "sast" || c.Name == "deps") && c.Status != "ok" {
			t.Errorf("check %s: status %s, want ok: %s", c.Name, c.Status, c.Error)
		}
	}
	var g402, vuln bool
	for _, f := range doc.Findings {
		g402 = g402 || (f.Check == "sast" && f.Rule == "G402" && f.Path == "main.go" && f.Line == tlsLine)
		vuln = vuln || (f.Check == "deps" && (f.Rule == "GO-2022-1059" || slices.Contains(f.Aliases, "GO-2022-1059")))
	}
	if !g402 {
		t.Errorf("no sast G402 finding at main.go:%d: %+v", tlsLine, doc.Findings)
	}
	if !vuln {
		t.Errorf("no deps finding for GO-2022-1059: %+v", doc.Findings)
	}
}
