package iac

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/open-policy-agent/opa/v1/format"
)

// TestRulesAreOPAFormatted: every embedded rule file is as `opa fmt` writes it
// (go test ./checks/iac -run RulesAreOPAFormatted -update rewrites them).
func TestRulesAreOPAFormatted(t *testing.T) {
	files, err := filepath.Glob("rules/*/*.rego")
	if err != nil || len(files) == 0 {
		t.Fatalf("no rule files: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out, err := format.Source(f, src)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if bytes.Equal(out, src) {
			continue
		}
		if *update {
			if err := os.WriteFile(f, out, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s is not formatted as opa fmt would: run go test ./checks/iac -run RulesAreOPAFormatted -update", f)
	}
}
